import { packageVersion } from '../../shared/src/version.js';

/** userplane-mcp's version. */
export const VERSION = packageVersion(import.meta.url);
