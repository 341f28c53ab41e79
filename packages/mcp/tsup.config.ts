import { defineConfig } from 'tsup';
import { binBuild } from '../shared/tsup.bin.js';

/**
 * `npm run build` (from the repository's root, after the SDK's build): the bin, with the generated
 * tools and what it shares with the CLI bundled in; `userplane`, the MCP SDK and `redis` stay
 * dependencies, installed beside it.
 */
export default defineConfig(binBuild);
