import { defineConfig } from 'tsup';
import { binBuild } from '../shared/tsup.bin.js';

/**
 * `npm run build` (from the repository's root, after the SDK's build): the bin, with the generated
 * commands and what it shares with the MCP server bundled in; `userplane`, the JMESPath library and
 * `redis` stay dependencies — each loaded only when a command needs it.
 */
export default defineConfig(binBuild);
