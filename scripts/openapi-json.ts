/**
 * Writes dist/openapi.json: the effective spec the package was generated from (upstream's YAML
 * with openapi/overlay.yaml applied), shipped as `userplane/openapi.json` so that users can point
 * Prism or any other tool at exactly the contract this build keeps. Run by `npm run build`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSpec, root } from './spec.js';

mkdirSync(join(root, 'dist'), { recursive: true });
writeFileSync(join(root, 'dist/openapi.json'), `${JSON.stringify(loadSpec(), null, 2)}\n`);
