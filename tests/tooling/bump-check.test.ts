/**
 * The second opinion on a bump (scripts/upstream/bump-check.ts): a consumer of the old spec compiled
 * against the SDK generated from the new one. Additions leave it compiling; a removed field or a
 * narrowed enum breaks it, and the broken line is named — whatever the classifier said.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { brokenByNewSpecs } from '../../scripts/upstream/bump-check.js';
import { loadSpec } from '../../scripts/spec.js';
import { bumpFixtures } from '../support/bump-fixtures.js';
import { PROGRAM_TIMEOUT } from '../support/run.js';

const fixture = (name: string): ((spec: Record<string, unknown>) => void) => {
  const found = bumpFixtures.find((f) => f.name === name);
  if (found === undefined) throw new Error(`no bump fixture "${name}"`);
  return found.change;
};

const STILL_COMPILES = [
  'a new optional response field',
  'an enum value added',
  'a new optional query parameter',
  'nothing changed',
];
const BREAKS = ['a response field removed', 'an enum value removed (a narrowed enum)', 'a new required body field'];

// Every fixture's build, checked in one tsc run (brokenByNewSpecs), as the lines it breaks.
const verdicts = new Map<string, string[]>();
beforeAll(async () => {
  const names = [...STILL_COMPILES, ...BREAKS];
  const afters = names.map((name) => {
    const after = loadSpec();
    fixture(name)(after);
    return after;
  });
  const results = await brokenByNewSpecs(loadSpec(), afters);
  for (const [index, name] of names.entries()) {
    const broken = (results[index] ?? []).map((change) => change.what);
    console.log(`${name}: ${broken.length === 0 ? 'the old consumer still compiles' : broken.join('\n  ')}`);
    verdicts.set(name, broken);
  }
}, PROGRAM_TIMEOUT);

function verdict(name: string): string[] {
  const found = verdicts.get(name);
  if (found === undefined) throw new Error(`no verdict for "${name}"`);
  return found;
}

describe('a consumer of the old spec against the new build', () => {
  it.each(STILL_COMPILES)('%s: still compiles (the bump stands)', (name) => {
    expect(verdict(name)).toEqual([]);
  });

  it.each(BREAKS)('%s: breaks, and the line is named (major, even had the classifier said minor)', (name) => {
    const broken = verdict(name);
    expect(broken.length).toBeGreaterThan(0);
    expect(broken[0]).toMatch(/^a consumer of the old spec no longer compiles — line \d+: `.+` \(TS\d+: /);
  });
});
