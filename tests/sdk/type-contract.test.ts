/**
 * The SDK's types against the spec, for every operation (scripts/upstream/type-probe.ts writes the
 * consumer from the operation model): each is callable with every parameter and body field,
 * every field of its success body can be read, every declared code narrows to its status — and
 * a missing required field, an unknown field, a wrong enum member or type, and an undeclared
 * code are each a compile error. Nothing here names an operation.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { buildModel } from '../../scripts/generate/model.js';
import { loadSpec, root } from '../../scripts/spec.js';
import { probeTsconfig, typeProbe } from '../../scripts/upstream/type-probe.js';
import { PROGRAM_TIMEOUT, run } from '../support/run.js';

const dir = mkdtempSync(join(tmpdir(), 'userplane-types-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

it('every operation type-checks both ways under strict settings', { timeout: PROGRAM_TIMEOUT }, async () => {
  const probe = typeProbe(buildModel(loadSpec()), { negative: true });
  writeFileSync(join(dir, 'probe.ts'), probe);
  writeFileSync(join(dir, 'tsconfig.json'), probeTsconfig(join(root, 'src/index.ts'), 'probe.ts'));
  const checks = probe.match(/@ts-expect-error/g)?.length ?? 0;
  console.log(`type probe: ${probe.split('\n').length} lines, ${checks} compile errors expected`);
  expect(checks).toBeGreaterThan(0);
  await run(join(root, 'node_modules/.bin/tsc'), ['-p', dir], { cwd: dir });
});
