/**
 * Every operation of the spec, both directions, against the live server's twin: a real oRPC
 * OpenAPIHandler built from the spec (scripts/servers/twin.ts). Success with generated params, every
 * declared error code narrowed, an undeclared one not, the server's own validation failure, a
 * page walk over items the twin holds. Generic over the operation model: on the fuller spec of
 * tests/tooling/follow-upstream.test.ts every operation it adds runs here too.
 */
import { ORPCError } from '@orpc/server';
import { describe, expect, it } from 'vitest';
import { declaredErrors } from '../../scripts/generate/operation-schemas.js';
import { loadSpec } from '../../scripts/spec.js';
import { startTwin } from '../../scripts/servers/twin.js';
import { isUserplaneError, Userplane } from '../../src/index.js';
import { API_KEY, modelOf, operationIds, sampleParams } from '../support/fixtures.js';
import { methodFor } from '../support/operations.js';
import { addRequiredQuery } from '../support/spec-edits.js';
import { useTwin } from '../support/twin.js';

const spec = loadSpec();
const twin = useTwin();

/** No retries and no pacing: each test sees the one answer it set. */
const client = (url = twin.url, apiKey = API_KEY): Userplane =>
  new Userplane({ apiKey, baseUrl: url, maxRetries: 0, rateLimit: false });
const failure = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    (value) => ({ resolved: value }),
    (error: unknown) => error,
  );

describe.each(operationIds)('%s on the twin', (operationId) => {
  const model = modelOf(operationId);
  const declared = [...declaredErrors(spec, model)];

  it('succeeds with generated params; the twin parsed what was sent', async () => {
    const params = sampleParams(operationId);
    const result = await methodFor(client(), operationId)(params);
    expect(twin.calls).toHaveLength(1);
    const [call] = twin.calls;
    for (const [name, value] of Object.entries(params)) {
      if (value !== undefined && !(Array.isArray(value) && value.length === 0))
        expect(call?.input[name]).toEqual(value);
    }
    if (model.successes[0]?.schema === undefined) expect(result).toBeUndefined();
    else expect(result).toBeTypeOf('object');
  });

  it.each(declared)('%s narrows', async (code, { status }) => {
    twin.answer(operationId, { error: code });
    const error = await failure(methodFor(client(), operationId)(sampleParams(operationId)));
    expect(isUserplaneError(error, operationId, code as never)).toBe(true);
    expect(error).toMatchObject({ status, code, defined: true });
  });

  it('an undeclared code is an api error, not narrowed', async () => {
    twin.answer(operationId, {
      reply: () => {
        throw new ORPCError('SOMETHING_NEW', { status: 409, message: 'a code the spec does not declare' });
      },
    });
    const error = await failure(methodFor(client(), operationId)(sampleParams(operationId)));
    expect(isUserplaneError(error, operationId)).toBe(true);
    expect(error).toMatchObject({ kind: 'api', status: 409, code: 'SOMETHING_NEW', defined: false });
  });

  it("a missing or wrong key is the live server's API_KEY_REQUIRED / API_KEY_INVALID", async () => {
    const wrong = await failure(
      methodFor(client(twin.url, 'uspl_not_the_key'), operationId)(sampleParams(operationId)),
    );
    expect(wrong).toMatchObject({ status: 401, code: 'API_KEY_INVALID' });
    expect(twin.calls).toHaveLength(0);
  });
});

describe('validation on the server side', () => {
  it.each(operationIds)(
    "%s: a parameter only the server requires is oRPC's 400 BAD_REQUEST with data.issues",
    async (operationId) => {
      const stricter = await startTwin({ apiKey: API_KEY, spec: addRequiredQuery(spec, operationId, 'twin_only') });
      try {
        const error = await failure(methodFor(client(stricter.url), operationId)(sampleParams(operationId)));
        const model = modelOf(operationId);
        const narrows = (model.errors['400'] ?? []).includes('BAD_REQUEST');
        expect(error).toMatchObject({ kind: 'api', status: 400, code: 'BAD_REQUEST', defined: narrows });
        if (narrows) expect(isUserplaneError(error, operationId, 'BAD_REQUEST' as never)).toBe(true);
        const issues = (error as { data?: { issues?: { path?: unknown[] }[] } }).data?.issues;
        expect(issues?.map((issue) => issue.path)).toContainEqual(['twin_only']);
        expect(stricter.calls).toHaveLength(0);
      } finally {
        await stricter.stop();
      }
    },
  );
});
