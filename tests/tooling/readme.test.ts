/**
 * Every ```ts example in README.md compiles against the SDK's types, so none can rot. Names an
 * example uses without declaring (`userplane`, `workspaceId`, …) are declared for it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { root } from '../../scripts/spec.js';
import { PROGRAM_TIMEOUT } from '../support/run.js';

const PRELUDE: Record<string, string> = {
  userplane: "declare const userplane: import('userplane').Userplane;",
  workspaceId: 'declare const workspaceId: string;',
  linkId: 'declare const linkId: string;',
  domainId: 'declare const domainId: string;',
  signal: 'declare const signal: AbortSignal;',
  requestId: 'declare const requestId: string;',
};

/**
 * ```ts examples, and ```ts upstream ones — written for operations upstream has and this spec
 * may not yet — where the suite runs on a fuller upstream copy (tests/tooling/follow-upstream.test.ts
 * sets README_UPSTREAM_EXAMPLES).
 */
const fence =
  process.env['README_UPSTREAM_EXAMPLES'] === '1'
    ? /^```ts(?: upstream)?\n([\s\S]*?)^```$/gm
    : /^```ts\n([\s\S]*?)^```$/gm;
const examples = [...readFileSync(join(root, 'README.md'), 'utf8').matchAll(fence)].map((match) => match[1] ?? '');
const dir = mkdtempSync(join(tmpdir(), 'userplane-readme-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Names an example declares itself: `const x`, `const { a, b: c }`, `function f`. */
function declared(code: string): Set<string> {
  const names = new Set<string>();
  for (const match of code.matchAll(/\b(?:const|let|var|function)\s+(?:\{([^}]*)\}|(\w+))/g)) {
    if (match[2]) names.add(match[2]);
    for (const part of (match[1] ?? '').split(',')) {
      const local = part.split(':').at(-1)?.trim();
      if (local) names.add(local);
    }
  }
  return names;
}

it(`README has examples to check`, () => {
  expect(examples.length).toBeGreaterThanOrEqual(5);
});

it('every README ts example type-checks', { timeout: PROGRAM_TIMEOUT }, async () => {
  const files = examples.map((code, index) => {
    const own = declared(code);
    const prelude = Object.entries(PRELUDE)
      .filter(([name]) => !own.has(name))
      .map(([, line]) => line);
    const file = join(dir, `example-${index + 1}.mts`);
    // `export {}` keeps each file a module, so top-level await is allowed in all of them.
    writeFileSync(file, [...prelude, code, 'export {};'].join('\n'));
    return file;
  });
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      extends: join(root, 'tsconfig.json'),
      compilerOptions: {
        noEmit: true,
        paths: {
          userplane: [join(root, 'src/index.ts')],
          'userplane/redis': [join(root, 'src/pacing/redis.ts')],
          'userplane/testing': [join(root, 'src/testing/index.ts')],
          // The test runner a `userplane/testing` example uses.
          vitest: [join(root, 'node_modules/vitest/dist/index.d.ts')],
          // The optional peer a `userplane/redis` example imports, as its users install it.
          redis: [join(root, 'node_modules/redis/dist/index.d.ts')],
        },
        typeRoots: [join(root, 'node_modules/@types')],
      },
      include: [],
      files,
    }),
  );
  await promisify(execFile)(join(root, 'node_modules/.bin/tsc'), ['-p', dir], { cwd: dir }).catch((error: unknown) => {
    const { stdout = '' } = error as { stdout?: string };
    throw new Error(`README examples do not compile:\n${stdout}`);
  });
});
