import { createRequire } from 'node:module';

/**
 * The version of the package whose module is at `url` — its package.json's (`../package.json`
 * from its src/ or dist/), which the release keeps equal to the SDK's (scripts/release/version.ts).
 */
export function packageVersion(url: string): string {
  const manifest: unknown = createRequire(url)('../package.json');
  return typeof manifest === 'object' && manifest !== null && 'version' in manifest
    ? String(manifest.version)
    : '0.0.0';
}
