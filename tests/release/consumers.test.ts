/**
 * The package as users meet it, installed by name from the registry (tests/release/setup.ts): used
 * from ESM and CommonJS, every entry, each making real calls against Prism; `userplane/redis` with
 * its optional peers; `userplane/testing` in a support tool's own tests under vitest and node:test;
 * type-checked under several TypeScript settings, with TypeScript 5.9 and 7.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { loadSpec, root } from '../../scripts/spec.js';
import { writeConsumerProject } from '../support/consumer-project.js';
import { operationIds } from '../support/fixtures.js';
import { PROGRAM_TIMEOUT, run } from '../support/run.js';
import { lastJson, runIn } from './installed.js';
import { TYPESCRIPT } from './setup.js';

const release = inject('release');
const project = release.consumer;
const consumersSource = join(root, 'tests/consumers');

beforeAll(() => {
  for (const file of ['smoke.mjs', 'smoke.cjs']) copyFileSync(join(consumersSource, file), join(project, file));
});

describe('the SDK from ESM and CommonJS', () => {
  it('works from an ESM .mjs consumer', async () => {
    expect(lastJson(await runIn(project, process.execPath, ['smoke.mjs']))).toMatchObject({
      created: 'string',
      deleted: 200,
      narrowed: '404 WORKSPACE_NOT_FOUND',
      refused: 'validation',
    });
  });

  it('works from a CommonJS .cjs consumer', async () => {
    expect(lastJson(await runIn(project, process.execPath, ['smoke.cjs']))).toMatchObject({
      created: 'string',
      deleted: 200,
      narrowed: '410 WORKSPACE_GONE',
      config: true,
    });
  });

  it('ships the effective spec (overlay applied) as userplane/openapi.json', async () => {
    const out = await runIn(project, process.execPath, [
      '--input-type=module',
      '-e',
      "import { createRequire } from 'node:module'; const spec = createRequire(import.meta.url)('userplane/openapi.json'); console.log(JSON.stringify({ openapi: spec.openapi, paths: Object.keys(spec.paths).length }));",
    ]);
    expect(String(lastJson(out)['openapi'])).toMatch(/^3\./);
    expect(readFileSync(join(project, 'node_modules/userplane/openapi.json'), 'utf8')).toBe(
      `${JSON.stringify(loadSpec(), null, 2)}\n`,
    );
  });
});

describe('userplane/redis, its own entry, with its optional peers', () => {
  const smoke = (format: 'esm' | 'cjs'): string =>
    [
      format === 'esm'
        ? "const [{ createClient }, { RedisRateLimitStore }] = await Promise.all([import('redis'), import('userplane/redis')]);"
        : "const { createClient } = require('redis'); const { RedisRateLimitStore } = require('userplane/redis');",
      `(async () => { const client = await createClient({ url: ${JSON.stringify(release.redisUrl)} }).connect();`,
      `const store = new RedisRateLimitStore({ client, key: 'package-test-${format}-' + Date.now() });`,
      'console.log(JSON.stringify({ turns: [await store.take(1, 60000), await store.take(1, 60000) > 0] }));',
      'await client.quit(); })();',
    ].join('\n');

  it.each(['esm', 'cjs'] as const)('from %s', async (format) => {
    const file = `redis-smoke.${format === 'esm' ? 'mjs' : 'cjs'}`;
    writeFileSync(join(project, file), smoke(format));
    expect(lastJson(await runIn(project, process.execPath, [file]))).toEqual({ turns: [0, true] });
  });
});

describe('userplane/testing, its own entry', () => {
  const tool = join(project, 'support-tool');
  // The tool's code for an operation upstream documents (recordings.ts: paging with `items`)
  // joins it where the spec has that operation (the fuller copy of follow-upstream.test.ts).
  const withRecordings = new Set<string>(operationIds).has('recordings.list');
  const sources = withRecordings ? ['tickets.ts', 'recordings.ts'] : ['tickets.ts'];
  const tests = [
    'tickets.test.ts',
    'fake-timers.test.ts',
    'faults.test.ts',
    ...(withRecordings ? ['recordings.test.ts'] : []),
  ];
  beforeAll(() => {
    mkdirSync(tool, { recursive: true });
    for (const file of [...sources, ...tests, 'tickets.node-test.mjs', 'timers.node-test.mjs']) {
      copyFileSync(join(consumersSource, 'support-tool', file), join(tool, file));
    }
    writeFileSync(join(tool, 'package.json'), JSON.stringify({ type: 'module', private: true }));
    // The user's test runner: this repository's vitest, linked in as an install would put it.
    if (!existsSync(join(project, 'node_modules/vitest')))
      symlinkSync(join(root, 'node_modules/vitest'), join(project, 'node_modules/vitest'), 'dir');
  });

  it(
    'a support tool tests its own code with it under vitest: typed respond, fail, fault, calls, the 400',
    { timeout: PROGRAM_TIMEOUT },
    async () => {
      const out = await runIn(tool, process.execPath, [
        join(project, 'node_modules/vitest/vitest.mjs'),
        'run',
        '--root',
        tool,
      ]);
      // tickets (5), fake timers (2), faults (6), recordings (2) where it joins.
      expect(out).toMatch(new RegExp(`Test Files\\s+${tests.length} passed`));
      expect(out).toMatch(new RegExp(`Tests\\s+${13 + (withRecordings ? 2 : 0)} passed`));
    },
  );

  it('and under node:test, from plain JavaScript', { timeout: PROGRAM_TIMEOUT }, async () => {
    const out = await runIn(tool, process.execPath, ['--test', 'tickets.node-test.mjs', 'timers.node-test.mjs']);
    expect(out).toMatch(/# fail 0/);
    expect(out).toMatch(/# pass [1-9]/);
  });

  it(
    'type-checks; a code the operation does not declare and a field the spec does not have are compile errors',
    { timeout: PROGRAM_TIMEOUT },
    async () => {
      // One tsc run over the tests as written and a copy without their @ts-expect-error lines:
      // the first must compile clean, and the copy's two lines must be the only errors.
      const source = readFileSync(join(tool, 'tickets.test.ts'), 'utf8');
      writeFileSync(join(tool, 'unmarked.test.ts'), source.replace(/^\s*\/\/ @ts-expect-error.*\n/gm, ''));
      writeConsumerProject(tool, { files: [...sources, ...tests, 'unmarked.test.ts'] });
      const tsc = join(project, 'node_modules', TYPESCRIPT['5.9'], 'bin/tsc');
      const failed = await run(process.execPath, [tsc, '-p', tool], { cwd: tool }).then(
        () => '',
        (error: unknown) => String(error),
      );
      rmSync(join(tool, 'unmarked.test.ts'));
      const errors = failed.split('\n').filter((line) => /error TS\d+/.test(line));
      expect(errors).toHaveLength(2);
      expect(errors.every((line) => line.startsWith('unmarked.test.ts('))).toBe(true);
      expect(failed).toMatch(/Argument of type '"PLAN_LIMIT_EXCEEDED"' is not assignable/);
      expect(failed).toMatch(/linkColour/);
    },
  );

  it.each(['cjs', 'mjs'])(
    'imports every entry from .%s, with one copy of the client: errors are instances of userplane’s classes',
    async (ext) => {
      const imports =
        ext === 'cjs'
          ? "const { createFakeUserplane } = require('userplane/testing'); const { UserplaneApiError, Userplane } = require('userplane'); const { RedisRateLimitStore } = require('userplane/redis');"
          : "import { createFakeUserplane } from 'userplane/testing'; import { UserplaneApiError, Userplane } from 'userplane'; import { RedisRateLimitStore } from 'userplane/redis';";
      const script = [
        imports,
        '(async () => { const api = createFakeUserplane(); api.links.delete.fail("LINK_GONE");',
        "const err = await api.client({ maxRetries: 0 }).links.delete({ workspaceId: 'ws_1', linkId: 'lnk_1' }).catch((e) => e);",
        'console.log(JSON.stringify({ instance: err instanceof UserplaneApiError, client: api.client() instanceof Userplane, code: err.code, redis: typeof RedisRateLimitStore })); })();',
      ].join('\n');
      writeFileSync(join(project, `testing-smoke.${ext}`), script);
      expect(lastJson(await runIn(project, process.execPath, [`testing-smoke.${ext}`]))).toEqual({
        instance: true,
        client: true,
        code: 'LINK_GONE',
        redis: 'function',
      });
    },
  );
});

describe('TypeScript consumers', () => {
  const settings = {
    'node16, ESM, strict': {
      type: 'module',
      compilerOptions: { module: 'node16', moduleResolution: 'node16', strict: true },
    },
    'node16, CommonJS, strict': {
      type: 'commonjs',
      compilerOptions: { module: 'node16', moduleResolution: 'node16', strict: true },
    },
    'bundler, strict + exactOptionalPropertyTypes': {
      type: 'module',
      compilerOptions: {
        module: 'esnext',
        moduleResolution: 'bundler',
        strict: true,
        exactOptionalPropertyTypes: true,
      },
    },
    'bundler, strict off': {
      type: 'module',
      compilerOptions: { module: 'esnext', moduleResolution: 'bundler', strict: false },
    },
  } as const;
  // Every setting with TypeScript 5.9; the two node16 ones with TypeScript 7 too.
  const cases = Object.entries(settings).flatMap(([name, setting]) =>
    (Object.keys(TYPESCRIPT) as (keyof typeof TYPESCRIPT)[])
      .filter((ts) => ts === '5.9' || name.startsWith('node16'))
      .map((ts) => [`TypeScript ${ts}, ${name}`, ts, setting] as const),
  );

  it.each(cases)('type-check: %s', { timeout: PROGRAM_TIMEOUT }, async (name, ts, { type, compilerOptions }) => {
    const dir = join(project, `ts-${name.replace(/\W+/g, '-')}`);
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(consumersSource, 'consumer.ts'), join(dir, 'consumer.ts'));
    copyFileSync(join(consumersSource, 'testing.ts'), join(dir, 'testing.ts'));
    writeConsumerProject(dir, { type, compilerOptions, files: ['consumer.ts', 'testing.ts'] });
    const tsc = join(project, 'node_modules', TYPESCRIPT[ts], 'bin/tsc');
    const { stdout } = await run(process.execPath, [tsc, '--version'], { cwd: dir });
    expect(stdout).toContain(`Version ${ts}`);
    await run(process.execPath, [tsc, '-p', dir], { cwd: dir });
  });
});
