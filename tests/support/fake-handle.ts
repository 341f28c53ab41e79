import type { AnyFakeCall, FakeUserplane } from '../../src/testing/index.js';

/** What a test does with any operation's handle on the fake, whichever operation it is. */
export type FakeHandle = Record<string, (...args: unknown[]) => unknown> & {
  offSpec: Record<string, (...args: unknown[]) => unknown>;
  calls: readonly AnyFakeCall[];
};

/** The fake's handle of an operation (`api.links.delete`), found by walking its id: the tree's shape is generated. */
export function handleOf(api: FakeUserplane, operationId: string): FakeHandle {
  let node: unknown = api;
  for (const segment of operationId.split('.')) node = (node as Record<string, unknown>)[segment];
  return node as FakeHandle;
}
