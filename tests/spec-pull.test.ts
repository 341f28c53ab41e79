/**
 * `npm run spec:pull` against a loopback stand-in for the docs (tests/support/docs-server.ts):
 * the seed pages reproduce the committed spec byte for byte, in any order; a new page adds its
 * operation and nothing else; every broken page or disagreement fails naming the page, with
 * the output untouched.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { operationsOf } from '../scripts/spec-changes.js';
import { pageBlocks, pageUrls } from '../scripts/spec-merge.js';
import { root, specPath } from '../scripts/spec.js';
import { fixturePages, startDocsServer, upstreamShapePages, type PageReply } from './support/docs-server.js';
import { run } from './support/run.js';

const tsx = join(root, 'node_modules/.bin/tsx');
const dir = mkdtempSync(join(tmpdir(), 'userplane-pull-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const committed = readFileSync(specPath, 'utf8');
let count = 0;

/** Serves `pages`, pulls into a copy of the committed spec; returns the outcome and the copy. */
async function pull(
  pages: Map<string, PageReply>,
  extra: string[] = [],
): Promise<{ ok: boolean; stdout: string; stderr: string; spec: string }> {
  const server = await startDocsServer(pages);
  const out = join(dir, `userplane-${count++}.yaml`);
  writeFileSync(out, committed);
  try {
    const { stdout, stderr } = await run(
      tsx,
      ['scripts/spec-pull.ts', '--from', server.index, '--out', out, ...extra],
      {
        cwd: root,
      },
    );
    return { ok: true, stdout, stderr, spec: readFileSync(out, 'utf8') };
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    return { ok: false, stdout, stderr, spec: readFileSync(out, 'utf8') };
  } finally {
    await server.close();
  }
}

const seeds = (): Map<string, PageReply> => new Map(fixturePages());
const CREATE = 'api/links/create-link.md';
const createPage = fixturePages().get(CREATE) ?? '';

describe('spec:pull', () => {
  it('reproduces the committed spec byte for byte from the seed pages', async () => {
    const result = await pull(seeds());
    expect(result.stderr).toBe('');
    expect(result.spec).toBe(committed);
    expect(result.stdout).toMatch(/4 pages, 3 with an OpenAPI block, 3 operations/);
    expect(result.stdout).toMatch(/No operation changed/);
  });

  it('gives the same bytes whatever the order of the pages in the index', async () => {
    const result = await pull(new Map([...seeds()].reverse()));
    expect(result.spec).toBe(committed);
  });

  it('adds a new page’s operation and nothing else', async () => {
    const me = [...upstreamShapePages()].find(([page]) => page === 'api/me.md');
    expect(me).toBeDefined();
    const result = await pull(new Map([...seeds(), me!]));
    expect(result.ok).toBe(true);
    console.log(`spec:pull with api/me.md added:\n${result.stdout}`);
    expect(result.stdout).toMatch(/Operations added \(1\):\n- me \(GET \/public\/me\)/);
    expect(result.stdout).not.toMatch(/removed|changed/);
    const before = operationsOf(parse(committed));
    const after = operationsOf(parse(result.spec));
    expect([...after.keys()].filter((key) => !before.has(key))).toEqual(['GET /public/me']);
    for (const [key, operation] of before) expect(isDeepStrictEqual(after.get(key), operation)).toBe(true);
    const shared = (text: string): unknown => ({ ...(parse(text) as Record<string, unknown>), paths: undefined });
    expect(shared(result.spec)).toEqual(shared(committed));
  });

  it('reports a changed field as a changed operation, and a removed page as a removed one', async () => {
    const pages = seeds();
    pages.set(CREATE, createPage.replace('maxLength: 2048', 'maxLength: 1024'));
    pages.delete('api/links/delete-link.md');
    const result = await pull(pages);
    expect(result.ok).toBe(true);
    expect(result.stdout).toMatch(/Operations removed \(1\):\n- links\.delete/);
    expect(result.stdout).toMatch(/Operations changed \(1\):\n- links\.create/);
  });

  const failures: [string, (pages: Map<string, PageReply>) => void, RegExp, string[]?][] = [
    [
      'a page answering 404',
      (p) => p.set(CREATE, { status: 404 }),
      /create-link\.md: could not be fetched \(HTTP 404\)/,
    ],
    [
      'a page that never answers',
      (p) => p.set(CREATE, { hang: true }),
      /create-link\.md: could not be fetched \(no answer within 500 ms\)/,
      ['--timeout', '500'],
    ],
    [
      'a page that disagrees on servers',
      (p) => p.set(CREATE, createPage.replace('https://api.userplane.io/api/v1', 'https://api.example/v1')),
      /disagree on `servers`: .*create-link\.md and .*(update|delete)-link\.md|disagree on `servers`: .*(update|delete)-link\.md and .*create-link\.md/,
    ],
    [
      'a block that is not closed',
      (p) => p.set(CREATE, createPage.replace(/\n````\s*$/, '\n')),
      /create-link\.md: the OpenAPI block is not closed/,
    ],
    [
      'a block that is not YAML',
      (p) => p.set(CREATE, createPage.replace('paths:\n', 'paths:\n  : : [\n')),
      /create-link\.md: the OpenAPI block is not valid YAML/,
    ],
    [
      'the same operation on two pages',
      (p) => p.set('api/links/create-link-again.md', createPage),
      /POST \/public\/workspace\/\{workspaceId\}\/links is on two pages: .*create-link(-again)?\.md and .*create-link(-again)?\.md/,
    ],
  ];

  it.each(failures)('fails on %s, naming the page, with the spec untouched', async (_, change, message, extra) => {
    const pages = seeds();
    change(pages);
    const result = await pull(pages, extra);
    expect(result.ok).toBe(false);
    expect(result.stderr).toMatch(/spec:pull failed, openapi\/ left untouched/);
    expect(result.stderr).toMatch(message);
    expect(result.spec).toBe(committed);
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

  it('skips pages without an OpenAPI block, and checks a block’s header against its document', () => {
    expect(pageBlocks('u', '# Pagination\n\n```json\n{}\n```\n')).toEqual([]);
    const page = createPage.replace('````yaml POST', '````yaml PUT');
    expect(() => pageBlocks('https://docs.example/p.md', page)).toThrow(
      /p\.md: the block is headed PUT .* no such operation/,
    );
  });
});
