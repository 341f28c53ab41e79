/**
 * The proof that following upstream needs no handwritten code: a copy of this project pulls
 * a spec with eight more operations of the shapes upstream uses (tests/fixtures/docs/
 * upstream-shapes: a paged list with array filters, gets by id, `me`, a search with enum query
 * parameters, a delete answering 200 or 204, paged lists with booleans) from a loopback docs
 * server, then passes generate, typecheck, lint and the generic tests — contract (every
 * operation, every declared status, on Prism), operation shapes (wire format, defaults,
 * pagination, no-content statuses), properties and types — with nothing changed outside
 * openapi/ and src/generated/.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from '../scripts/spec.js';
import { fixturePages, startDocsServer, upstreamShapePages } from './support/docs-server.js';
import { run } from './support/run.js';

const copy = mkdtempSync(join(tmpdir(), 'userplane-upstream-'));
const bin = (name: string): string => join(root, 'node_modules/.bin', name);
const git = (...args: string[]): string => execFileSync('git', args, { cwd: copy, encoding: 'utf8' });

beforeAll(() => {
  // The project as it stands (committed or not), without what git ignores.
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((file) => file !== '');
  for (const file of files) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    cpSync(join(root, file), join(copy, file));
  }
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
  git('init', '-q');
  git('add', '-A');
  git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'before');
});
afterAll(() => {
  rmSync(copy, { recursive: true, force: true });
});

describe('a copy of the project following a fuller upstream', () => {
  it(
    'pulls and generates eight more operations, changing only openapi/ and src/generated/',
    { timeout: 120_000 },
    async () => {
      const docs = await startDocsServer(new Map([...fixturePages(), ...upstreamShapePages()]));
      try {
        const pull = await run(bin('tsx'), ['scripts/spec-pull.ts', '--from', docs.index], { cwd: copy });
        console.log(pull.stdout);
        expect(pull.stdout).toMatch(/Operations added \(8\)/);
      } finally {
        await docs.close();
      }
      await run(bin('tsx'), ['scripts/generate.ts'], { cwd: copy });
      const changed = git('status', '--porcelain').split('\n').filter(Boolean);
      console.log(`git diff --stat in the copy:\n${git('diff', '--stat')}`);
      expect(changed.length).toBeGreaterThan(0);
      for (const line of changed) expect(line.slice(3)).toMatch(/^(openapi\/|src\/generated\/)/);
    },
  );

  it('costs at most 400 B min+gzip of first load per added operation', { timeout: 120_000 }, async () => {
    const size = async (cwd: string): Promise<number> => {
      const { stdout } = await run(bin('tsx'), ['scripts/size.ts', '--json'], { cwd });
      return (JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { firstLoad: number }).firstLoad;
    };
    const [before, after] = [await size(root), await size(copy)];
    const perOperation = (after - before) / 8;
    console.log(`first load: ${before} B with today's operations, ${after} B with 8 more: ${perOperation} B each`);
    expect(perOperation).toBeLessThanOrEqual(400);
  });

  it('typechecks and lints', { timeout: 180_000 }, async () => {
    await run(bin('tsc'), ['-p', '.'], { cwd: copy });
    await run(bin('eslint'), ['.'], { cwd: copy });
    await run(bin('prettier'), ['--check', '.'], { cwd: copy });
  });

  it('passes the generic tests: contract, shapes, properties, types', { timeout: 300_000 }, async () => {
    const { stdout } = await run(
      bin('vitest'),
      [
        'run',
        'tests/contract.test.ts',
        'tests/operation-shapes.test.ts',
        'tests/properties.test.ts',
        'tests/types.test-d.ts',
      ],
      { cwd: copy, env: { ...process.env, FC_RUNS: '200', CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0' } },
    );
    const summary = stdout
      .split('\n')
      .filter((line) => /Tests|Test Files|accepted by the SDK|\?[a-z_]+.*=|Type Errors/.test(line));
    console.log(summary.join('\n'));
    expect(stdout).toMatch(/Tests\s+\d+ passed/);
  });

  it("types list items, me(), the 200-or-204 union and the README's list examples", { timeout: 120_000 }, async () => {
    const probe = join(copy, 'probe');
    mkdirSync(probe);
    writeFileSync(
      join(probe, 'shapes.ts'),
      `import { expectTypeOf } from 'vitest';
import type { Userplane, PageItem, OperationResult, OperationParams } from '../src/index.js';
declare const userplane: Userplane;
export async function probe(): Promise<void> {
  for await (const link of userplane.links.list({ workspaceId: 'ws_1', created_by: ['m_1'] })) {
    expectTypeOf(link.linkId).toEqualTypeOf<string>();
    expectTypeOf(link.createdAt).toEqualTypeOf<string>(); // the overlay reaches list items too
  }
  expectTypeOf<PageItem<'recordings.list'>>().toHaveProperty('recordingId');
  const first = await userplane.links.list({ workspaceId: 'ws_1' });
  expectTypeOf(first.data.pagination.hasMore).toEqualTypeOf<boolean>();
  for await (const page of userplane.workspaces.list().pages()) expectTypeOf(page.data.workspaces).toBeArray();
  const me = await userplane.me();
  expectTypeOf(me.data.user.userId).toEqualTypeOf<string>();
  expectTypeOf<OperationResult<'recordings.delete'>>().toExtend<{ message: string } | undefined>();
  expectTypeOf<undefined>().toExtend<OperationResult<'recordings.delete'>>();
  expectTypeOf<{ workspaceId: string }>().toExtend<OperationParams<'links.list'>>(); // page, per_page optional
  // @ts-expect-error q and type are required
  await userplane.workspaces.search({ workspaceId: 'ws_1' });
  // @ts-expect-error type is an enum
  await userplane.workspaces.search({ workspaceId: 'ws_1', q: 'a', type: 'users' });
  // @ts-expect-error created_by is an array of ids
  await userplane.links.list({ workspaceId: 'ws_1', created_by: 'm_1' });
}
`,
    );
    // The README's examples for operations upstream has and this spec does not yet (```ts upstream).
    const examples = [...readFileSync(join(root, 'README.md'), 'utf8').matchAll(/^```ts upstream\n([\s\S]*?)^```$/gm)];
    expect(examples.length).toBeGreaterThan(0);
    examples.forEach((match, index) => {
      writeFileSync(
        join(probe, `readme-${index}.ts`),
        `import type { Userplane } from '../src/index.js';\ndeclare const userplane: Userplane;\n${match[1] ?? ''}\nexport {};\n`,
      );
    });
    writeFileSync(
      join(probe, 'tsconfig.json'),
      JSON.stringify({ extends: '../tsconfig.json', include: ['.', '../src'] }),
    );
    await run(bin('tsc'), ['-p', probe], { cwd: copy });
  });
});
