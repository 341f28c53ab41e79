/** This package's version; `npm run version` keeps it equal to package.json's (tests check it). */
export const VERSION = '0.1.0';
