/**
 * `npm run build`: the SDK's dist/ — tsup's ESM and CommonJS builds with their declarations
 * (tsup.config.ts), the CommonJS declarations derived from the ESM ones (cjs-declarations.ts),
 * the effective spec as openapi.json (openapi-json.ts) — then every package of the
 * workspaces (packages/*) that has a build of its own.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from '../spec.js';

function step(command: string, args: string[], cwd = root): void {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`build failed: ${command} ${args.join(' ')}`);
    process.exit(result.status ?? 1);
  }
}

const bin = (name: string): string => join(root, 'node_modules/.bin', name);
step(bin('tsup'), ['--silent']);
step(bin('tsx'), ['scripts/release/cjs-declarations.ts']);
step(bin('tsx'), ['scripts/release/openapi-json.ts']);
const packages = join(root, 'packages');
for (const name of existsSync(packages) ? readdirSync(packages) : []) {
  const manifest = join(packages, name, 'package.json');
  if (!existsSync(manifest)) continue;
  const { scripts = {} } = JSON.parse(readFileSync(manifest, 'utf8')) as { scripts?: Record<string, string> };
  if (scripts['build'] !== undefined) step('npm', ['run', '--silent', 'build'], join(packages, name));
}
