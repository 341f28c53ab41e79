/**
 * What `npm run spec:pull` does, as a function (the CLI is scripts/upstream/pull.ts; the tests call
 * this in-process): reads the docs index, fetches every `.md` page it links, takes each page's
 * OpenAPI block (pages without one are skipped), merges the blocks (scripts/upstream/spec-merge.ts), and
 * writes
 *   - the spec (`out`, default openapi/userplane.yaml), and
 *   - the pages it merged, byte for byte, under `pages` (default `upstream/` beside the spec):
 *     `api/links/create-link.md`, by their path under the index's folder. They are the pull's
 *     evidence: "the committed spec is what the pull produces" is checked against them, whatever
 *     upstream holds on the day (tests/tooling/spec-pull.test.ts).
 * Any page that cannot be fetched or parsed, and any disagreement between pages, fails the pull
 * naming the page, before anything is written; then the spec and the pages are replaced
 * together (each by a rename), so readers never see half a pull.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { operationChanges, renderChanges, type OperationChanges } from './spec-changes.js';
import { mergeBlocks, pageBlocks, pageUrls, PullError, type PageBlock } from './spec-merge.js';
import { isMain, specPath } from '../spec.js';

export { PullError } from './spec-merge.js';

export const DOCS_INDEX = 'https://docs.userplane.io/llms.txt';

export interface PullOptions {
  /** The docs index. @default https://docs.userplane.io/llms.txt */
  from?: string;
  /** Where the spec goes. */
  out: string;
  /** Where the merged pages go. @default `upstream/` beside `out` */
  pages?: string;
  /** Per request, in ms. @default 30000 */
  timeout?: number;
}

export interface PullResult {
  /** e.g. `…/llms.txt: 5 pages, 4 with an OpenAPI block, 4 operations → openapi/userplane.yaml` */
  summary: string;
  changes: OperationChanges;
  /** The changes as Markdown (also the CLI's report). */
  report: string;
  unchanged: boolean;
}

const CONCURRENCY = 6;

async function fetchText(url: string, timeout: number): Promise<string> {
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

/** Where a page is kept: its path under the index's folder, else `<host>/<path>`. Never outside `pages`. */
export function pageFile(pageUrl: string, indexUrl: string): string {
  const page = new URL(pageUrl);
  const folder = new URL('.', indexUrl);
  const relative =
    page.origin === folder.origin && page.pathname.startsWith(folder.pathname)
      ? page.pathname.slice(folder.pathname.length)
      : `${page.host}${page.pathname}`;
  const segments = decodeURIComponent(relative).split('/');
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) {
    throw new PullError(`${pageUrl}: not a page path that can be kept (${relative})`);
  }
  return segments.join('/');
}

/** Replaces `target` (a file or a folder) with `staged`, keeping the old one until the swap is done. */
function swap(staged: string, target: string): void {
  const old = `${target}.old-${process.pid}`;
  if (existsSync(target)) renameSync(target, old);
  renameSync(staged, target);
  rmSync(old, { recursive: true, force: true });
}

export async function pullSpec(options: PullOptions): Promise<PullResult> {
  const from = options.from ?? DOCS_INDEX;
  const timeout = options.timeout ?? 30_000;
  const out = resolve(options.out);
  const pagesDir = resolve(options.pages ?? join(dirname(out), 'upstream'));

  const urls = pageUrls(await fetchText(from, timeout), from);
  if (urls.length === 0) throw new PullError(`${from}: the index links no .md page`);
  const blocks: PageBlock[] = [];
  const kept = new Map<string, string>();
  for (let i = 0; i < urls.length; i += CONCURRENCY) {
    const batch = urls.slice(i, i + CONCURRENCY);
    const pages = await Promise.all(batch.map((url) => fetchText(url, timeout)));
    pages.forEach((page, index) => {
      const url = batch[index] ?? '';
      const found = pageBlocks(url, page);
      blocks.push(...found);
      if (found.length > 0) kept.set(pageFile(url, from), page);
    });
  }
  const merged = mergeBlocks(blocks);

  const before = existsSync(out) ? readFileSync(out, 'utf8') : undefined;
  const changes = operationChanges(before === undefined ? {} : parse(before), parse(merged));
  // Stage everything beside its target (same filesystem: the renames are atomic), then swap.
  const stagedPages = `${pagesDir}.new-${process.pid}`;
  const stagedSpec = `${out}.new-${process.pid}`;
  try {
    rmSync(stagedPages, { recursive: true, force: true });
    for (const [file, page] of kept) {
      const path = join(stagedPages, file);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, page);
    }
    mkdirSync(stagedPages, { recursive: true });
    writeFileSync(stagedSpec, merged);
    swap(stagedPages, pagesDir);
    swap(stagedSpec, out);
  } finally {
    rmSync(stagedPages, { recursive: true, force: true });
    rmSync(stagedSpec, { force: true });
  }
  const unchanged = merged === before;
  return {
    summary: `${from}: ${urls.length} pages, ${kept.size} with an OpenAPI block, ${blocks.length} operations${unchanged ? ' (spec unchanged)' : ''}`,
    changes,
    report: renderChanges(changes),
    unchanged,
  };
}

/**
 * `npm run spec:pull [-- --from <index URL>] [--out <spec>] [--pages <dir>] [--summary <file>]`:
 * prints the operations added, removed and changed; `--summary` also writes them as Markdown (for
 * a pull request). On any failure nothing is written and it exits 1, naming the page.
 */
if (isMain(import.meta.url)) {
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
}
