/**
 * `npm run spec:pull` (scripts/upstream/pull.ts) against a loopback stand-in for the docs
 * (tests/support/docs-server.ts):
 *   - the committed spec is exactly what the pull produces from the pages it kept in
 *     openapi/upstream/ — whatever upstream held the day it was pulled;
 *   - the mechanism, on the seed pages (a fixture of the pull, not of today's spec): the same
 *     pages give the same bytes in any order; a new page adds its operation and nothing else;
 *     every broken page or disagreement fails naming the page, with nothing written.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { pageFile, pullSpec, PullError, type PullResult } from '../../scripts/upstream/pull.js';
import { operationsOf } from '../../scripts/upstream/spec-changes.js';
import { pageBlocks, pageUrls } from '../../scripts/upstream/spec-merge.js';
import { root, specPath } from '../../scripts/spec.js';
import { fixturePages, startDocsServer, upstreamShapePages, type PageReply } from '../support/docs-server.js';

const dir = mkdtempSync(join(tmpdir(), 'userplane-pull-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

let count = 0;
interface Pulled {
  folder: string;
  result: PullResult | undefined;
  error: PullError | undefined;
  spec: string;
  pages: Map<string, string>;
}

/** Every file under `folder`, by its path relative to it. */
function filesUnder(folder: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (at: string): void => {
    for (const name of readdirSync(at).sort()) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(folder, path), readFileSync(path, 'utf8'));
    }
  };
  walk(folder);
  return files;
}

/** Serves `pages`, pulls into a folder of its own (starting from `base`, when given). */
async function pull(pages: Map<string, PageReply>, base?: string, timeout?: number): Promise<Pulled> {
  const server = await startDocsServer(pages);
  const folder = join(dir, `pull-${count++}`);
  const out = join(folder, 'userplane.yaml');
  if (base !== undefined) cpSync(base, folder, { recursive: true });
  try {
    const result = await pullSpec({ from: server.index, out, ...(timeout === undefined ? {} : { timeout }) });
    return {
      folder,
      result,
      error: undefined,
      spec: readFileSync(out, 'utf8'),
      pages: filesUnder(join(folder, 'upstream')),
    };
  } catch (error) {
    if (!(error instanceof PullError)) throw error;
    const spec = base === undefined ? '' : readFileSync(out, 'utf8');
    return {
      folder,
      result: undefined,
      error,
      spec,
      pages: base === undefined ? new Map<string, string>() : filesUnder(join(folder, 'upstream')),
    };
  } finally {
    await server.close();
  }
}

describe('the committed spec', () => {
  it('is byte for byte what the pull produces from the pages it kept (openapi/upstream/)', async () => {
    const kept = filesUnder(join(root, 'openapi/upstream'));
    expect(kept.size).toBeGreaterThan(0);
    const pulled = await pull(new Map(kept));
    expect(pulled.error).toBeUndefined();
    expect(pulled.spec).toBe(readFileSync(specPath, 'utf8'));
    expect(pulled.pages).toEqual(kept);
    console.log(pulled.result?.summary);
  });
});

describe('spec:pull, on the seed pages', () => {
  const seeds = (): Map<string, PageReply> => new Map(fixturePages());
  const [firstSeed = '', firstPage = ''] =
    [...fixturePages()].find(([, page]) => pageBlocks('x', page).length > 0) ?? [];
  let base = '';
  beforeAll(async () => {
    const seeded = await pull(seeds());
    expect(seeded.error).toBeUndefined();
    base = seeded.folder;
  });

  it('keeps exactly the pages with an OpenAPI block, verbatim', () => {
    const pulled = filesUnder(join(base, 'upstream'));
    const withBlock = [...fixturePages()].filter(([, page]) => pageBlocks('x', page).length > 0);
    expect(pulled).toEqual(new Map(withBlock));
  });

  it('gives the same bytes whatever the order of the pages in the index, and reports nothing changed', async () => {
    const reversed = await pull(new Map([...seeds()].reverse()), base);
    expect(reversed.spec).toBe(readFileSync(join(base, 'userplane.yaml'), 'utf8'));
    expect(reversed.result?.report).toBe('No operation changed.');
  });

  it('adds a new page’s operation and nothing else', async () => {
    const before = readFileSync(join(base, 'userplane.yaml'), 'utf8');
    const known = operationsOf(parse(before));
    // A page whose operation the seeds do not have.
    const extra = [...upstreamShapePages()].find(([, page]) =>
      pageBlocks('x', page).every((block) => !known.has(`${block.method.toUpperCase()} ${block.path}`)),
    );
    expect(extra).toBeDefined();
    const pulled = await pull(new Map([...seeds(), extra!]), base);
    console.log(`spec:pull with ${extra![0]} added:\n${pulled.result?.report ?? ''}`);
    expect(pulled.result?.changes.added).toHaveLength(1);
    expect(pulled.result?.changes).toMatchObject({ removed: [], changed: [], shared: [] });
    const after = operationsOf(parse(pulled.spec));
    for (const [key, operation] of known) expect(isDeepStrictEqual(after.get(key), operation)).toBe(true);
    expect(pulled.pages.get(extra![0])).toBe(extra![1]);
  });

  it('reports a changed field as a changed operation, and a removed page as a removed one', async () => {
    const pages = seeds();
    const others = [...fixturePages()]
      .filter(([page, text]) => page !== firstSeed && pageBlocks('x', text).length > 0)
      .map(([page]) => page);
    const removed = others[0] ?? '';
    pages.set(firstSeed, firstPage.replace(/summary: (.*)/, 'summary: $1 (reworded)'));
    pages.delete(removed);
    const pulled = await pull(pages, base);
    expect(pulled.result?.changes.removed).toHaveLength(1);
    expect(pulled.result?.changes.changed).toHaveLength(1);
    expect(pulled.pages.has(removed)).toBe(false);
  });

  const failures: [string, (pages: Map<string, PageReply>) => void, RegExp, number?][] = [
    ['a page answering 404', (p) => p.set(firstSeed, { status: 404 }), /\.md: could not be fetched \(HTTP 404\)/],
    [
      'a page that never answers',
      (p) => p.set(firstSeed, { hang: true }),
      /\.md: could not be fetched \(no answer within 300 ms\)/,
      300,
    ],
    [
      'a page that disagrees on servers',
      (p) => p.set(firstSeed, firstPage.replace(/(servers:\n\s+- url: )\S+/, '$1https://api.example/v1')),
      /the pages disagree on `servers`/,
    ],
    [
      'a block that is not closed',
      (p) => p.set(firstSeed, firstPage.replace(/\n````\s*$/, '\n')),
      /\.md: the OpenAPI block is not closed/,
    ],
    [
      'a block that is not YAML',
      (p) => p.set(firstSeed, firstPage.replace('paths:\n', 'paths:\n  : : [\n')),
      /\.md: the OpenAPI block is not valid YAML/,
    ],
    [
      'the same operation on two pages',
      (p) => p.set(firstSeed.replace(/\.md$/, '-again.md'), firstPage),
      / is on two pages: .*\.md and .*\.md/,
    ],
  ];

  it.each(failures)('fails on %s, naming the page, with nothing written', async (_, change, message, timeout) => {
    const pages = seeds();
    change(pages);
    const before = filesUnder(base);
    const pulled = await pull(pages, base, timeout);
    expect(pulled.error?.message).toMatch(message);
    expect(filesUnder(pulled.folder)).toEqual(before);
  });
});

describe('the index and the pages', () => {
  it('takes every Markdown link to a .md page, resolved against the index, once', () => {
    const index = [
      '- [Create](https://docs.example/api/links/create-link.md): create',
      '- [Guide](/api/pagination.md): a guide',
      '- [Again](https://docs.example/api/links/create-link.md)',
      '- [Site](https://userplane.io/)',
    ].join('\n');
    expect(pageUrls(index, 'https://docs.example/llms.txt')).toEqual([
      'https://docs.example/api/links/create-link.md',
      'https://docs.example/api/pagination.md',
    ]);
  });

  it('keeps a page by its path under the index’s folder, or under its host; never outside', () => {
    expect(pageFile('https://docs.example/api/a.md', 'https://docs.example/llms.txt')).toBe('api/a.md');
    expect(pageFile('https://other.example/x/b.md', 'https://docs.example/llms.txt')).toBe('other.example/x/b.md');
    expect(() => pageFile('https://docs.example/a%2F..%2F..%2Fb.md', 'https://docs.example/llms.txt')).toThrow(
      PullError,
    );
  });

  it('skips pages without an OpenAPI block, and checks a block’s header against its document', () => {
    expect(pageBlocks('u', '# Pagination\n\n```json\n{}\n```\n')).toEqual([]);
    const [, page = ''] = [...fixturePages()].find(([, text]) => /````yaml POST/.test(text)) ?? [];
    expect(() => pageBlocks('https://docs.example/p.md', page.replace('````yaml POST', '````yaml PATCH'))).toThrow(
      /p\.md: the block is headed PATCH .* no such operation/,
    );
  });
});
