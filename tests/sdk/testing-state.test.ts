/**
 * `createFakeUserplane({ stateful: true })`, as the paths say: for every item path of the spec
 * (`…/{id}` under a collection), what a create made is answered by the item's operations and
 * listed by the collection's, a change keeps what it sent, a delete makes it gone (`*_GONE`), an
 * id never made is not found, and what a test plans still comes first. Generic over the model.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRecord } from '../../scripts/spec.js';
import type { OperationModel } from '../../scripts/generate/model.js';
import { isUserplaneError, type OperationId, type Userplane } from '../../src/index.js';
import { createFakeUserplane } from '../../src/testing/index.js';
import { handleOf } from '../support/fake-handle.js';
import { modelOf, operationIds, sampleParams } from '../support/fixtures.js';
import { methodFor } from '../support/operations.js';
import { propertySeeds } from '../support/random.js';

const RUNS = Math.max(1, Math.round(Number(process.env['FC_RUNS'] ?? 1000) / 20));
/** The fixed seed, and in CI one derived from the code (tests/support/random.ts). */
const SEEDS = propertySeeds(20_261_202);

const models = operationIds.map((id) => modelOf(id));
const named = (test: (model: OperationModel) => boolean): OperationModel | undefined => models.find(test);

/** Each item path, with the operations on it and on the collection above it. */
const resources = [...new Set(models.map((model) => model.path))].flatMap((item) => {
  const match = /^(.*)\/\{([^}/]+)\}$/.exec(item);
  if (match?.[1] === undefined || match[2] === undefined) return [];
  const [, collection, id] = match;
  const on = (path: string, ...methods: string[]) =>
    named((model) => model.path === path && methods.includes(model.method));
  return [
    {
      item,
      id,
      collection,
      create: on(collection, 'post'),
      list: named((model) => model.path === collection && model.method === 'get' && model.pageItems !== undefined),
      get: on(item, 'get'),
      change: on(item, 'put', 'patch'),
      remove: on(item, 'delete'),
    },
  ];
});
const tracked = resources.filter((resource) => resource.create !== undefined);
const untracked = resources.filter((resource) => resource.create === undefined && resource.remove !== undefined);

/** The first record (nearest the top) holding `field`. */
function recordWith(body: unknown, field: string): Record<string, unknown> {
  const queue: unknown[] = [body];
  for (let value = queue.shift(); value !== undefined; value = queue.shift()) {
    if (!isRecord(value)) continue;
    if (Object.hasOwn(value, field)) return value;
    queue.push(...Object.values(value));
  }
  throw new Error(`no record holds ${field} in ${JSON.stringify(body)}`);
}

const call = (client: Userplane, model: OperationModel, params: Record<string, unknown>): Promise<unknown> =>
  methodFor(client, model.operationId as OperationId)(params);

/** The error a call ends in (or a failure of the test if it succeeds). */
async function failureOf(promise: Promise<unknown>): Promise<{ status: number | undefined; code: string | undefined }> {
  const error: unknown = await promise.then(
    () => new Error('succeeded'),
    (thrown: unknown) => thrown,
  );
  if (!isUserplaneError(error)) throw error;
  return {
    status: 'status' in error ? Number(error.status) : undefined,
    code: 'code' in error ? String(error.code) : undefined,
  };
}

/** The code named for the item's id (`linkId`: `LINK_GONE`), if `model` declares it at `status`. */
function declared(model: OperationModel, status: number, id: string, suffix: string): string | undefined {
  const code = `${id
    .replace(/_?id$/i, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase()}_${suffix}`;
  return (model.errors[String(status)] ?? []).includes(code) ? code : undefined;
}

describe.runIf(tracked.length > 0).each(tracked)('stateful fake, $item', (resource) => {
  const create = resource.create as OperationModel;
  const createParams = sampleParams(create.operationId as OperationId) as Record<string, unknown>;
  /** Params of an item operation: its sample, on the collection the create used, for `id`. */
  const inCollection = (model: OperationModel): Record<string, unknown> => {
    const params = sampleParams(model.operationId as OperationId) as Record<string, unknown>;
    for (const name of resource.collection.match(/[^{}]+(?=\})/g) ?? []) params[name] = createParams[name];
    return params;
  };
  const on = (model: OperationModel, id: unknown): Record<string, unknown> => ({
    ...inCollection(model),
    [resource.id]: id,
  });
  const itemOperations = [resource.get, resource.change, resource.remove].filter((model) => model !== undefined);

  it('answers what a create made, lists it, keeps what a change sent, and says it is gone after its delete', async () => {
    const api = createFakeUserplane({ stateful: true });
    const client = api.client({ maxRetries: 0 });
    const first = recordWith(await call(client, create, createParams), resource.id)[resource.id];
    const second = recordWith(await call(client, create, createParams), resource.id)[resource.id];
    expect(second).not.toEqual(first);

    if (resource.get !== undefined) {
      expect(recordWith(await call(client, resource.get, on(resource.get, first)), resource.id)).toMatchObject({
        [resource.id]: first,
      });
    }
    const listed = async (): Promise<unknown[]> => {
      if (resource.list === undefined) return [first, second];
      // The first page at its default size holds what this test makes.
      const params = inCollection(resource.list);
      delete params['page'];
      delete params['per_page'];
      const body = await call(client, resource.list, params);
      const items = recordWith(body, resource.list.pageItems ?? '')[resource.list.pageItems ?? ''];
      return Array.isArray(items) ? items.map((item) => recordWith(item, resource.id)[resource.id]) : [];
    };
    expect(await listed()).toEqual([first, second]);

    if (resource.change !== undefined) {
      const sent = on(resource.change, first);
      const record = recordWith(await call(client, resource.change, sent), resource.id);
      const kept = Object.keys(sent).filter(
        (key) => Object.hasOwn(record, key) && typeof record[key] === typeof sent[key],
      );
      expect(kept.length).toBeGreaterThan(0);
      for (const key of kept) expect(record[key]).toEqual(sent[key]);
      if (resource.get !== undefined) {
        const again = recordWith(await call(client, resource.get, on(resource.get, first)), resource.id);
        for (const key of kept.filter((key) => Object.hasOwn(again, key))) expect(again[key]).toEqual(sent[key]);
      }
    }

    if (resource.remove !== undefined) {
      await call(client, resource.remove, on(resource.remove, first));
      for (const model of itemOperations) {
        const gone = declared(model, 410, resource.id, 'GONE');
        if (gone !== undefined)
          expect(await failureOf(call(client, model, on(model, first)))).toEqual({ status: 410, code: gone });
      }
      expect(await listed()).toEqual(resource.list === undefined ? [first, second] : [second]);
      // An id once used is not made again.
      const third = recordWith(await call(client, create, createParams), resource.id)[resource.id];
      expect([first, second]).not.toContainEqual(third);
    }
  });

  it(
    `${RUNS} generated sequences of calls: each answered as a model of live and deleted ids says`,
    { timeout: 300_000 },
    async () => {
      type Step = { op: 'create' } | { op: 'list' } | { op: 'get' | 'change' | 'remove'; pick: number };
      const step: fc.Arbitrary<Step> = fc.oneof(
        fc.constant<Step>({ op: 'create' }),
        fc.constant<Step>({ op: 'list' }),
        fc.record({ op: fc.constantFrom('get' as const, 'change' as const, 'remove' as const), pick: fc.nat(6) }),
      );
      for (const seed of SEEDS) {
        await fc.assert(
          fc.asyncProperty(fc.array(step, { maxLength: 16 }), async (steps) => {
            const api = createFakeUserplane({ stateful: true });
            const client = api.client({ maxRetries: 0 });
            const live: unknown[] = [];
            const gone: unknown[] = [];
            for (const next of steps) {
              if (next.op === 'create') {
                // Within the list's first page at its default size (5 upstream, at the least).
                if (live.length >= 5) continue;
                const id = recordWith(await call(client, create, createParams), resource.id)[resource.id];
                expect([...live, ...gone]).not.toContainEqual(id);
                live.push(id);
              } else if (next.op === 'list') {
                if (resource.list !== undefined) {
                  const params = inCollection(resource.list);
                  delete params['page'];
                  delete params['per_page'];
                  const body = recordWith(await call(client, resource.list, params), resource.list.pageItems ?? '');
                  const items = body[resource.list.pageItems ?? ''];
                  expect(
                    Array.isArray(items) ? items.map((item) => recordWith(item, resource.id)[resource.id]) : items,
                  ).toEqual(live);
                }
              } else {
                const model =
                  next.op === 'get' ? resource.get : next.op === 'change' ? resource.change : resource.remove;
                if (model === undefined) continue;
                // An id alive, deleted, or never made.
                const known = [...live, ...gone];
                const id = next.pick < known.length ? known[next.pick] : `never-${next.pick}`;
                const outcome = call(client, model, on(model, id));
                if (live.includes(id)) {
                  expect(recordWith(await outcome, resource.id)[resource.id]).toEqual(id);
                  if (next.op === 'remove') gone.push(...live.splice(live.indexOf(id), 1));
                } else {
                  const [status, suffix] = gone.includes(id) ? [410, 'GONE'] : [404, 'NOT_FOUND'];
                  const code = declared(model, status, resource.id, suffix);
                  if (code === undefined) await outcome.catch(() => undefined);
                  else expect(await failureOf(outcome)).toEqual({ status, code });
                }
              }
            }
          }),
          { seed, numRuns: RUNS },
        );
      }
    },
  );

  it('says an id it never made is not found; what a test plans comes first; reset forgets', async () => {
    const api = createFakeUserplane({ stateful: true });
    const client = api.client({ maxRetries: 0 });
    for (const model of itemOperations) {
      const missing = declared(model, 404, resource.id, 'NOT_FOUND');
      if (missing !== undefined) {
        expect(await failureOf(call(client, model, on(model, 'never-made')))).toEqual({ status: 404, code: missing });
      }
    }
    const made = recordWith(await call(client, create, createParams), resource.id)[resource.id];
    const model = itemOperations[0];
    if (model === undefined) return;
    // Planned: answered as planned, whatever the state says.
    handleOf(api, model.operationId)['fault']?.('unavailable', { times: 1 });
    expect((await failureOf(call(client, model, on(model, made)))).status).toBe(503);
    await expect(call(client, model, on(model, made))).resolves.toBeDefined();
    api.reset();
    const missing = declared(model, 404, resource.id, 'NOT_FOUND');
    if (missing !== undefined) expect((await failureOf(call(client, model, on(model, made)))).code).toBe(missing);
  });

  it('without `stateful`, answers every call from the plan or the sample, as before', async () => {
    const api = createFakeUserplane();
    const client = api.client({ maxRetries: 0 });
    for (const model of itemOperations)
      await expect(call(client, model, on(model, 'never-made'))).resolves.toBeDefined();
  });
});

describe.runIf(untracked.length > 0).each(untracked)('stateful fake, $item (no create)', (resource) => {
  it('answers an id the fake never saw from the sample, and says it is gone after its delete', async () => {
    const api = createFakeUserplane({ stateful: true });
    const client = api.client({ maxRetries: 0 });
    const remove = resource.remove as OperationModel;
    const params = sampleParams(remove.operationId as OperationId) as Record<string, unknown>;
    const others = [resource.get, resource.change].filter((model) => model !== undefined);
    const on = (model: OperationModel) => ({ ...sampleParams(model.operationId as OperationId), ...params });
    for (const model of others) await expect(call(client, model, on(model))).resolves.toBeDefined();
    await call(client, remove, params);
    for (const model of [...others, remove]) {
      const gone = declared(model, 410, resource.id, 'GONE');
      if (gone !== undefined)
        expect(await failureOf(call(client, model, on(model)))).toEqual({ status: 410, code: gone });
    }
  });
});
