/**
 * The installed package (tests/release/setup.ts) in every runtime it promises: the same smoke
 * script — create, update, delete, a narrowed error, a refused call, against Prism — on the Node
 * running the tests, Node 22 and 24, Bun and Deno (each fetched from the npm registry on first
 * use), and bundled into a page in headless Chromium. The runtimes run side by side: each waits on
 * a download or a child process, not on this process.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { root } from '../../scripts/spec.js';
import { PROGRAM_TIMEOUT } from '../support/run.js';
import { lastJson, runIn } from './installed.js';

const { consumer: project, prismUrl } = inject('release');
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Runtimes beyond the Node running the tests, installed from the npm registry on first use. */
const RUNTIMES = {
  'node 22': ['npx', '--yes', 'node@22.23.3'],
  'node 24': ['npx', '--yes', 'node@24.21.0'],
  bun: ['npx', '--yes', 'bun@1.4.5'],
  deno: ['npx', '--yes', 'deno@2.9.6', 'run', '--allow-env', '--allow-net', '--allow-read'],
} as const;

describe.concurrent('runtimes', () => {
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

  // `npm run test:release` installs Debian's chromium when it can; in CI a missing one fails the test.
  it.runIf(existsSync(CHROMIUM) || process.env['CI'] === 'true')(
    'refused without the opt-in, working with it',
    { timeout: 120_000 },
    async () => {
      const bundle = await build({
        entryPoints: [join(root, 'tests/consumers/browser-entry.mjs')],
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
        if (req.url?.startsWith('/bundle.js')) res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
        else
          res
            .writeHead(200, { 'content-type': 'text/html' })
            .end('<!doctype html><script type="module" src="/bundle.js"></script>');
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
