/**
 * A second opinion on a release bump the classifier (scripts/spec-bump.ts) calls minor or patch:
 * a consumer written from the *old* spec (scripts/type-probe.ts: every operation called with
 * every parameter, every result field read, every declared code narrowed) must still compile
 * against the SDK generated from the *new* spec. Each line that no longer compiles is a breaking
 * change the classifier missed: the bump becomes major, and the pull request body quotes the line.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from './codegen.js';
import { buildModel } from './model.js';
import { specAt } from './proposal.js';
import { classify, type Change } from './spec-bump.js';
import { loadSpec, root, specPath } from './spec.js';
import { probeTsconfig, typeProbe } from './type-probe.js';

type Json = Record<string, unknown>;

/** A long line or message, cut for a pull request body. */
const clip = (text: string, max = 160): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** At most this many broken lines are quoted; the rest are counted. */
const QUOTED = 8;

/** The lines of a consumer of `before` that do not compile against the SDK built from `after`. */
export async function brokenByNewSpec(before: Json, after: Json): Promise<Change[]> {
  const dir = mkdtempSync(join(tmpdir(), 'userplane-bump-check-'));
  try {
    // The handwritten SDK as it is, its generated code from the new spec.
    cpSync(join(root, 'src'), join(dir, 'src'), { recursive: true });
    rmSync(join(dir, 'src/generated'), { recursive: true, force: true });
    mkdirSync(join(dir, 'src/generated'));
    for (const [name, content] of await generate(after)) writeFileSync(join(dir, 'src/generated', name), content);
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
    const probe = typeProbe(buildModel(before));
    writeFileSync(join(dir, 'consumer.ts'), probe);
    writeFileSync(join(dir, 'tsconfig.json'), probeTsconfig(join(dir, 'src/index.ts'), 'consumer.ts'));
    const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', dir], {
      cwd: dir,
      encoding: 'utf8',
    });
    if (tsc.status === 0) return [];
    const lines = readFileSync(join(dir, 'consumer.ts'), 'utf8').split('\n');
    const errors = [...tsc.stdout.matchAll(/^consumer\.ts\((\d+),\d+\): error (TS\d+: .*)$/gm)];
    if (errors.length === 0) {
      // The SDK itself did not compile with the new generated code: no second opinion possible.
      return [{ bump: 'major', what: `the SDK does not compile against the new spec:\n${tsc.stdout.slice(0, 2_000)}` }];
    }
    const changes: Change[] = errors.slice(0, QUOTED).map(([, line = '0', message = '']) => ({
      bump: 'major',
      what: `a consumer of the old spec no longer compiles — line ${line}: \`${clip((lines[Number(line) - 1] ?? '').trim())}\` (${clip(message)})`,
    }));
    if (errors.length > QUOTED) {
      changes.push({ bump: 'major', what: `…and ${errors.length - QUOTED} more lines of that consumer` });
    }
    return changes;
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
