/** After `changeset version` bumps package.json: writes the same version into src/version.ts (the User-Agent's). */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './spec.js';

const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const file = join(root, 'src/version.ts');
writeFileSync(file, readFileSync(file, 'utf8').replace(/VERSION = '[^']*'/, `VERSION = '${version}'`));
console.log(`src/version.ts: ${version}`);
