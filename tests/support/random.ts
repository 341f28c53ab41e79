import { execFileSync } from 'node:child_process';
/** A small seeded PRNG (mulberry32): the same seed gives the same fault sequence every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks a key with probability proportional to its weight. */
export function weightedPick<K extends string>(random: () => number, weights: Record<K, number>): K {
  const entries = Object.entries(weights) as [K, number][];
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = random() * total;
  for (const [key, weight] of entries) {
    roll -= weight;
    if (roll < 0) return key;
  }
  return entries[entries.length - 1]![0];
}

/** A seed derived from several parts (FNV-1a): the same parts give the same stream, whatever the order of calls. */
export function seedOf(...parts: (string | number)[]): number {
  let hash = 0x811c9dc5;
  for (const char of parts.join('\u0000')) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * The seeds a property suite runs with: FC_SEED alone when it is given; otherwise the suite's
 * fixed seed, and in CI (CI=true) a second one derived from the source tree as committed — so
 * each change of the code meets inputs the fixed seed never draws, and the same code the same
 * inputs. Each seed is printed by the suite: `FC_SEED=<seed>` reproduces a failure.
 */
export function propertySeeds(fixed: number): number[] {
  const given = process.env['FC_SEED'];
  if (given !== undefined) return [Number(given)];
  if (process.env['CI'] !== 'true') return [fixed];
  try {
    const tree = execFileSync('git', ['rev-parse', 'HEAD:src'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return [fixed, seedOf(tree.trim())];
  } catch {
    return [fixed];
  }
}
