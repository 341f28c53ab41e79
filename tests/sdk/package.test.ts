/**
 * The package as users meet it: `npm pack`, installed into a fresh project, then used from ESM
 * and CommonJS, type-checked under several TypeScript settings, run on Node 20/22/24, Bun and
 * Deno, and bundled into a page in headless Chromium — each making real calls against Prism.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadSpec, root } from '../../scripts/spec.js';
import { writeConsumerProject } from '../support/consumer-project.js';
import { operationIds } from '../support/fixtures.js';
import { PROGRAM_TIMEOUT, run } from '../support/run.js';

const prismUrl = inject('prismUrl');
const consumersSource = join(root, 'tests/consumers');
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Runtimes beyond the Node running the tests, installed from the npm registry on first use. */
const RUNTIMES = {
  'node 22': ['npx', '--yes', 'node@22.23.3'],
  'node 24': ['npx', '--yes', 'node@24.21.0'],
  bun: ['npx', '--yes', 'bun@1.4.5'],
  deno: ['npx', '--yes', 'deno@2.9.6', 'run', '--allow-env', '--allow-net', '--allow-read'],
} as const;

let project: string;

/** Runs a command in `cwd` with the Prism URL in the environment; returns its stdout. */
async function runIn(cwd: string, command: string, args: string[]): Promise<string> {
  const env = { ...process.env, USERPLANE_BASE_URL: prismUrl, NO_COLOR: '1' };
  return (await run(command, args, { cwd, env })).stdout;
}

/** The last line of output, parsed: the smoke scripts print one JSON line. */
function lastJson(stdout: string): Record<string, unknown> {
  const line = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as Record<string, unknown>;
}

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), 'userplane-consumers-'));
  // npm pack runs the build (prepack); the tarball is what `npm publish` would upload.
  const packed = await runIn(root, 'npm', ['pack', '--silent', '--pack-destination', project]);
  const tarball = join(project, packed.trim().split('\n').at(-1) ?? '');
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  await runIn(project, 'npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', tarball]);
  for (const file of ['smoke.mjs', 'smoke.cjs']) copyFileSync(join(consumersSource, file), join(project, file));
}, 300_000);

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

describe('installed from the tarball', () => {
  it('ships only dist/, README, LICENSE, CHANGELOG and package.json', () => {
    const installed = join(project, 'node_modules/userplane');
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { version: string };
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+/);
    for (const file of ['index', 'redis', 'testing'].flatMap((entry) =>
      ['.js', '.cjs', '.d.ts', '.d.cts'].map((ext) => `dist/${entry}${ext}`),
    )) {
      expect(existsSync(join(installed, file)), file).toBe(true);
    }
    for (const absent of ['src', 'tests', 'openapi', 'scripts', 'dist/index.js.map']) {
      expect(existsSync(join(installed, absent)), absent).toBe(false);
    }
  });

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
});

describe('userplane/redis, its own entry', () => {
  const redisUrl = inject('redisUrl');
  // The entry and its optional peers, as a user who shares a budget across processes installs them.
  const smoke = (format: 'esm' | 'cjs'): string =>
    [
      format === 'esm'
        ? "const [{ createClient }, { RedisRateLimitStore }] = await Promise.all([import('redis'), import('userplane/redis')]);"
        : "const { createClient } = require('redis'); const { RedisRateLimitStore } = require('userplane/redis');",
      `(async () => { const client = await createClient({ url: ${JSON.stringify(redisUrl)} }).connect();`,
      `const store = new RedisRateLimitStore({ client, key: 'package-test-${format}-' + Date.now() });`,
      'console.log(JSON.stringify({ turns: [await store.take(1, 60000), await store.take(1, 60000) > 0] }));',
      'await client.quit(); })();',
    ].join('\n');

  // Installs the peers from the npm registry.
  it(
    'works from ESM and CommonJS once redis and rate-limiter-flexible are installed; the SDK entry needs neither',
    { timeout: PROGRAM_TIMEOUT },
    async () => {
      // Without the peers, the SDK's own entry still loads (smoke.mjs ran above with none installed).
      expect(existsSync(join(project, 'node_modules/rate-limiter-flexible'))).toBe(false);
      await runIn(project, 'npm', [
        'install',
        '--no-audit',
        '--no-fund',
        '--no-package-lock',
        '--no-save',
        'redis@6.3.1',
        'rate-limiter-flexible@11.4.0',
      ]);
      writeFileSync(join(project, 'redis-smoke.mjs'), smoke('esm'));
      writeFileSync(join(project, 'redis-smoke.cjs'), smoke('cjs'));
      for (const file of ['redis-smoke.mjs', 'redis-smoke.cjs']) {
        expect(lastJson(await runIn(project, process.execPath, [file]))).toEqual({ turns: [0, true] });
      }
    },
  );
});

describe('userplane/testing, its own entry', () => {
  const tool = (): string => join(project, 'support-tool');
  // The tool's code for an operation upstream documents (recordings.ts: paging with `items`)
  // joins it where the spec the package is built from has that operation — in the fuller copy
  // of tests/tooling/follow-upstream.test.ts; today's spec may not.
  const withRecordings = new Set<string>(operationIds).has('recordings.list');
  const sources = withRecordings ? ['tickets.ts', 'recordings.ts'] : ['tickets.ts'];
  const tests = [
    'tickets.test.ts',
    'fake-timers.test.ts',
    'faults.test.ts',
    ...(withRecordings ? ['recordings.test.ts'] : []),
  ];
  beforeAll(() => {
    mkdirSync(tool(), { recursive: true });
    for (const file of [...sources, ...tests, 'tickets.node-test.mjs', 'timers.node-test.mjs']) {
      copyFileSync(join(consumersSource, 'support-tool', file), join(tool(), file));
    }
    writeFileSync(join(tool(), 'package.json'), JSON.stringify({ type: 'module', private: true }));
    // The README's two examples, run as written: the vitest one beside the tool's tests, the
    // node:test one (plain JavaScript) as the file it names.
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Testing your code'));
    const [vitestExample = ''] = [...section.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
    const [nodeExample = ''] = [...section.matchAll(/^```js\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
    writeFileSync(join(tool(), 'readme-example.test.ts'), vitestExample);
    writeFileSync(join(tool(), 'readme-example.node-test.mjs'), nodeExample);
    // The user's test runner: this repository's vitest, linked in as an install would put it.
    symlinkSync(join(root, 'node_modules/vitest'), join(project, 'node_modules/vitest'), 'dir');
  });

  it(
    'a support tool tests its own code with it under vitest: typed respond, fail, fault, calls, the 400',
    { timeout: PROGRAM_TIMEOUT },
    async () => {
      const out = await runIn(tool(), process.execPath, [
        join(project, 'node_modules/vitest/vitest.mjs'),
        'run',
        '--root',
        tool(),
      ]);
      // Besides the README's example (2 tests): tickets (5), fake timers (2), faults (6), recordings (2) where it joins.
      expect(out).toMatch(new RegExp(`Test Files\\s+${tests.length + 1} passed`));
      expect(out).toMatch(new RegExp(`Tests\\s+${15 + (withRecordings ? 2 : 0)} passed`));
      console.log(
        out
          .split('\n')
          .filter((line) => /ms of wall time|Duration/.test(line))
          .join('\n'),
      );
    },
  );

  it('and under node:test, from plain JavaScript', { timeout: PROGRAM_TIMEOUT }, async () => {
    const out = await runIn(tool(), process.execPath, [
      '--test',
      'tickets.node-test.mjs',
      'timers.node-test.mjs',
      'readme-example.node-test.mjs',
    ]);
    expect(out).toMatch(/# pass 9/);
    expect(out).toMatch(/# fail 0/);
    console.log(
      out
        .split('\n')
        .filter((line) => /^# (tests|pass|fail|duration_ms)/.test(line))
        .join('\n'),
    );
  });

  it(
    'type-checks; a code the operation does not declare and a field the spec does not have are compile errors',
    { timeout: PROGRAM_TIMEOUT },
    async () => {
      // One tsc run over the tests as written and a copy without their @ts-expect-error lines:
      // the first must compile clean, and the copy's two lines must be the only errors.
      const source = readFileSync(join(tool(), 'tickets.test.ts'), 'utf8');
      writeFileSync(join(tool(), 'unmarked.test.ts'), source.replace(/^\s*\/\/ @ts-expect-error.*\n/gm, ''));
      writeConsumerProject(tool(), { files: [...sources, ...tests, 'unmarked.test.ts'] });
      const failed = await run(join(root, 'node_modules/.bin/tsc'), ['-p', tool()], { cwd: tool() }).then(
        () => '',
        (error: unknown) => String(error),
      );
      rmSync(join(tool(), 'unmarked.test.ts'));
      const errors = failed.split('\n').filter((line) => /error TS\d+/.test(line));
      expect(errors).toHaveLength(2);
      expect(errors.every((line) => line.startsWith('unmarked.test.ts('))).toBe(true);
      expect(failed).toMatch(/Argument of type '"PLAN_LIMIT_EXCEEDED"' is not assignable/);
      expect(failed).toMatch(/linkColour/);
    },
  );

  it('from CommonJS too, with one copy of the client: errors are instances of userplane’s classes', async () => {
    const script = [
      "const { createFakeUserplane } = require('userplane/testing');",
      "const { UserplaneApiError, Userplane } = require('userplane');",
      '(async () => { const api = createFakeUserplane(); api.links.delete.fail("LINK_GONE");',
      "const err = await api.client().links.delete({ workspaceId: 'ws_1', linkId: 'lnk_1' }).catch((e) => e);",
      'console.log(JSON.stringify({ instance: err instanceof UserplaneApiError, client: api.client() instanceof Userplane, code: err.code })); })();',
    ].join('\n');
    writeFileSync(join(project, 'testing-smoke.cjs'), script);
    writeFileSync(
      join(project, 'testing-smoke.mjs'),
      script.replace(
        "const { createFakeUserplane } = require('userplane/testing');\nconst { UserplaneApiError, Userplane } = require('userplane');",
        "import { createFakeUserplane } from 'userplane/testing';\nimport { UserplaneApiError, Userplane } from 'userplane';",
      ),
    );
    for (const file of ['testing-smoke.cjs', 'testing-smoke.mjs']) {
      expect(lastJson(await runIn(project, process.execPath, [file])), file).toEqual({
        instance: true,
        client: true,
        code: 'LINK_GONE',
      });
    }
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

  it.each(Object.entries(settings))(
    'type-check: %s',
    { timeout: PROGRAM_TIMEOUT },
    async (name, { type, compilerOptions }) => {
      const dir = join(project, `ts-${name.replace(/\W+/g, '-')}`);
      mkdirSync(dir, { recursive: true });
      copyFileSync(join(consumersSource, 'consumer.ts'), join(dir, 'consumer.ts'));
      writeConsumerProject(dir, { type, compilerOptions, files: ['consumer.ts'] });
      await runIn(dir, join(root, 'node_modules/.bin/tsc'), ['-p', dir]);
    },
  );
});

describe('runtimes', () => {
  it(`node ${process.versions.node.split('.')[0]!} (the one running the tests)`, async () => {
    expect(lastJson(await runIn(project, process.execPath, ['smoke.mjs'])).runtime).toBe(`node ${process.version}`);
  });

  it.each(Object.entries(RUNTIMES))('%s', { timeout: PROGRAM_TIMEOUT }, async (name, [command, ...args]) => {
    const result = lastJson(await runIn(project, command, [...args, 'smoke.mjs']));
    expect(result).toMatchObject({
      created: 'string',
      deleted: 200,
      narrowed: '404 WORKSPACE_NOT_FOUND',
      refused: 'validation',
    });
    expect(String(result['runtime'])).toContain(name.split(' ')[0]!);
  });
});

describe('browser (headless Chromium)', () => {
  let site: Server | undefined;
  afterAll(() => site?.close());

  // scripts/test.ts installs Debian's chromium when it can; CI always has it.
  // In CI a missing chromium fails the test rather than skipping it.
  it.runIf(existsSync(CHROMIUM) || process.env['CI'] === 'true')(
    'refused without the opt-in, working with it',
    { timeout: 120_000 },
    async () => {
      const bundle = await build({
        entryPoints: [join(consumersSource, 'browser-entry.mjs')],
        absWorkingDir: project,
        nodePaths: [join(project, 'node_modules')],
        bundle: true,
        format: 'esm',
        platform: 'browser',
        write: false,
        logLevel: 'silent',
      });
      const script = bundle.outputFiles[0]!.text;
      site = createServer((req, res) => {
        if (req.url?.startsWith('/bundle.js')) {
          res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
        } else {
          res
            .writeHead(200, { 'content-type': 'text/html' })
            .end('<!doctype html><script type="module" src="/bundle.js"></script>');
        }
      });
      await new Promise<void>((resolve) => site!.listen(0, '127.0.0.1', resolve));
      const pageUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/?api=${encodeURIComponent(prismUrl)}`;

      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      });
      try {
        const page = await browser.newPage();
        await page.goto(pageUrl);
        await page.waitForFunction(() => 'smoke' in window);
        const result = await page.evaluate(() => (window as unknown as { smoke: Promise<unknown> }).smoke);
        expect(result).toMatchObject({
          refused: expect.stringMatching(/Refusing to run in a browser/) as unknown,
          created: 'string',
          deleted: 200,
          narrowed: '404 WORKSPACE_NOT_FOUND',
        });
        expect((result as { userAgent: string }).userAgent).toMatch(/HeadlessChrome/);
      } finally {
        await browser.close();
      }
    },
  );
});
