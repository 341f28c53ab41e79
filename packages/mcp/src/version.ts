import { createRequire } from 'node:module';

/** This package's version: its package.json's, which the release keeps equal to the SDK's (scripts/release/version.ts). */
export const VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version;
