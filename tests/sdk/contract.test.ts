/**
 * Contract tests against Prism, which serves the effective spec and validates every request
 * against it: a drifting request fails here. Generic over the operation model: params come from
 * the spec (tests/support/fixtures.ts), and every operation's every declared 2xx and error
 * status is exercised, so a new operation is covered with no change here.
 */
import { describe, expect, inject, it } from 'vitest';
import { isUserplaneError, Userplane, UserplaneApiError, UserplaneConfigError } from '../../src/index.js';
import { API_KEY, modelOf, operationIds, sampleParams } from '../support/fixtures.js';
import { CLASS_BY_STATUS } from '../support/error-classes.js';
import { idempotentOperation, methodFor } from '../support/operations.js';

const prismUrl = inject('prismUrl');

function client(): Userplane {
  // Responses are checked against the spec too: Prism's answers must match it.
  // Pacing off: a forced 429 would pause the client for a minute (tests/sdk/rate-limit.test.ts).
  return new Userplane({ apiKey: API_KEY, baseUrl: prismUrl, validateResponses: true, rateLimit: false });
}

describe('contract: every operation against Prism', () => {
  it('covers at least the operations of the seed pages', () => {
    expect(operationIds.length).toBeGreaterThanOrEqual(3);
  });

  describe.each(operationIds)('%s', (operationId) => {
    const model = modelOf(operationId);

    it.each(model.successes.map((success) => [success.status, success.mediaType !== undefined] as const))(
      'answers %i: Prism accepts the request (its validation passes) and the result is the declared body',
      async (status, hasBody) => {
        const { data, response } = await methodFor(client(), operationId).withResponse(sampleParams(operationId), {
          headers: { Prefer: `code=${status}` },
        });
        expect(response.status).toBe(status);
        if (!hasBody) {
          expect(data).toBeUndefined();
          return;
        }
        const body = data as { message: unknown; data: unknown };
        expect(typeof body.message).toBe('string');
        expect(typeof body.data).toBe('object');
      },
    );

    it.each(Object.entries(model.errors).map(([status, codes]) => [Number(status), codes] as const))(
      'maps a forced %i to its typed error',
      async (status, codes) => {
        const call = methodFor(client(), operationId);
        const error: unknown = await call(sampleParams(operationId), {
          headers: { Prefer: `code=${status}` },
          maxRetries: 0,
        }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(CLASS_BY_STATUS[status] ?? UserplaneApiError);
        expect(isUserplaneError(error, operationId)).toBe(true);
        if (!isUserplaneError(error, operationId)) return;
        expect(error.status).toBe(status);
        expect(error.defined).toBe(true);
        expect(codes).toContain(error.code);
        expect(error.operationId).toBe(operationId);
        expect(error.attempts).toBe(1);
        expect(error.message).toContain(error.code);
      },
    );
  });
});

describe('contract: authentication', () => {
  it('a request without a key reaches Prism as 401 when sent raw', async () => {
    const { model } = idempotentOperation;
    const path = model.path.replace(/\{[^}]+\}/g, 'x_1');
    const response = await fetch(`${prismUrl}${path}`, { method: model.method.toUpperCase() });
    expect(response.status).toBe(401);
    await response.body?.cancel();
  });

  it('the SDK refuses a missing key before sending anything', () => {
    const saved = process.env['USERPLANE_API_KEY'];
    delete process.env['USERPLANE_API_KEY'];
    try {
      expect(() => new Userplane({ baseUrl: prismUrl })).toThrow(UserplaneConfigError);
      expect(() => new Userplane({ baseUrl: prismUrl })).toThrow(/No API key/);
    } finally {
      if (saved !== undefined) process.env['USERPLANE_API_KEY'] = saved;
    }
  });

  it('sends the key as a Bearer token that Prism accepts', async () => {
    const { response } = await idempotentOperation.withResponse(client());
    expect(response.status).toBe(idempotentOperation.model.successes[0]?.status);
  });
});

describe('contract: the raw openapi-fetch client', () => {
  it('is typed from the spec and carries the key', async () => {
    const { model } = idempotentOperation;
    const path = Object.fromEntries(idempotentOperation.pathParams.map((name) => [name, 'x_1']));
    // The raw client is typed per path; here any operation's, so through its generic `request`.
    const raw = client().raw as unknown as {
      request(
        method: string,
        url: string,
        init: unknown,
      ): Promise<{ data: unknown; error: unknown; response: Response }>;
    };
    const { data, error, response } = await raw.request(model.method, model.path, { params: { path } });
    expect(response.status).toBe(model.successes[0]?.status);
    expect(error).toBeUndefined();
    expect(data).toMatchObject({ message: expect.any(String) as unknown });
  });
});
