/**
 * `npx tsx scripts/release/mcpb.ts --out <file.mcpb> [--userconfig <npmrc>]`: the MCP Bundle of
 * userplane-mcp, for a one-click install in Claude Desktop — its manifest (packages/mcp/
 * manifest.json, checked with `mcpb validate`), its built bin, and its production dependencies
 * installed from the registry at the version released (the release workflow runs it after
 * publishing, and attaches the bundle to userplane-mcp's GitHub release).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { root } from '../spec.js';

const { values } = parseArgs({ options: { out: { type: 'string' }, userconfig: { type: 'string' } } });
if (values.out === undefined) throw new Error('--out <file.mcpb> is required');

function step(command: string, args: string[], cwd: string): void {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
}

const mcpb = join(root, 'node_modules/.bin/mcpb');
const stage = mkdtempSync(join(tmpdir(), 'userplane-mcpb-'));
try {
  for (const file of ['manifest.json', 'package.json', 'README.md', 'dist']) {
    cpSync(join(root, 'packages/mcp', file), join(stage, file), { recursive: true });
  }
  step(mcpb, ['validate', join(stage, 'manifest.json')], stage);
  const npmrc = values.userconfig === undefined ? [] : ['--userconfig', resolve(values.userconfig)];
  step('npm', ['install', '--omit=dev', '--no-package-lock', '--no-audit', '--no-fund', ...npmrc], stage);
  step(mcpb, ['pack', stage, resolve(values.out)], stage);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
