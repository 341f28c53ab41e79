/**
 * The release workflow's version step (`npx tsx scripts/release/version.ts`): `changeset version`
 * applies the pending changesets — package.json's version, CHANGELOG.md — then the places that
 * must say the same version follow: src/shared/version.ts (the User-Agent's), and each package
 * of the repository's workspaces (packages/*), whose version is the SDK's and which depends on
 * exactly that version of `userplane` (and the MCP Bundle's manifest, which says the version too).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMain, root } from '../spec.js';

/** Writes `version` everywhere the repository states the SDK's version (package.json aside). */
export function syncVersion(at: string, version: string): string[] {
  const written: string[] = [];
  const file = join(at, 'src/shared/version.ts');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/VERSION = '[^']*'/, `VERSION = '${version}'`));
  written.push('src/shared/version.ts');
  const packages = join(at, 'packages');
  for (const name of existsSync(packages) ? readdirSync(packages) : []) {
    const path = join(packages, name, 'package.json');
    if (!existsSync(path)) continue;
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as {
      version: string;
      dependencies?: Record<string, string>;
    };
    manifest.version = version;
    if (manifest.dependencies?.['userplane'] !== undefined) manifest.dependencies['userplane'] = version;
    writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`);
    written.push(`packages/${name}/package.json`);
    // An MCP Bundle's manifest (packages/mcp/manifest.json) carries the version too.
    const bundle = join(packages, name, 'manifest.json');
    if (existsSync(bundle)) {
      writeFileSync(bundle, readFileSync(bundle, 'utf8').replace(/"version": "[^"]*"/, `"version": "${version}"`));
      written.push(`packages/${name}/manifest.json`);
    }
  }
  return written;
}

if (isMain(import.meta.url)) {
  const changeset = spawnSync(join(root, 'node_modules/.bin/changeset'), ['version'], { cwd: root, stdio: 'inherit' });
  if (changeset.status !== 0) process.exit(changeset.status ?? 1);
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  for (const file of syncVersion(root, version)) console.log(`${file}: ${version}`);
}
