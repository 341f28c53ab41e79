/**
 * The pure half of `npm run spec:pull`: finds the docs pages in the index, takes each page's
 * OpenAPI block, and merges the blocks into one document — deterministically, whatever the
 * order of the pages, and keeping upstream's YAML formatting (folded scalars, key order) so the
 * committed spec stays a faithful, diffable copy.
 */
import { isDeepStrictEqual } from 'node:util';
import { isMap, isNode, isScalar, parseDocument, YAMLMap, type Document, type Pair } from 'yaml';
import { isRecord } from '../spec.js';

export class PullError extends Error {
  override name = 'PullError';
}

/** Page URLs in the index: every Markdown link to a `.md` page, resolved, in first-seen order. */
export function pageUrls(index: string, indexUrl: string): string[] {
  const urls = new Set<string>();
  for (const match of index.matchAll(/\[[^\]\n]*\]\(([^)\s]+)\)/g)) {
    const url = new URL(match[1] ?? '', indexUrl);
    if (/\.md$/i.test(url.pathname) && /^https?:$/.test(url.protocol)) urls.add(url.href);
  }
  return [...urls];
}

export interface PageBlock {
  url: string;
  /** From the fence header, e.g. `post` and `/public/workspace/{workspaceId}/links`. */
  method: string;
  path: string;
  document: Document;
}

const FENCE_OPEN = /^````yaml[ \t]+([A-Za-z]+)[ \t]+(\S+)[ \t]*$/gm;

/** The OpenAPI blocks of one page (none for guides). Fails naming the page when a block is broken. */
export function pageBlocks(url: string, page: string): PageBlock[] {
  const blocks: PageBlock[] = [];
  for (const open of page.matchAll(FENCE_OPEN)) {
    const start = open.index + open[0].length + 1;
    const end = page.indexOf('\n````', start - 1);
    if (end === -1) throw new PullError(`${url}: the OpenAPI block is not closed`);
    const document = parseDocument(page.slice(start, end + 1), { uniqueKeys: true });
    if (document.errors.length > 0) {
      throw new PullError(`${url}: the OpenAPI block is not valid YAML: ${document.errors[0]?.message ?? ''}`);
    }
    const method = (open[1] ?? '').toLowerCase();
    const path = open[2] ?? '';
    const operation: unknown = document.getIn(['paths', path, method]);
    if (!isMap(operation)) {
      throw new PullError(
        `${url}: the block is headed ${method.toUpperCase()} ${path}, but its document has no such operation`,
      );
    }
    blocks.push({ url, method, path, document });
  }
  return blocks;
}

/** OpenAPI's order of methods, so a path's operations always come out the same way. */
const METHOD_ORDER = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function keyOf(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
}

function sortKey(block: PageBlock): string {
  return `${block.path}\u0000${String(METHOD_ORDER.indexOf(block.method)).padStart(2, '0')}`;
}

/**
 * One document from every block. Shared parts (`openapi`, `info`, `servers`, `security`, any
 * other top-level field) must be equal on every page; `components` entries must agree where
 * two pages define the same one; a path+method may come from one page only. The first
 * operation's page (by path, then method) gives the shared parts their formatting.
 */
export function mergeBlocks(blocks: PageBlock[]): string {
  if (blocks.length === 0) throw new PullError('no page of the index has an OpenAPI block');
  const sorted = [...blocks].sort((a, b) => compare(sortKey(a), sortKey(b)) || compare(a.url, b.url));
  const [base] = sorted;
  if (base === undefined) throw new PullError('no OpenAPI block');
  const shared = new Map<string, { url: string; value: unknown }>();
  const components = new Map<string, { url: string; value: unknown; pair: Pair }>();
  const operations = new Map<string, { url: string; pair: Pair; path: string; method: string }>();

  for (const block of sorted) {
    const json: unknown = block.document.toJS();
    if (!isRecord(json)) throw new PullError(`${block.url}: the OpenAPI block is not a YAML mapping`);
    for (const [field, value] of Object.entries(json)) {
      if (field === 'paths' || field === 'components') continue;
      const seen = shared.get(field);
      if (seen === undefined && block !== base) {
        throw new PullError(`the pages disagree on \`${field}\`: ${block.url} has it, ${base.url} lacks it`);
      }
      if (seen === undefined) shared.set(field, { url: block.url, value });
      else if (!isDeepStrictEqual(seen.value, value)) {
        throw new PullError(`the pages disagree on \`${field}\`: ${seen.url} and ${block.url}`);
      }
    }
    for (const [field, seen] of shared) {
      if (!(field in json))
        throw new PullError(`the pages disagree on \`${field}\`: ${seen.url} has it, ${block.url} lacks it`);
    }
    const sections = block.document.get('components');
    if (isMap(sections)) {
      for (const section of sections.items) {
        if (!isMap(section.value)) continue;
        for (const entry of section.value.items) {
          const name = `components.${keyOf(section)}.${keyOf(entry)}`;
          const value: unknown = isNode(entry.value) ? entry.value.toJSON() : entry.value;
          const seen = components.get(name);
          if (seen === undefined) components.set(name, { url: block.url, value, pair: entry });
          else if (!isDeepStrictEqual(seen.value, value)) {
            throw new PullError(`the pages disagree on \`${name}\`: ${seen.url} and ${block.url}`);
          }
        }
      }
    }
    const paths = block.document.get('paths');
    if (!isMap(paths)) throw new PullError(`${block.url}: the OpenAPI block has no paths`);
    for (const pathPair of paths.items) {
      if (!isMap(pathPair.value)) continue;
      for (const methodPair of pathPair.value.items) {
        const key = `${keyOf(methodPair).toUpperCase()} ${keyOf(pathPair)}`;
        const seen = operations.get(key);
        if (seen !== undefined) throw new PullError(`${key} is on two pages: ${seen.url} and ${block.url}`);
        operations.set(key, { url: block.url, pair: methodPair, path: keyOf(pathPair), method: keyOf(methodPair) });
      }
    }
  }
  return render(base.document, [...operations.values()], [...components.entries()]);
}

function render(
  base: Document,
  operations: { pair: Pair; path: string; method: string }[],
  components: [string, { pair: Pair }][],
): string {
  const document = base.clone();
  const paths = new YAMLMap();
  const ordered = [...operations].sort(
    (a, b) => compare(a.path, b.path) || METHOD_ORDER.indexOf(a.method) - METHOD_ORDER.indexOf(b.method),
  );
  const items = new Map<string, YAMLMap>();
  for (const { pair, path } of ordered) {
    let item = items.get(path);
    if (item === undefined) {
      item = new YAMLMap();
      items.set(path, item);
      paths.set(path, item);
    }
    item.items.push(pair);
  }
  document.set('paths', paths);
  if (components.length > 0) {
    const sections = new YAMLMap();
    const maps = new Map<string, YAMLMap>();
    for (const [name, { pair }] of components.sort((a, b) => compare(a[0], b[0]))) {
      const section = name.split('.')[1] ?? '';
      let map = maps.get(section);
      if (map === undefined) {
        map = new YAMLMap();
        maps.set(section, map);
        sections.set(section, map);
      }
      map.items.push(pair);
    }
    document.set('components', sections);
  }
  return document.toString();
}
