/**
 * `createFakeUserplane()`: the Userplane API as a `fetch` function, for users' own tests. Built
 * from the generated tables (src/generated/fakes.ts, operations.ts): nothing here names an
 * operation. No port and no process: it runs wherever `fetch`'s `Request` and `Response` do.
 */
import { fakes } from '../generated/fakes.js';
import { operations } from '../generated/operations.js';
// Built as an import of the package's main entry (tsup.config.ts), so that the client and its
// error classes are the ones the test imports from 'userplane', not a second copy.
import { MemoryRateLimitStore, Userplane, type OperationId, type UserplaneOptions } from '../index.js';
import type { OperationDefinition } from '../request/operation.js';
import { abortReason, checked, errorBody, fill, json, Plan, respond, type Step } from './answer.js';
import { readRequest, route } from './request.js';
import type {
  FakeCall,
  FakeFailOptions,
  FakeFault,
  FakeFaultOptions,
  FakeResources,
  FakeRow,
  RecordedCall,
} from './types.js';

/** Options for `createFakeUserplane(options)`. */
export interface FakeUserplaneOptions {
  /**
   * The only key the fake accepts; any other is answered `401` as the live server does.
   * @default any key sent as `Authorization: Bearer …`
   */
  readonly apiKey?: string;
}

/** Any call the fake received; narrow on `operationId` for its typed params. */
export type AnyFakeCall = { [Id in OperationId]: FakeCall<Id> }[OperationId];

/** The fake: one member per operation (`api.links.create`), and the whole API's `fetch` and calls. */
export type FakeUserplane = FakeResources & {
  /** The fake API: pass it as `new Userplane({ fetch: api.fetch })`, or call it as `fetch`. */
  readonly fetch: (input: Request | URL | string, init?: RequestInit) => Promise<Response>;
  /** Every call, in order. */
  readonly calls: readonly AnyFakeCall[];
  /**
   * A client wired to the fake, its pacing on a store of its own (a test's 429 or long
   * `Retry-After` cannot slow another fake's clients).
   */
  client(options?: UserplaneOptions): Userplane;
  /** Every operation back to its sample answer; calls forgotten. */
  reset(): void;
};

interface Operation {
  readonly row: FakeRow;
  readonly plan: Plan;
  readonly calls: RecordedCall[];
  readonly definition: OperationDefinition;
}

const table: Readonly<Record<string, OperationDefinition>> = operations;
const rows: Readonly<Record<string, FakeRow>> = fakes;
const DEFAULT_KEY = 'uspl_fake_key';

function times(
  options: { readonly times?: number | undefined } | undefined,
  step: Step,
  plan: Plan,
  name: string,
): void {
  const count = options?.times;
  if (count === undefined) {
    plan.set([step]);
    return;
  }
  if (!Number.isInteger(count) || count < 1) throw new TypeError(`${name}: times must be a whole number above 0`);
  for (let i = 0; i < count; i++) plan.once.push(step);
}

const isReply = (answer: unknown): answer is (call: RecordedCall) => unknown => typeof answer === 'function';

function handle(operationId: string, state: Operation, all: RecordedCall[]): Record<string, unknown> {
  const { row, plan, calls, definition } = state;
  const self: Record<string, unknown> = {
    respond(...answers: unknown[]) {
      plan.set(
        answers.map((answer): Step => {
          if (isReply(answer)) return { kind: 'reply', reply: answer };
          const valid = checked(operationId, row.status, fill(row.body, answer));
          if (valid instanceof TypeError) throw valid;
          return { kind: 'body', answer };
        }),
      );
      return self;
    },
    fail(code: string, options?: FakeFailOptions) {
      if (row.errors[code] === undefined) {
        throw new TypeError(`${operationId}.fail: "${code}" is not a code the spec declares for ${operationId}`);
      }
      times(options, { kind: 'error', code, message: options?.message, data: options?.data }, plan, operationId);
      return self;
    },
    fault(fault: FakeFault, options?: FakeFaultOptions) {
      times(options, { kind: 'fault', fault, retryAfter: options?.retryAfter }, plan, operationId);
      return self;
    },
    get calls() {
      return [...calls];
    },
    reset() {
      plan.set([]);
      calls.length = 0;
      all.splice(0, all.length, ...all.filter((call) => call.operationId !== operationId));
    },
  };
  if (definition.pageItems !== undefined) {
    self['items'] = (items: unknown) => {
      if (!Array.isArray(items)) throw new TypeError(`${operationId}.items: expected an array`);
      const list: readonly unknown[] = items;
      plan.set([{ kind: 'items', items: [...list] }]);
      return self;
    };
  }
  return self;
}

function unauthorized(row: FakeRow, code: string): Response {
  return json(401, errorBody(row, code, 401, row.errors[code]?.[1] ?? 'Unauthorized'));
}

/**
 * A fake of the Userplane API for your tests, generated from the spec the client was built from.
 *
 * @example
 * ```ts
 * import { createFakeUserplane } from 'userplane/testing';
 *
 * const api = createFakeUserplane();
 * api.links.create.respond({ data: { link: { linkId: 'lnk_1' } } });
 * const userplane = api.client();
 * const { data } = await userplane.links.create({ workspaceId: 'ws_1', domainId: 'dom_1' });
 * // data.link.linkId === 'lnk_1'; the rest of the link is filled from the spec
 * ```
 */
export function createFakeUserplane(options: FakeUserplaneOptions = {}): FakeUserplane {
  const all: RecordedCall[] = [];
  const state = new Map<string, Operation>();
  const root: Record<string, unknown> = {};
  for (const [operationId, definition] of Object.entries(table)) {
    const row = rows[operationId];
    if (row === undefined) continue;
    const operation: Operation = { row, plan: new Plan(), calls: [], definition };
    state.set(operationId, operation);
    const segments = operationId.split('.');
    const name = segments.pop() ?? operationId;
    let node = root;
    for (const segment of segments) {
      const child = node[segment];
      const next: Record<string, unknown> = typeof child === 'object' && child !== null ? { ...child } : {};
      node[segment] = next;
      node = next;
    }
    node[name] = handle(operationId, operation, all);
  }

  async function fakeFetch(input: Request | URL | string, init?: RequestInit): Promise<Response> {
    const request = new Request(input, init);
    if (request.signal.aborted) throw abortReason(request.signal);
    const url = new URL(request.url);
    const found = route(request.method, url.pathname);
    const operation = found === undefined ? undefined : state.get(found.operationId);
    if (found === undefined || operation === undefined) {
      return json(404, { defined: false, code: 'NOT_FOUND', status: 404, message: 'Not Found' });
    }
    const { row, plan, calls, definition } = operation;
    const authorization = request.headers.get('authorization') ?? '';
    if (!/^Bearer \S/.test(authorization)) return unauthorized(row, 'API_KEY_REQUIRED');
    if (options.apiKey !== undefined && authorization !== `Bearer ${options.apiKey}`) {
      return unauthorized(row, 'API_KEY_INVALID');
    }
    const text = await request.text();
    let body: unknown;
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        return json(400, { defined: false, code: 'BAD_REQUEST', status: 400, message: 'Malformed request body' });
      }
    }
    const read = readRequest(found.operationId, row, found.path, url, body);
    if ('issues' in read) {
      return json(400, errorBody(row, 'BAD_REQUEST', 400, 'Input validation failed', { issues: read.issues }));
    }
    const call: RecordedCall = {
      operationId: found.operationId,
      params: read.params,
      method: request.method,
      url: request.url,
      headers: Object.fromEntries(request.headers),
    };
    calls.push(call);
    all.push(call);
    return respond(row, plan.next(), call, definition.pageItems, request.signal);
  }

  let store = new MemoryRateLimitStore();
  const members = {
    fetch: fakeFetch,
    get calls() {
      return [...all];
    },
    client(clientOptions: UserplaneOptions = {}): Userplane {
      const { rateLimit } = clientOptions;
      // A fetch of the caller's would be silently replaced: say so instead.
      if (clientOptions.fetch !== undefined) {
        throw new TypeError(
          'api.client(): the fake is the fetch; to wrap it, pass `new Userplane({ fetch })` your own',
        );
      }
      return new Userplane({
        apiKey: options.apiKey ?? DEFAULT_KEY,
        ...clientOptions,
        fetch: fakeFetch,
        rateLimit: rateLimit === false ? false : { store, ...rateLimit },
      });
    },
    reset() {
      for (const operation of state.values()) operation.plan.set([]);
      for (const operation of state.values()) operation.calls.length = 0;
      all.length = 0;
      store = new MemoryRateLimitStore();
    },
  };
  // The tree was built from the same table `FakeResources` is generated from; TypeScript cannot
  // follow a runtime loop over keys, so this is the one place the two are joined.
  // eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- see above
  return Object.defineProperties(root, Object.getOwnPropertyDescriptors(members)) as unknown as FakeUserplane;
}
