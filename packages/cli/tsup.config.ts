import { defineConfig } from 'tsup';

/**
 * `npm run build` (from the repository's root, after the SDK's build): the bin, one ESM file with
 * its own modules, the generated commands and what it shares with the MCP server
 * (packages/shared/src/) bundled in; `userplane`, the JMESPath library and the Redis peers stay
 * dependencies, installed beside it — each loaded only when a command needs it.
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
