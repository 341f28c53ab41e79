import { defineConfig } from 'tsup';

/**
 * `npm run build` (from the repository's root, after the SDK's build): the bin, one ESM file with
 * its own modules, the generated tools and what it shares with the CLI (packages/shared/src/)
 * bundled in; `userplane`, the MCP SDK and the Redis peers
 * stay dependencies, installed beside it.
 */
export default defineConfig({
  entry: { cli: 'src/cli.ts' },
  format: 'esm',
  platform: 'node',
  target: 'node20',
  clean: true,
  sourcemap: false,
  banner: { js: '#!/usr/bin/env node' },
});
