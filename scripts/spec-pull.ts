/**
 * `npm run spec:pull [-- --from <index URL>]`: rebuilds openapi/userplane.yaml from the docs.
 *
 * Reads the docs index (default https://docs.userplane.io/llms.txt), fetches every `.md` page it
 * links, takes each page's OpenAPI block (pages without one are skipped) and merges them
 * (scripts/spec-merge.ts). Any page that cannot be fetched or parsed, and any disagreement
 * between pages, fails the pull naming the page; the spec is written only when everything
 * succeeded, atomically (a temporary file renamed over it). Prints the operations added,
 * removed and changed; `--summary <file>` also writes them as Markdown (for a pull request).
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { operationChanges, renderChanges } from './spec-changes.js';
import { mergeBlocks, pageBlocks, pageUrls, PullError, type PageBlock } from './spec-merge.js';
import { root, specPath } from './spec.js';

const { values } = parseArgs({
  options: {
    from: { type: 'string', default: 'https://docs.userplane.io/llms.txt' },
    out: { type: 'string', default: specPath },
    timeout: { type: 'string', default: '30000' },
    summary: { type: 'string' },
  },
});
const timeout = Number(values.timeout);
const CONCURRENCY = 6;

async function fetchText(url: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, {
      signal: AbortSignal.timeout(timeout),
      headers: { Accept: 'text/markdown, text/plain' },
    });
  } catch (error) {
    const why =
      error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${timeout} ms` : String(error);
    throw new PullError(`${url}: could not be fetched (${why})`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new PullError(`${url}: could not be fetched (HTTP ${response.status})`);
  }
  return response.text();
}

async function pull(): Promise<void> {
  const index = await fetchText(values.from);
  const urls = pageUrls(index, values.from);
  if (urls.length === 0) throw new PullError(`${values.from}: the index links no .md page`);
  const blocks: PageBlock[] = [];
  let withBlock = 0;
  for (let i = 0; i < urls.length; i += CONCURRENCY) {
    const pages = await Promise.all(
      urls.slice(i, i + CONCURRENCY).map(async (url) => pageBlocks(url, await fetchText(url))),
    );
    for (const found of pages) {
      blocks.push(...found);
      if (found.length > 0) withBlock++;
    }
  }
  const merged = mergeBlocks(blocks);

  const out = resolve(values.out);
  const before = existsSync(out) ? readFileSync(out, 'utf8') : undefined;
  const changes = operationChanges(before === undefined ? {} : parse(before), parse(merged));
  if (merged !== before) {
    // Same directory, so the rename is atomic: readers see the old spec or the new one, never half.
    const temporary = join(dirname(out), `.spec-pull-${process.pid}.tmp`);
    try {
      writeFileSync(temporary, merged);
      renameSync(temporary, out);
    } finally {
      rmSync(temporary, { force: true });
    }
  }
  const where = relative(root, out);
  console.log(
    `${values.from}: ${urls.length} pages, ${withBlock} with an OpenAPI block, ${blocks.length} operations → ${where}${merged === before ? ' (unchanged)' : ''}`,
  );
  const report = renderChanges(changes);
  console.log(report);
  if (values.summary !== undefined) writeFileSync(values.summary, report + '\n');
}

try {
  await pull();
} catch (error) {
  if (!(error instanceof PullError)) throw error;
  console.error(`spec:pull failed, openapi/ left untouched: ${error.message}`);
  process.exitCode = 1;
}
