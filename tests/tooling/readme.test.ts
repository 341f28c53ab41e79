/**
 * Every README's examples, as a reader meets them (README.md and each workspace package's):
 *   - a ```ts block with `import` lines is a whole file; one without continues from its README's
 *     ```ts prelude block — the one prelude, stated there — and names nothing else undeclared;
 *   - every one compiles against the SDK's types (one tsc run), and runs: a test file (it imports
 *     vitest) under vitest, a ```js block importing node:test under `node --test`, every other
 *     block as a program, in order, against the live server's twin (USERPLANE_API_KEY and
 *     USERPLANE_BASE_URL set, as a reader's shell would) and a real redis-server (REDIS_URL);
 *   - ```ts upstream blocks, written for operations upstream has and this spec may not yet, where
 *     the suite runs on a fuller upstream copy (tests/tooling/follow-upstream.test.ts sets
 *     README_UPSTREAM_EXAMPLES);
 *   - every ```json block parses.
 * `userplane` resolves to the sources (src/), as it would to the installed package.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisServer } from '../../scripts/servers/redis.js';
import { sample } from '../../scripts/generate/sample.js';
import { isRecord, root } from '../../scripts/spec.js';
import { API_KEY } from '../support/fixtures.js';
import { PROGRAM_TIMEOUT, run } from '../support/run.js';
import { useTwin } from '../support/twin.js';

const upstream = process.env['README_UPSTREAM_EXAMPLES'] === '1';
const readmes = [
  'README.md',
  ...readdirSync(join(root, 'packages'))
    .map((name) => `packages/${name}/README.md`)
    .filter((path) => existsSync(join(root, path))),
];

interface Block {
  readonly readme: string;
  readonly lang: string;
  readonly info: string;
  readonly code: string;
}

const blocks: Block[] = readmes.flatMap((readme) =>
  [...readFileSync(join(root, readme), 'utf8').matchAll(/^```(\w*)[ \t]*([^\n]*)\n([\s\S]*?)^```$/gm)].map(
    ([, lang = '', info = '', code = '']) => ({ readme, lang, info: info.trim(), code }),
  ),
);
const isWholeFile = (code: string): boolean => /^import /m.test(code);
const isVitest = (code: string): boolean => /from 'vitest'/.test(code);

/** The TypeScript examples this run checks: every ```ts block, and ```ts upstream ones on a fuller spec. */
const examples = blocks
  .filter((block) => block.lang === 'ts' && (block.info === '' || (upstream && block.info === 'upstream')))
  .map((block, index) => {
    const prelude = blocks.find((b) => b.readme === block.readme && b.lang === 'ts' && b.info === 'prelude');
    if (!isWholeFile(block.code) && prelude === undefined)
      throw new Error(`${block.readme}: an example without imports, and no \`\`\`ts prelude block to continue from`);
    const code = isWholeFile(block.code) ? block.code : `${prelude?.code ?? ''}\n${block.code}`;
    const name = `example-${index + 1}${isVitest(code) ? '.test.ts' : '.mts'}`;
    return { ...block, code, name };
  });
const nodeTests = blocks.filter((block) => block.lang === 'js' && /from 'node:test'/.test(block.code));
// Outside node_modules (tsx maps `userplane` to the sources only for files outside it), with the
// project's node_modules linked in for vitest, redis and the rest.
const dir = mkdtempSync(join(tmpdir(), 'userplane-readme-'));

const twin = useTwin();
let redis: RedisServer | undefined;
beforeAll(async () => {
  redis = await startRedis();
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, type: 'module' }));
  for (const example of examples) writeFileSync(join(dir, example.name), `${example.code}\nexport {};\n`);
  nodeTests.forEach((block, index) => {
    writeFileSync(join(dir, `example-${index + 1}.test.mjs`), block.code);
  });
  const userplane = join(root, 'src/index.ts');
  const testing = join(root, 'src/testing/index.ts');
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      extends: join(root, 'tsconfig.json'),
      compilerOptions: {
        noEmit: true,
        allowJs: true,
        // `userplane` as installed: its entries; tsx reads the same paths when running them.
        paths: {
          userplane: [userplane],
          'userplane/redis': [join(root, 'src/pacing/redis.ts')],
          'userplane/testing': [testing],
        },
        typeRoots: [join(root, 'node_modules/@types')],
      },
      include: [],
      files: examples.map((example) => join(dir, example.name)),
    }),
  );
  writeFileSync(
    join(dir, 'vitest.config.mjs'),
    [
      'export default { resolve: { alias: [',
      `  { find: /^userplane\\/testing$/, replacement: ${JSON.stringify(testing)} },`,
      `  { find: /^userplane$/, replacement: ${JSON.stringify(userplane)} },`,
      '] } };',
      '',
    ].join('\n'),
  );
}, PROGRAM_TIMEOUT);
afterAll(async () => {
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The environment a reader's shell would have: the key and base URL of the API (the twin), a Redis. */
const env = (): NodeJS.ProcessEnv => ({
  ...process.env,
  USERPLANE_API_KEY: API_KEY,
  USERPLANE_BASE_URL: twin.url,
  REDIS_URL: redis?.url,
  NO_COLOR: '1',
});

describe('the READMEs’ examples', () => {
  it('there are examples to check, and every README that continues from a prelude states one', () => {
    expect(examples.length).toBeGreaterThanOrEqual(8);
    expect(nodeTests.length).toBeGreaterThanOrEqual(1);
    for (const readme of readmes) {
      expect(blocks.filter((b) => b.readme === readme && b.info === 'prelude').length, readme).toBeLessThanOrEqual(1);
    }
  });

  it('every ```json block parses', () => {
    for (const block of blocks.filter((b) => b.lang === 'json')) {
      expect(() => JSON.parse(block.code) as unknown, `${block.readme}:\n${block.code}`).not.toThrow();
    }
  });

  it('every TypeScript example compiles, with nothing undeclared', { timeout: PROGRAM_TIMEOUT }, async () => {
    await run(join(root, 'node_modules/.bin/tsc'), ['-p', dir], { cwd: dir }).catch((error: unknown) => {
      throw new Error(`README examples do not compile:\n${String(error)}`);
    });
  });

  it('every program runs, in the order the README shows them', { timeout: PROGRAM_TIMEOUT }, async () => {
    // A paged list holds a few items, as a real workspace does: a loop over every item ends.
    for (const model of twin.models.filter((m) => m.pageItems !== undefined)) {
      const body = sample(model.successes[0]?.schema);
      const data = isRecord(body) ? body['data'] : undefined;
      const items = isRecord(data) ? data[model.pageItems ?? ''] : undefined;
      if (Array.isArray(items)) twin.answer(model.operationId, { items: [items[0], items[0], items[0]] });
    }
    const programs = examples.filter((example) => !isVitest(example.code));
    // One process: each example is imported in turn, as its own module.
    const entry = join(dir, 'run-all.mts');
    writeFileSync(
      entry,
      programs
        .map((example) => `console.log('== ${example.readme} ${example.name}');\nawait import('./${example.name}');`)
        .join('\n'),
    );
    const { stdout } = await run(join(root, 'node_modules/.bin/tsx'), [entry], { cwd: dir, env: env() });
    for (const example of programs) expect(stdout).toContain(`== ${example.readme} ${example.name}`);
  });

  it('every test file passes under its runner: vitest, node --test', { timeout: PROGRAM_TIMEOUT }, async () => {
    const vitestFiles = examples.filter((example) => isVitest(example.code)).map((example) => example.name);
    const vitest = await run(
      process.execPath,
      [
        join(root, 'node_modules/vitest/vitest.mjs'),
        'run',
        '--root',
        dir,
        '--config',
        'vitest.config.mjs',
        ...vitestFiles,
      ],
      { cwd: dir, env: env() },
    );
    expect(vitest.stdout).toMatch(new RegExp(`Test Files\\s+${vitestFiles.length} passed`));
    const files = nodeTests.map((_, index) => `example-${index + 1}.test.mjs`);
    const nodeTest = await run(process.execPath, ['--import', 'tsx', '--test', ...files], { cwd: dir, env: env() });
    expect(nodeTest.stdout).toMatch(/# fail 0/);
    expect(nodeTest.stdout).not.toMatch(/# pass 0\b/);
  });
});
