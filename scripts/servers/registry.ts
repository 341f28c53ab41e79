/**
 * Starts a real npm registry — Verdaccio 6.8 (the last to run on Node 20; its `node-fetch` is
 * pinned to 2.7.0 by package.json's overrides) — on a free loopback port, its storage in a
 * temporary directory, for the release proofs (tests/release/setup.ts). `userplane`, `userplane-mcp`
 * and `userplane-cli` are served from this registry alone; every other package is proxied from the npm
 * registry, so a consumer installs both and their dependencies from one place, as from npmjs.org.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from '../spec.js';
import { freePort, stopProcess, whenReady } from './server-process.js';

export interface Registry {
  /** e.g. http://127.0.0.1:40125/ (with the slash npm writes in its config) */
  readonly url: string;
  /** An .npmrc that points npm at the registry, logged in as a publisher. */
  readonly npmrc: string;
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT = 60_000;

function config(dir: string, upstream: string): string {
  return [
    `storage: ${join(dir, 'storage')}`,
    'auth:',
    '  htpasswd:',
    `    file: ${join(dir, 'htpasswd')}`,
    '    max_users: 10',
    'uplinks:',
    '  npmjs:',
    `    url: ${upstream}`,
    '    timeout: 60s',
    'packages:',
    "  'userplane':",
    '    access: $all',
    '    publish: $authenticated',
    "  'userplane-mcp':",
    '    access: $all',
    '    publish: $authenticated',
    "  'userplane-cli':",
    '    access: $all',
    '    publish: $authenticated',
    "  '**':",
    '    access: $all',
    '    publish: $authenticated',
    '    proxy: npmjs',
    'log: { type: stdout, format: pretty, level: info }',
    '',
  ].join('\n');
}

/** Adds a user through the registry's CouchDB-style endpoint, as `npm adduser` does; returns its token. */
async function addUser(url: string): Promise<string> {
  const name = 'release-test';
  const response = await fetch(`${url}-/user/org.couchdb.user:${name}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password: 'release-test-password', type: 'user', roles: [] }),
  });
  const body: unknown = await response.json();
  const token = typeof body === 'object' && body !== null && 'token' in body ? body.token : undefined;
  if (!response.ok || typeof token !== 'string') throw new Error(`could not add a user: ${JSON.stringify(body)}`);
  return token;
}

export async function startRegistry(upstream = 'https://registry.npmjs.org/'): Promise<Registry> {
  const dir = mkdtempSync(join(tmpdir(), 'userplane-registry-'));
  writeFileSync(join(dir, 'config.yaml'), config(dir, upstream));
  const port = await freePort();
  const bin = join(root, 'node_modules/verdaccio/bin/verdaccio');
  const child = spawn(process.execPath, [bin, '--config', join(dir, 'config.yaml'), '--listen', `127.0.0.1:${port}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await whenReady(child, 'verdaccio', /http address/, STARTUP_TIMEOUT);
  const url = `http://127.0.0.1:${port}/`;
  const token = await addUser(url);
  const npmrc = join(dir, '.npmrc');
  writeFileSync(npmrc, `registry=${url}\n//127.0.0.1:${port}/:_authToken=${token}\n`);
  return {
    url,
    npmrc,
    stop: async () => {
      await stopProcess(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
