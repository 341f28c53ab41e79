/**
 * `npm run generate -- --check` (what CI runs) as a program: it passes on what generation writes,
 * and fails on a hand edit, naming the file and the fix. The mechanism does not change with the
 * spec, so the fuller copy leaves it out (tests/support/suites.ts SPEC_FREE).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { GENERATED_DIRS } from '../../scripts/generate/codegen.js';
import { root } from '../../scripts/spec.js';
import { PROGRAM_TIMEOUT, run } from '../support/run.js';

const tsx = join(root, 'node_modules/.bin/tsx');
const out = mkdtempSync(join(tmpdir(), 'userplane-gen-check-'));
afterAll(() => {
  rmSync(out, { recursive: true, force: true });
});

it('--check fails on a hand-edited generated file and prints the fix', { timeout: PROGRAM_TIMEOUT }, async () => {
  for (const dir of GENERATED_DIRS) cpSync(join(root, dir), join(out, dir), { recursive: true });
  await run(tsx, ['scripts/generate/generate.ts', '--check', '--out', out], { cwd: root });
  const edited = join(out, 'src/generated/operations.ts');
  writeFileSync(edited, `${readFileSync(edited, 'utf8')}// edited by hand\n`);
  const failure = await run(tsx, ['scripts/generate/generate.ts', '--check', '--out', out], { cwd: root }).then(
    () => undefined,
    (error: unknown) => error as { code: number; stderr: string },
  );
  expect(failure?.code).toBe(1);
  expect(failure?.stderr).toMatch(/src\/generated\/operations\.ts \(differs\)/);
  expect(failure?.stderr).toMatch(/Fix: npm run generate/);
});
