/**
 * A second opinion on a release bump the classifier (scripts/upstream/spec-bump.ts) calls minor or patch:
 * a consumer written from the *old* spec (scripts/upstream/type-probe.ts: every operation called with
 * every parameter, every result field read, every declared code narrowed) must still compile
 * against the SDK generated from the *new* spec. Each line that no longer compiles is a breaking
 * change the classifier missed: the bump becomes major, and the pull request body quotes the line.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSdk } from '../generate/codegen.js';
import { buildModel } from '../generate/model.js';
import { specAt } from './proposal.js';
import { classify, type Change } from './spec-bump.js';
import { loadSpec, root, specPath } from '../spec.js';
import { probeTsconfig, typeProbe } from './type-probe.js';

type Json = Record<string, unknown>;

/** A long line or message, cut for a pull request body. */
const clip = (text: string, max = 160): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** At most this many broken lines are quoted; the rest are counted. */
const QUOTED = 8;

/** The lines of a consumer of `before` that do not compile against the SDK built from `after`. */
export async function brokenByNewSpec(before: Json, after: Json): Promise<Change[]> {
  return (await brokenByNewSpecs(before, [after]))[0] ?? [];
}

/**
 * For each spec of `afters`, the lines of a consumer of `before` that do not compile against the
 * SDK generated from it. One tsc run checks them all (each SDK in a folder of its own, its
 * consumer importing it by a relative path): TypeScript's libs and @types/node, most of a run's
 * parsing, are read once.
 */
export async function brokenByNewSpecs(before: Json, afters: Json[]): Promise<Change[][]> {
  const dir = mkdtempSync(join(tmpdir(), 'userplane-bump-check-'));
  try {
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
    const models = buildModel(before);
    const consumers: string[] = [];
    for (const [index, after] of afters.entries()) {
      // The handwritten SDK as it is, its generated code from this spec.
      const sdk = join(dir, `sdk-${index}`);
      cpSync(join(root, 'src'), join(sdk, 'src'), { recursive: true });
      rmSync(join(sdk, 'src/generated'), { recursive: true, force: true });
      mkdirSync(join(sdk, 'src/generated'));
      for (const [name, content] of await generateSdk(after)) writeFileSync(join(sdk, 'src/generated', name), content);
      consumers.push(`consumer-${index}.ts`);
      writeFileSync(join(dir, `consumer-${index}.ts`), typeProbe(models, { from: `./sdk-${index}/src/index.js` }));
    }
    writeFileSync(join(dir, 'tsconfig.json'), probeTsconfig(join(dir, 'sdk-0/src/index.ts'), consumers));
    const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', dir], {
      cwd: dir,
      encoding: 'utf8',
    });
    if (tsc.status === 0) return afters.map(() => []);
    const errors = [...tsc.stdout.matchAll(/^(consumer|sdk)-(\d+)[./].*?\((\d+),\d+\): error (TS\d+: .*)$/gm)];
    // An error tsc reports outside the folders (a config error, say) fails every build.
    const unplaced = errors.length === 0;
    return afters.map((_, index) => {
      const own = errors.filter(([, , at]) => Number(at) === index);
      if (unplaced || own.some(([, where]) => where === 'sdk')) {
        return [
          { bump: 'major', what: `the SDK does not compile against the new spec:\n${tsc.stdout.slice(0, 2_000)}` },
        ];
      }
      const lines = readFileSync(join(dir, `consumer-${index}.ts`), 'utf8').split('\n');
      const changes: Change[] = own.slice(0, QUOTED).map(([, , , line = '0', message = '']) => ({
        bump: 'major',
        what: `a consumer of the old spec no longer compiles — line ${line}: \`${clip((lines[Number(line) - 1] ?? '').trim())}\` (${clip(message)})`,
      }));
      if (own.length > QUOTED) {
        changes.push({ bump: 'major', what: `…and ${own.length - QUOTED} more lines of that consumer` });
      }
      return changes;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * For the follow-upstream workflow: when the spec diff from `base` calls for minor or patch, the
 * lines of the old spec's consumer that the new build breaks (each a major change); else none.
 */
export async function secondOpinion(base = 'HEAD'): Promise<Change[]> {
  const old = specAt(base, root);
  try {
    const before = loadSpec(old.path);
    const after = loadSpec(specPath);
    const { bump } = classify(before, after);
    if (bump !== 'minor' && bump !== 'patch') return [];
    return await brokenByNewSpec(before, after);
  } finally {
    old.dispose();
  }
}
