/**
 * `npm run lint` keeps src/'s folders pointing down (dependency-cruiser.config.mjs): an import
 * from a lower folder to a higher one fails it, type-only too. Checked on a small project of
 * its own, with this repository's rules.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { root } from '../../scripts/spec.js';
import { PROGRAM_TIMEOUT, run } from '../support/run.js';

const dir = mkdtempSync(join(tmpdir(), 'userplane-layers-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function cruise(files: Record<string, string>): Promise<{ ok: boolean; output: string }> {
  rmSync(join(dir, 'src'), { recursive: true, force: true });
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', strict: true } }));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  const args = ['src', '--config', join(root, 'dependency-cruiser.config.mjs')];
  try {
    const { stdout } = await run(join(root, 'node_modules/.bin/depcruise'), args, { cwd: dir });
    return { ok: true, output: stdout };
  } catch (error) {
    return { ok: false, output: String(error) };
  }
}

it('orders the folders as ARCHITECTURE.md lists them, lowest first', async () => {
  const { ORDER } = (await import(join(root, 'dependency-cruiser.config.mjs'))) as { ORDER: string[] };
  const table = readFileSync(join(root, 'ARCHITECTURE.md'), 'utf8').match(/^\| \d+ \| `src\/(\w+)\/` \|/gm) ?? [];
  expect(table.map((row) => /src\/(\w+)/.exec(row)?.[1])).toEqual(ORDER);
});

it('lets a folder import the ones below it', { timeout: PROGRAM_TIMEOUT }, async () => {
  const result = await cruise({
    'src/shared/a.ts': 'export const a = 1;\n',
    'src/request/b.ts': "import { a } from '../shared/a.js';\nexport const b = a;\n",
  });
  expect(result).toMatchObject({ ok: true });
});

it(
  'fails on an import from a lower folder to a higher one, type-only included',
  { timeout: PROGRAM_TIMEOUT },
  async () => {
    const result = await cruise({
      'src/request/b.ts': 'export interface B { b: number }\n',
      'src/errors/a.ts': "import type { B } from '../request/b.js';\nexport const a = (b: B): number => b.b;\n",
    });
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/errors-points-down: src\/errors\/a\.ts → src\/request\/b\.ts/);
  },
);
