/**
 * The package's promise to follow upstream, end to end and offline: a copy of this project runs
 * the "Follow upstream" workflow's own steps (scripts/upstream/follow-upstream.ts) against a loopback
 * docs server that serves the seed pages and upstream-shaped pages for ten more operations —
 *
 *   pull → generate → typecheck → test → changeset and pull request body
 *
 * — and every test that depends on the spec passes in the copy (`npm test` less this file and
 * the files whose outcome does not change with the spec: USERPLANE_TESTS=spec, tests/support/suites.ts; the release proofs
 * are not in `npm test`), with nothing changed outside openapi/, src/generated/ and the
 * changeset; the body lists every added operation and the bump is minor. Then a page the generator refuses: the proposal is still written, marked
 * failing, listing the changes and quoting the refusal.
 *
 * Lint is the one workflow step skipped here: CI lints main, and the copy differs from main only
 * in files eslint and prettier ignore (openapi/, src/generated/).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageBlocks } from '../../scripts/upstream/spec-merge.js';
import { root } from '../../scripts/spec.js';
import { copyProject } from '../support/copy-project.js';
import { fixturePages, startDocsServer, upstreamShapePages } from '../support/docs-server.js';
import { run } from '../support/run.js';

const copy = mkdtempSync(join(tmpdir(), 'userplane-follow-'));
const git = (...args: string[]): string => execFileSync('git', args, { cwd: copy, encoding: 'utf8' });

const tsx = join(root, 'node_modules/.bin/tsx');

/** The copy's SDK bundle, min+gzip (scripts/release/size.ts). */
async function bundleSize(): Promise<number> {
  const { stdout } = await run(tsx, ['scripts/release/size.ts', '--json'], { cwd: copy });
  return (JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { userplane: { bundle: number } }).userplane.bundle;
}
let sizeBefore = 0;

beforeAll(async () => {
  copyProject(root, copy);
  // A fixed starting point, whatever spec this checkout holds: the copy is pulled from the seed
  // pages and generated, so that the fuller pages below add exactly their operations.
  const docs = await startDocsServer(fixturePages());
  try {
    await run(tsx, ['scripts/upstream/pull.ts', '--from', docs.index], { cwd: copy });
  } finally {
    await docs.close();
  }
  await run(tsx, ['scripts/generate/generate.ts'], { cwd: copy });
  git('init', '-q');
  git('add', '-A');
  git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'before');
  sizeBefore = await bundleSize();
}, 300_000);
afterAll(() => {
  rmSync(copy, { recursive: true, force: true });
});

/** Runs the workflow's steps in the copy against `pages`; returns what they reported and printed. */
async function followUpstream(
  pages: Map<string, string>,
  extra: string[] = [],
): Promise<{ outputs: Record<string, string>; body: string; stdout: string }> {
  const docs = await startDocsServer(pages);
  const out = join(copy, '..', `${copy.split('/').at(-1) ?? ''}-outputs`);
  const bodyFile = `${out}.md`;
  rmSync(out, { force: true });
  try {
    const { stdout } = await run(
      tsx,
      ['scripts/upstream/follow-upstream.ts', '--from', docs.index, '--out', out, '--body', bodyFile, ...extra],
      {
        cwd: copy,
        env: {
          ...process.env,
          // The copy's suite: every test that depends on the spec (tests/support/suites.ts), fewer
          // generated cases (the main run has the full count):
          // 100 params an operation and 150 servers in all, split over the two seeds CI draws.
          USERPLANE_TESTS: 'spec',
          FC_RUNS: '50',
          INVARIANT_RUNS: '75',
          README_UPSTREAM_EXAMPLES: '1',
          CI: 'true',
          NO_COLOR: '1',
          FORCE_COLOR: '0',
        },
      },
    );
    const outputs = Object.fromEntries(
      readFileSync(out, 'utf8')
        .trim()
        .split('\n')
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    return { outputs, body: readFileSync(bodyFile, 'utf8'), stdout };
  } finally {
    await docs.close();
    rmSync(out, { force: true });
    rmSync(bodyFile, { force: true });
  }
}

/** The operations the pages add to the seeds. */
function added(pages: Map<string, string>): string[] {
  const seeds = new Set(
    [...fixturePages()].flatMap(([, page]) => pageBlocks('x', page).map((b) => `${b.method} ${b.path}`)),
  );
  return [...pages].flatMap(([, page]) =>
    pageBlocks('x', page)
      .filter((block) => !seeds.has(`${block.method} ${block.path}`))
      .map((block) => {
        const id: unknown = block.document.getIn(['paths', block.path, block.method, 'operationId']);
        return typeof id === 'string' ? id : '';
      }),
  );
}

describe('following a fuller upstream, as the workflow does', () => {
  const fuller = new Map([...fixturePages(), ...upstreamShapePages()]);

  it(
    'pulls ten more operations; generate, typecheck and every spec-dependent test pass in the copy; the proposal is minor',
    { timeout: 900_000 },
    async () => {
      const expected = added(fuller);
      expect(expected.length).toBeGreaterThanOrEqual(9);
      const { outputs, body, stdout } = await followUpstream(fuller, ['--skip', 'lint']);
      const summary = stdout.split('\n').filter((line) => /Test Files|Tests {2}|Type Errors|Duration/.test(line));
      console.log(`the copy's npm test:\n${summary.join('\n')}`);
      // Its slowest tests: the headroom under their timeouts, on a machine shared with the main run.
      const slow = stdout.split('\n').filter((line) => /\s\d{5,}ms\s*$/.test(line));
      console.log(`the copy's test files and tests over 10 s:\n${slow.join('\n') || '(none)'}`);
      console.log(`git diff --stat in the copy:\n${git('diff', '--stat')}`);
      console.log(`the pull request body:\n${body}`);
      expect(outputs).toMatchObject({ status: 'passing', bump: 'minor', 'failed-step': '' });
      expect(body).toMatch(new RegExp(`Operations added \\(${expected.length}\\)`));
      for (const operationId of expected) expect(body).toContain(`- ${operationId} (`);
      expect(body).not.toMatch(/Operations (removed|changed)/);
      // The copy's suite ran, and passed.
      expect(stdout).toMatch(/Test Files {2}\d+ passed/);
      const changed = git('status', '--porcelain', '--untracked-files=all').split('\n').filter(Boolean);
      for (const line of changed)
        expect(line.slice(3)).toMatch(
          /^(openapi\/|src\/generated\/|packages\/(mcp|cli)\/src\/generated\/|\.changeset\/regenerate-)/,
        );
      const changeset = changed.map((line) => line.slice(3)).find((file) => file.startsWith('.changeset/'));
      console.log(`the changeset:\n${readFileSync(join(copy, changeset ?? ''), 'utf8')}`);
      // What each added operation costs the bundle (min+gzip).
      const sizeAfter = await bundleSize();
      const perOperation = Math.round((sizeAfter - sizeBefore) / expected.length);
      console.log(
        `bundle: ${sizeBefore} B from the seeds, ${sizeAfter} B with ${expected.length} more operations: ${perOperation} B each`,
      );
      expect(perOperation).toBeLessThanOrEqual(400);
    },
  );

  it(
    'a page the generator refuses: the change is still proposed, marked failing, quoting the refusal',
    { timeout: 300_000 },
    async () => {
      git('checkout', '-q', '--', '.');
      git('clean', '-qfd');
      // An upstream-shaped page with a header parameter, which the SDK cannot serve.
      const [name, page] = [...upstreamShapePages()][0]!;
      const refused = page.replace(
        /( {6}parameters:\n)/,
        '$1        - name: X-Tenant\n          in: header\n          schema:\n            type: string\n',
      );
      const pages = new Map([...fixturePages(), [name, refused]]);
      const { outputs, body } = await followUpstream(pages);
      console.log(`the failing pull request body:\n${body}`);
      expect(outputs).toMatchObject({ status: 'failing', 'failed-step': 'generate' });
      expect(body).toMatch(/Failing: the `generate` step failed/);
      expect(body).toMatch(/npm run generate refused the spec: .*header parameter "X-Tenant" is not supported/);
      expect(body).toMatch(/Operations added \(1\)/);
    },
  );
});
