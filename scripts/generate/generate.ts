/**
 * `npm run generate`: rebuilds src/generated/ from the spec alone.
 *
 *   schema.ts                  openapi-typescript: `paths` / `operations` types for openapi-fetch
 *   validators.ts              @hey-api/openapi-ts (valibot plugin): request validators
 *   response-validators.ts     the same for success bodies, loaded with `validateResponses`
 *   operations.ts              the operation table the handwritten layer reads (scripts/generate/emit-table.ts)
 *   operation-types.ts         type-level facts the public types are computed from
 *   resources.ts               the `userplane.<namespace>.<method>` tree, documented from the spec
 *   error-codes.ts             the declared codes per operation and status, loaded with the first error
 *   fakes.ts                   default answers and the operation tree of userplane/testing
 *
 * Flags:
 *   --check        compare instead of write; exit 1 with the fixing command when stale
 *   --spec <file>  read another copy of the spec (default openapi/userplane.yaml)
 *   --out <dir>    write somewhere else (default src/generated)
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generate } from './codegen.js';
import { SpecError } from './model.js';
import { loadSpec, root, specPath } from '../spec.js';

/** Files that differ between `files` and `dir` (missing, changed, or not generated at all). */
function staleFiles(files: Map<string, string>, dir: string): string[] {
  const stale: string[] = [];
  for (const [name, content] of files) {
    const path = join(dir, name);
    if (!existsSync(path)) stale.push(`${name} (missing)`);
    else if (readFileSync(path, 'utf8') !== content) stale.push(`${name} (differs)`);
  }
  if (existsSync(dir)) {
    for (const name of readdirSync(dir)) if (!files.has(name)) stale.push(`${name} (not generated: remove it)`);
  }
  return stale;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      check: { type: 'boolean', default: false },
      spec: { type: 'string', default: specPath },
      out: { type: 'string', default: join(root, 'src/generated') },
    },
  });
  const started = performance.now();
  const files = await generate(loadSpec(resolve(values.spec)));
  const out = resolve(values.out);
  const where = relative(process.cwd(), out) || '.';

  if (values.check) {
    const stale = staleFiles(files, out);
    if (stale.length > 0) {
      console.error(`${where} is stale: it does not match what the spec generates.`);
      for (const line of stale) console.error(`  ${line}`);
      console.error('Fix: npm run generate   (then commit src/generated/)');
      process.exitCode = 1;
      return;
    }
    console.log(`${where} is up to date (${files.size} files).`);
    return;
  }

  mkdirSync(out, { recursive: true });
  for (const name of readdirSync(out)) if (!files.has(name)) rmSync(join(out, name));
  for (const [name, content] of files) writeFileSync(join(out, name), content);
  console.log(`Generated ${[...files.keys()].join(', ')} in ${where} (${Math.round(performance.now() - started)} ms).`);
}

try {
  await main();
} catch (error) {
  // What the SDK cannot serve: the message names the operation; a stack trace would only hide it.
  if (!(error instanceof SpecError)) throw error;
  console.error(`npm run generate refused the spec: ${error.message}`);
  process.exitCode = 1;
}
