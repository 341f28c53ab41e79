/**
 * `npm run spec:pull [-- --from <index URL>] [--out <spec>] [--pages <dir>] [--summary <file>]`:
 * rebuilds openapi/userplane.yaml from the docs, and keeps the pages it merged in
 * openapi/upstream/ (scripts/pull.ts). Prints the operations added, removed and changed;
 * `--summary` also writes them as Markdown (for a pull request). On any failure nothing is
 * written and it exits 1, naming the page.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DOCS_INDEX, PullError, pullSpec } from './pull.js';
import { specPath } from './spec.js';

const { values } = parseArgs({
  options: {
    from: { type: 'string', default: DOCS_INDEX },
    out: { type: 'string', default: specPath },
    pages: { type: 'string' },
    timeout: { type: 'string', default: '30000' },
    summary: { type: 'string' },
  },
});

try {
  const result = await pullSpec({
    from: values.from,
    out: values.out,
    timeout: Number(values.timeout),
    ...(values.pages === undefined ? {} : { pages: values.pages }),
  });
  console.log(result.summary);
  console.log(result.report);
  if (values.summary !== undefined) writeFileSync(values.summary, result.report + '\n');
} catch (error) {
  if (!(error instanceof PullError)) throw error;
  console.error(`spec:pull failed, openapi/ left untouched: ${error.message}`);
  process.exitCode = 1;
}
