/**
 * Writes openapi.json, at the package's root: the effective spec the package was generated from
 * (upstream's YAML with openapi/overlay.yaml applied), shipped as `userplane/openapi.json` so that
 * users can point Prism or any other tool at exactly the contract this build keeps. At the root,
 * not in dist/: a resolver that ignores `exports` (node10's) finds `userplane/openapi.json` only
 * there. Run by `npm run build`; git ignores it, as it does dist/.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSpec, root } from '../spec.js';

writeFileSync(join(root, 'openapi.json'), `${JSON.stringify(loadSpec(), null, 2)}\n`);
