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
 * and packages/mcp/src/generated/tools.ts, the MCP server's tools (scripts/generate/emit-tools.ts), and
 * packages/cli/src/generated/commands.ts, the CLI's commands (scripts/generate/emit-commands.ts).
 *
 * Flags:
 *   --check        compare instead of write; exit 1 with the fixing command when stale
 *   --spec <file>  read another copy of the spec (default openapi/userplane.yaml)
 *   --out <dir>    the folder standing for the repository root (default: the repository)
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generate, GENERATED_DIRS } from './codegen.js';
import { SpecError } from './model.js';
import { loadSpec, root, specPath } from '../spec.js';

/** Files that differ between `files` and what is under `at` (missing, changed, or not generated at all). */
function staleFiles(files: Map<string, string>, at: string): string[] {
  const stale: string[] = [];
  for (const [path, content] of files) {
    if (!existsSync(join(at, path))) stale.push(`${path} (missing)`);
    else if (readFileSync(join(at, path), 'utf8') !== content) stale.push(`${path} (differs)`);
  }
  for (const dir of GENERATED_DIRS) {
    if (!existsSync(join(at, dir))) continue;
    for (const name of readdirSync(join(at, dir))) {
      if (!files.has(`${dir}/${name}`)) stale.push(`${dir}/${name} (not generated: remove it)`);
    }
  }
  return stale;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      check: { type: 'boolean', default: false },
      spec: { type: 'string', default: specPath },
      out: { type: 'string', default: root },
    },
  });
  const started = performance.now();
  const files = await generate(loadSpec(resolve(values.spec)));
  const out = resolve(values.out);
  const where = `${GENERATED_DIRS.join(' and ')}${out === root ? '' : ` under ${relative(process.cwd(), out) || '.'}`}`;

  if (values.check) {
    const stale = staleFiles(files, out);
    if (stale.length > 0) {
      console.error(`${where}: stale, not what the spec generates.`);
      for (const line of stale) console.error(`  ${line}`);
      console.error(`Fix: npm run generate   (then commit ${GENERATED_DIRS.join('/ and ')}/)`);
      process.exitCode = 1;
      return;
    }
    console.log(`${where}: up to date (${files.size} files).`);
    return;
  }

  for (const dir of GENERATED_DIRS) {
    mkdirSync(join(out, dir), { recursive: true });
    for (const name of readdirSync(join(out, dir))) if (!files.has(`${dir}/${name}`)) rmSync(join(out, dir, name));
  }
  for (const [path, content] of files) writeFileSync(join(out, path), content);
  console.log(
    `Generated ${files.size} files in ${GENERATED_DIRS.join(' and ')} (${Math.round(performance.now() - started)} ms).`,
  );
}

try {
  await main();
} catch (error) {
  // What the SDK cannot serve: the message names the operation; a stack trace would only hide it.
  if (!(error instanceof SpecError)) throw error;
  console.error(`npm run generate refused the spec: ${error.message}`);
  process.exitCode = 1;
}
