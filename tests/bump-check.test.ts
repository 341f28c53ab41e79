/**
 * The second opinion on a bump (scripts/bump-check.ts): a consumer of the old spec compiled
 * against the SDK generated from the new one. Additions leave it compiling; a removed field or a
 * narrowed enum breaks it, and the broken line is named — whatever the classifier said.
 */
import { describe, expect, it } from 'vitest';
import { brokenByNewSpec } from '../scripts/bump-check.js';
import { loadSpec } from '../scripts/spec.js';
import { bumpFixtures } from './support/bump-fixtures.js';
import { PROGRAM_TIMEOUT } from './support/run.js';

const fixture = (name: string): ((spec: Record<string, unknown>) => void) => {
  const found = bumpFixtures.find((f) => f.name === name);
  if (found === undefined) throw new Error(`no bump fixture "${name}"`);
  return found.change;
};

async function verdict(name: string): Promise<string[]> {
  const before = loadSpec();
  const after = loadSpec();
  fixture(name)(after);
  const broken = await brokenByNewSpec(before, after);
  console.log(
    `${name}: ${broken.length === 0 ? 'the old consumer still compiles' : broken.map((c) => c.what).join('\n  ')}`,
  );
  return broken.map((c) => c.what);
}

describe('a consumer of the old spec against the new build', () => {
  it.each([
    'a new optional response field',
    'an enum value added',
    'a new optional query parameter',
    'nothing changed',
  ])('%s: still compiles (the bump stands)', { timeout: PROGRAM_TIMEOUT }, async (name) => {
    expect(await verdict(name)).toEqual([]);
  });

  it.each(['a response field removed', 'an enum value removed (a narrowed enum)', 'a new required body field'])(
    '%s: breaks, and the line is named (major, even had the classifier said minor)',
    { timeout: PROGRAM_TIMEOUT },
    async (name) => {
      const broken = await verdict(name);
      expect(broken.length).toBeGreaterThan(0);
      expect(broken[0]).toMatch(/^a consumer of the old spec no longer compiles — line \d+: `.+` \(TS\d+: /);
    },
  );
});
