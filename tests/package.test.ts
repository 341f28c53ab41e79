/**
 * The package as users meet it: `npm pack`, installed into a fresh project, then used from ESM
 * and CommonJS, type-checked under several TypeScript settings, run on Node 20/22/24, Bun and
 * Deno, and bundled into a page in headless Chromium — each making real calls against Prism.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { root } from '../scripts/spec.js';
import { run } from './support/run.js';

const prismUrl = inject('prismUrl');
const consumersSource = join(root, 'tests/package/consumers');
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
    for (const file of ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts']) {
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

  it('works from ESM and CommonJS once redis and rate-limiter-flexible are installed; the SDK entry needs neither', async () => {
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

  it.each(Object.entries(settings))('type-check: %s', async (name, { type, compilerOptions }) => {
    const dir = join(project, `ts-${name.replace(/\W+/g, '-')}`);
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(consumersSource, 'consumer.ts'), join(dir, 'consumer.ts'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type }));
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'es2022',
          lib: ['es2022', 'dom'],
          types: [],
          noEmit: true,
          skipLibCheck: false,
          ...compilerOptions,
        },
        files: ['consumer.ts'],
      }),
    );
    await runIn(dir, join(root, 'node_modules/.bin/tsc'), ['-p', dir]);
  });
});

describe('runtimes', () => {
  it(`node ${process.versions.node.split('.')[0]!} (the one running the tests)`, async () => {
    expect(lastJson(await runIn(project, process.execPath, ['smoke.mjs'])).runtime).toBe(`node ${process.version}`);
  });

  it.each(Object.entries(RUNTIMES))('%s', { timeout: 300_000 }, async (name, [command, ...args]) => {
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
