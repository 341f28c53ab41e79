import type { Options } from 'tsup';

/**
 * How `userplane-mcp` and `userplane-cli` build their bin (each package's tsup.config.ts): one ESM
 * file for Node 20 with its own modules, its generated table and packages/shared/src bundled in,
 * its dependencies left to be installed beside it.
 */
export const binBuild: Options = {
  entry: { cli: 'src/cli.ts' },
  format: 'esm',
  platform: 'node',
  target: 'node20',
  clean: true,
  sourcemap: false,
  banner: { js: '#!/usr/bin/env node' },
};
