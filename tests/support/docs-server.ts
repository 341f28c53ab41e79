/**
 * A loopback stand-in for docs.userplane.io: serves `/llms.txt` (an index linking every page
 * it holds, in the order given) and the pages themselves. Pages can be replaced, removed,
 * made to answer a status, or made to hang — what `spec:pull` must cope with.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import { root } from '../../scripts/spec.js';

export const DOCS_FIXTURES = join(root, 'tests/fixtures/docs');

/** Page path (`api/links/create-link.md`) → content, for every file under a fixture folder. */
export function fixturePages(folder: string = DOCS_FIXTURES, exclude = ['upstream-shapes']): Map<string, string> {
  const pages = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (!exclude.includes(name)) walk(path);
      } else if (name.endsWith('.md')) pages.set(relative(folder, path), readFileSync(path, 'utf8'));
    }
  };
  walk(folder);
  return pages;
}

/** The extra upstream-shaped operations (a paged list, a get by id, `me`, a search, …). */
export function upstreamShapePages(): Map<string, string> {
  return fixturePages(join(DOCS_FIXTURES, 'upstream-shapes'), []);
}

export type PageReply = string | { status: number } | { hang: true };

export interface DocsServer {
  readonly url: string;
  /** The index URL, for `spec:pull -- --from`. */
  readonly index: string;
  readonly pages: Map<string, PageReply>;
  /** Paths requested, in order. */
  readonly requested: string[];
  close(): Promise<void>;
}

export async function startDocsServer(pages: Map<string, PageReply>): Promise<DocsServer> {
  const requested: string[] = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\//, '');
    requested.push(path);
    if (path === 'llms.txt') {
      const lines = ['# Userplane', '', '## Docs', ''];
      for (const page of pages.keys()) lines.push(`- [${page}](${address}/${page}): a page`);
      res.writeHead(200, { 'content-type': 'text/plain' }).end(lines.join('\n') + '\n');
      return;
    }
    const reply = pages.get(path);
    if (reply === undefined) res.writeHead(404).end('not found');
    else if (typeof reply === 'string')
      res.writeHead(200, { 'content-type': 'text/markdown; charset=utf-8' }).end(reply);
    else if ('status' in reply) res.writeHead(reply.status).end();
    // { hang: true }: never answer
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: address,
    index: `${address}/llms.txt`,
    pages,
    requested,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
