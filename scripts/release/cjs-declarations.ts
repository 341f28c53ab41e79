/**
 * Writes the CommonJS declarations (dist/*.d.cts) from the ESM ones (dist/*.d.ts), which tsup
 * builds once. The two differ only in the extension of relative imports (`./client-….js` →
 * `.cjs`): building them twice cost a second TypeScript program, 13 s of each build. Run by
 * `npm run build`; arethetypeswrong (`npm run check:package`) and the CommonJS consumers of
 * tests/release/consumers.test.ts checks the result.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from '../spec.js';

/** A relative module specifier ending in `.js`, in single or double quotes. */
const RELATIVE_JS = /(['"])(\.{1,2}\/[^'"]+)\.js\1/g;

function toCommonJsDeclarations(source: string): string {
  return source.replace(RELATIVE_JS, '$1$2.cjs$1');
}

const dist = join(root, 'dist');
// `npm run size` builds JavaScript only (tsup.config.ts): no declarations to derive.
const declarations = process.env['USERPLANE_BUILD_DECLARATIONS'] !== '0';
const written = readdirSync(dist).filter((file) => file.endsWith('.d.ts'));
if (declarations && written.length === 0)
  throw new Error('no dist/*.d.ts to derive the CommonJS declarations from: run tsup first');
for (const file of written) {
  const source = readFileSync(join(dist, file), 'utf8');
  writeFileSync(join(dist, file.replace(/\.d\.ts$/, '.d.cts')), toCommonJsDeclarations(source));
}
