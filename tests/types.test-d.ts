/**
 * Type tests (vitest typecheck): params, results and error narrowing are derived from the spec,
 * and a wrong operation or code does not compile.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { Userplane } from '../src/index.js';
import {
  isUserplaneError,
  type OperationErrorCode,
  type OperationId,
  type OperationParams,
  type OperationResult,
  type UserplaneApiError,
  type UserplaneError,
} from '../src/index.js';

declare const userplane: Userplane;
declare const err: unknown;

describe('operations', () => {
  it('are the spec operationIds, as namespaced methods (more may come with the spec)', () => {
    expectTypeOf<'links.create' | 'links.update' | 'links.delete'>().toExtend<OperationId>();
    expectTypeOf(userplane.links.create).toBeFunction();
    expectTypeOf(userplane.links.update).toBeFunction();
    expectTypeOf(userplane.links.delete).toBeFunction();
    expectTypeOf(userplane.links).not.toHaveProperty('nope');
  });
});

describe('params', () => {
  it('are one flat object: path params and body fields', () => {
    expectTypeOf<OperationParams<'links.delete'>>().toEqualTypeOf<{ workspaceId: string; linkId: string }>();
    expectTypeOf<OperationParams<'links.create'>>().toHaveProperty('workspaceId').toEqualTypeOf<string>();
    expectTypeOf<OperationParams<'links.create'>>().toHaveProperty('domainId').toEqualTypeOf<string>();
  });

  it('make a field with a spec default optional (linkReusable)', () => {
    expectTypeOf<{ workspaceId: string; domainId: string }>().toExtend<OperationParams<'links.create'>>();
    expectTypeOf<OperationParams<'links.create'>['linkReusable']>().toEqualTypeOf<boolean | undefined>();
  });

  it('reject missing, misspelt and mistyped fields', () => {
    // @ts-expect-error domainId is required
    void userplane.links.create({ workspaceId: 'ws' });
    // @ts-expect-error the spec says linkMeta, not meta (the rendered pages are wrong)
    void userplane.links.update({ workspaceId: 'ws', linkId: 'l', meta: {} });
    // @ts-expect-error linkProviderType is an enum
    void userplane.links.update({ workspaceId: 'ws', linkId: 'l', linkProviderType: 'myspace' });
    // @ts-expect-error linkMeta values are strings
    void userplane.links.update({ workspaceId: 'ws', linkId: 'l', linkMeta: { n: 1 } });
    // @ts-expect-error params are required when the operation has required fields
    void userplane.links.delete();
  });

  it('take per-call options as the second argument', () => {
    void userplane.links.delete(
      { workspaceId: 'w', linkId: 'l' },
      { signal: AbortSignal.timeout(1000), timeout: 500, maxRetries: 0, headers: { 'X-Trace': '1' } },
    );
    // @ts-expect-error unknown option
    void userplane.links.delete({ workspaceId: 'w', linkId: 'l' }, { retries: 2 });
  });
});

describe('results', () => {
  it('are the spec 200 bodies', async () => {
    const created = await userplane.links.create({ workspaceId: 'w', domainId: 'd' });
    expectTypeOf(created).toEqualTypeOf<OperationResult<'links.create'>>();
    expectTypeOf(created.data.link.linkId).toEqualTypeOf<string>();
    expectTypeOf(created.data.link.createdAt).toEqualTypeOf<string>(); // corrected by openapi/overlay.yaml
    expectTypeOf(created.data.link.linkType).toEqualTypeOf<'file' | 'recording' | 'session' | 'screenshot'>();
    const deleted = await userplane.links.delete({ workspaceId: 'w', linkId: 'l' });
    expectTypeOf(deleted.data).toEqualTypeOf<{ workspaceId: string; linkId: string }>();
  });

  it('withResponse adds the HTTP response', async () => {
    const { data, response } = await userplane.links.delete.withResponse({ workspaceId: 'w', linkId: 'l' });
    expectTypeOf(data).toEqualTypeOf<OperationResult<'links.delete'>>();
    expectTypeOf(response).toEqualTypeOf<Response>();
  });
});

describe('error narrowing', () => {
  it('isUserplaneError(err) narrows to the base class', () => {
    if (isUserplaneError(err)) expectTypeOf(err).toEqualTypeOf<UserplaneError>();
  });

  it('per operation: code is the declared union when defined, any string otherwise', () => {
    if (isUserplaneError(err, 'links.delete')) {
      expectTypeOf(err).toExtend<UserplaneApiError>();
      expectTypeOf(err.operationId).toEqualTypeOf<'links.delete'>();
      if (err.defined) {
        expectTypeOf(err.code).toEqualTypeOf<OperationErrorCode<'links.delete'>>();
        // @ts-expect-error PLAN_LIMIT_EXCEEDED is declared for links.create, not links.delete
        expectTypeOf(err.code === 'PLAN_LIMIT_EXCEEDED').toEqualTypeOf<boolean>();
        if (err.status === 410) expectTypeOf(err.code).toEqualTypeOf<'WORKSPACE_GONE' | 'LINK_GONE'>();
      } else {
        expectTypeOf(err.code).toEqualTypeOf<string>();
        expectTypeOf(err.status).toEqualTypeOf<number>();
      }
    }
  });

  it('declared codes come from the spec, per operation', () => {
    expectTypeOf<OperationErrorCode<'links.delete'>>().toEqualTypeOf<
      | 'BAD_REQUEST'
      | 'API_KEY_REQUIRED'
      | 'API_KEY_INVALID'
      | 'API_KEY_EXPIRED'
      | 'API_KEY_DISABLED'
      | 'NOT_A_MEMBER'
      | 'LINK_WORKSPACE_MISMATCH'
      | 'LINK_DELETE_FORBIDDEN'
      | 'WORKSPACE_NOT_FOUND'
      | 'LINK_NOT_FOUND'
      | 'WORKSPACE_GONE'
      | 'LINK_GONE'
      | 'RATE_LIMITED'
      | 'LINK_DELETE_FAILED'
      | 'SERVICE_UNAVAILABLE'
    >();
  });

  it('with a code: narrows to exactly that error; a code the operation cannot return does not compile', () => {
    if (isUserplaneError(err, 'links.delete', 'LINK_GONE')) {
      expectTypeOf(err.code).toEqualTypeOf<'LINK_GONE'>();
      expectTypeOf(err.status).toEqualTypeOf<410>();
      expectTypeOf(err.defined).toEqualTypeOf<true>();
    }
    // @ts-expect-error links.delete cannot return PLAN_LIMIT_EXCEEDED
    void isUserplaneError(err, 'links.delete', 'PLAN_LIMIT_EXCEEDED');
    // @ts-expect-error not a code at all
    void isUserplaneError(err, 'links.create', 'NOPE');
    // @ts-expect-error not an operation
    void isUserplaneError(err, 'links.nope');
  });
});
