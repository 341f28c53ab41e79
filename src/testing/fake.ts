/**
 * `createFakeUserplane()`: the Userplane API as a `fetch` function, for users' own tests. Built
 * from the generated tables (src/generated/fakes.ts, operations.ts): nothing here names an
 * operation. No port and no process: it runs wherever `fetch`'s `Request` and `Response` do. Its
 * client waits on the fake's own clock (clock.ts): a test of a 60 s pause takes no time.
 */
import { fakes } from '../generated/fakes.js';
import { operations } from '../generated/operations.js';
// Built as an import of the package's main entry (tsup.config.ts), so that the client and its
// error classes are the ones the test imports from 'userplane', not a second copy.
import { MemoryRateLimitStore, Userplane, type LogEvent, type OperationId, type UserplaneOptions } from '../index.js';
import type { OperationDefinition } from '../request/operation.js';
import { abortReason, errorBody, json, Plan, respond } from './answer.js';
import { VirtualClock } from './clock.js';
import { describeStep, fakeOperation, type FakeState } from './operation.js';
import { readRequest, route } from './request.js';
import { FakeWorld } from './state.js';
import type { FakeCall, FakePending, FakeResources, FakeRow, FakeWait, RecordedCall } from './types.js';

/** Options for `createFakeUserplane(options)`. */
export interface FakeUserplaneOptions {
  /**
   * The only key the fake accepts; any other is answered `401` as the live server does.
   * @default any key sent as `Authorization: Bearer …`
   */
  readonly apiKey?: string;
  /**
   * The time `api.client()` waits in: `'virtual'`, the fake's own clock — retries, `Retry-After`,
   * pacing and time limits behave as the SDK's, and take no real time (`calls[i].waited` says what
   * was waited); `'real'`, the runtime's timers, as a client of the live API waits.
   * @default 'virtual'
   */
  readonly time?: 'virtual' | 'real';
  /**
   * The seed of the backoff's jitter on the virtual clock: the same seed, the same waits.
   * @default 1
   */
  readonly seed?: number;
  /**
   * Remember what calls did, as the paths say: a create (a POST on a collection) is listed by the
   * collection's GET, answered by the item's GET and PUT (what a PUT sent, kept), and, after the
   * item's DELETE, answered with its `*_GONE` code (an id it never made, where the collection has a
   * create: `*_NOT_FOUND`). A create answering an id already used gets a fresh one (`linkId-2`).
   * What a test plans comes first.
   * @default false: every call answered as planned, else with the sample
   */
  readonly stateful?: boolean;
}

/** Any call the fake received; narrow on `operationId` for its typed params. */
export type AnyFakeCall = { [Id in OperationId]: FakeCall<Id> }[OperationId];

/** The fake: one member per operation (`api.links.create`), and the whole API's `fetch` and calls. */
export type FakeUserplane = FakeResources & {
  /** The fake API: pass it as `new Userplane({ fetch: api.fetch })`, or call it as `fetch`. */
  readonly fetch: (input: Request | URL | string, init?: RequestInit) => Promise<Response>;
  /** Every call, in order. */
  readonly calls: readonly AnyFakeCall[];
  /** Every wait of the fake's clients, in order, on the fake's clock. */
  readonly waits: readonly FakeWait[];
  /**
   * A client wired to the fake: its waits on the fake's clock (see `time`), its pacing on a store
   * of its own (a test's 429 or long `Retry-After` cannot slow another fake's clients).
   */
  client(options?: UserplaneOptions): Userplane;
  /** The answers planned and not used yet, every operation's (`[]` once all were asked for). */
  pending(): FakePending[];
  /** Every operation back to its sample answer; calls, waits and (`stateful`) what they made forgotten. */
  reset(): void;
};

const table: Readonly<Record<string, OperationDefinition>> = operations;
const rows: Readonly<Record<string, FakeRow>> = fakes;
const DEFAULT_KEY = 'uspl_fake_key';
/**
 * The option key a client takes its clock under (src/shared/clock.ts), made here from its global
 * name rather than imported: an import would put the module in a chunk the main entry shares.
 */
const CLOCK = Symbol.for('userplane.clock');

function unauthorized(row: FakeRow, code: string): Response {
  return json(401, errorBody(row, code, 401, row.errors[code]?.[1] ?? 'Unauthorized'));
}

/** What the client's log says it waits, as the fake records it (on the virtual clock, a timeout the clock tells itself). */
function waitOf(event: LogEvent, virtual: boolean): FakeWait | undefined {
  if (event.type === 'attempt' && event.failure === 'timeout' && !virtual) {
    return { operationId: event.operationId, reason: 'timeout', ms: event.durationMs };
  }
  if (event.type === 'retry') {
    const reason = event.retryAfterMs !== undefined && event.delayMs === event.retryAfterMs ? 'retry-after' : 'backoff';
    return { operationId: event.operationId, reason, ms: event.delayMs };
  }
  if (event.type === 'wait') return { operationId: event.operationId, reason: event.reason, ms: event.delayMs };
  return undefined;
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
  const waits: FakeWait[] = [];
  /** Each operation's waits since its last request: the next one's `waited`. */
  const since = new Map<string, FakeWait[]>();
  const clock = options.time === 'real' ? undefined : new VirtualClock(options.seed ?? 1);
  const now = (): number => (clock === undefined ? performance.now() : clock.now());
  const waited = (wait: FakeWait): void => {
    waits.push(wait);
    since.set(wait.operationId, [...(since.get(wait.operationId) ?? []), wait]);
  };
  const state = new Map<string, FakeState>();
  const world = options.stateful === true ? new FakeWorld(table, rows) : undefined;
  const root: Record<string, unknown> = {};
  for (const [operationId, definition] of Object.entries(table)) {
    const row = rows[operationId];
    if (row === undefined) continue;
    const operation: FakeState = { row, plan: new Plan(), calls: [], definition };
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
    node[name] = fakeOperation(operationId, operation, () => {
      all.splice(0, all.length, ...all.filter((call) => call.operationId !== operationId));
    });
  }

  async function fakeFetch(input: Request | URL | string, init?: RequestInit): Promise<Response> {
    // First, before anything is awaited: the time limit the client armed for this very request.
    const timeLimit = clock?.claim();
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
    const { operationId } = read;
    const at = now();
    const call: RecordedCall = {
      operationId,
      params: read.params,
      method: request.method,
      url: request.url,
      headers: Object.fromEntries(request.headers),
      at,
      waited: since.get(operationId) ?? [],
    };
    since.delete(operationId);
    calls.push(call);
    all.push(call);
    // Left without an answer: on the virtual clock, the client's time limit comes (and is a wait).
    const hung = (): void => {
      timeLimit?.((ms) => {
        waited({ operationId, reason: 'timeout', ms });
      });
    };
    const step = plan.next() ?? world?.answer(operationId, read.params);
    const response = await respond(row, step, call, definition.pageItems, request.signal, hung);
    return world === undefined || !response.ok ? response : world.record(operationId, read.params, response);
  }

  let store = new MemoryRateLimitStore(now);
  const members = {
    fetch: fakeFetch,
    get calls() {
      return [...all];
    },
    get waits() {
      return [...waits];
    },
    client(clientOptions: UserplaneOptions = {}): Userplane {
      const { rateLimit, logger } = clientOptions;
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
        logger: (event) => {
          const wait = waitOf(event, clock !== undefined);
          if (wait !== undefined) waited(wait);
          logger?.(event);
        },
        ...(clock === undefined ? {} : { [CLOCK]: clock }),
      });
    },
    pending(): FakePending[] {
      return [...state].flatMap(([operationId, { plan }]) =>
        plan.pending().map((step) => ({ operationId, answer: describeStep(step) })),
      );
    },
    reset() {
      for (const operation of state.values()) {
        operation.plan.clear();
        operation.calls.length = 0;
      }
      all.length = 0;
      waits.length = 0;
      since.clear();
      world?.clear();
      store = new MemoryRateLimitStore(now);
    },
  };
  // The tree was built from the same table `FakeResources` is generated from; TypeScript cannot
  // follow a runtime loop over keys, so this is the one place the two are joined.
  // eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- see above
  return Object.defineProperties(root, Object.getOwnPropertyDescriptors(members)) as unknown as FakeUserplane;
}
