/**
 * The release bump the regeneration workflow proposes (scripts/upstream/spec-bump.ts): one fixture per
 * rule (tests/support/bump-fixtures.ts), each a copy of the committed spec with one
 * upstream-shaped change at a place of the right shape.
 */
import { describe, expect, it } from 'vitest';
import { classify } from '../../scripts/upstream/spec-bump.js';
import { loadSpec } from '../../scripts/spec.js';
import { bumpFixtures } from '../support/bump-fixtures.js';

describe('the release bump of a spec change', () => {
  it.each(bumpFixtures.map((f) => [f.name, f.bump ?? 'no release', f] as const))('%s → %s', (name, _, fixture) => {
    const before = loadSpec();
    const after = loadSpec();
    fixture.change(after);
    const { bump, changes } = classify(before, after);
    console.log(
      `${name}: ${bump ?? 'no release'}${changes.length > 0 ? ` — ${changes.map((c) => c.what).join('; ')}` : ''}`,
    );
    expect(bump).toBe(fixture.bump);
  });
});
