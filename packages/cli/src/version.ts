import { packageVersion } from '../../shared/src/version.js';

/** userplane-cli's version. */
export const VERSION = packageVersion(import.meta.url);
