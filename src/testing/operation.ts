/**
 * One operation of the fake, as a test drives it — `api.links.create.respond(…)`, `fail`, `fault`,
 * `items`, `offSpec`, `calls` — each refusing at once, naming what is valid, what it cannot do.
 */
import type { OperationDefinition } from '../request/operation.js';
import { checked, fill, FAULTS, type Plan, type Step } from './answer.js';
import type { FakeFault, FakeRow, RecordedCall } from './types.js';

/** What the fake holds for one operation. */
export interface FakeState {
  readonly row: FakeRow;
  readonly plan: Plan;
  readonly calls: RecordedCall[];
  readonly definition: OperationDefinition;
}

const isFault = (kind: unknown): kind is FakeFault => typeof kind === 'string' && Object.hasOwn(FAULTS, kind);
const isReply = (answer: unknown): answer is (call: RecordedCall) => unknown => typeof answer === 'function';
const isWhole = (value: unknown, min: number): boolean =>
  typeof value === 'number' && Number.isInteger(value) && value >= min;

/** Plans `step`: for the next `times` calls only (ahead of the standing answers), or as the standing answer. */
function plan(state: FakeState, name: string, options: { readonly times?: unknown } | undefined, step: Step): void {
  const times = options?.times;
  if (times === undefined) {
    state.plan.set([step]);
    return;
  }
  if (!isWhole(times, 1)) throw new TypeError(`${name}: times must be a whole number above 0`);
  for (let i = 0; i < Number(times); i++) state.plan.once.push(step);
}

/** The members of `api.<operation>`; `forget` drops its calls from the fake's list of all calls. */
export function fakeOperation(operationId: string, state: FakeState, forget: () => void): Record<string, unknown> {
  const { row, calls, definition } = state;
  const self: Record<string, unknown> = {
    respond(...answers: unknown[]) {
      state.plan.set(
        answers.map((answer): Step => {
          if (isReply(answer)) return { kind: 'reply', reply: answer };
          const valid = checked(operationId, row.status, fill(row.body, answer));
          if (valid instanceof TypeError) throw valid;
          return { kind: 'body', answer };
        }),
      );
      return self;
    },
    fail(code: string, options?: { times?: number; message?: string; data?: unknown }) {
      if (row.errors[code] === undefined) {
        throw new TypeError(
          `${operationId}.fail: "${code}" is not a code the spec declares for ${operationId} (${Object.keys(row.errors).join(', ')}); offSpec.fail() answers any code`,
        );
      }
      plan(state, `${operationId}.fail`, options, {
        kind: 'error',
        code,
        message: options?.message,
        data: options?.data,
      });
      return self;
    },
    fault(kind: unknown, options?: { times?: number; retryAfter?: unknown }) {
      const name = `${operationId}.fault`;
      if (!isFault(kind)) {
        throw new TypeError(`${name}: "${String(kind)}" is not a fault; one of ${Object.keys(FAULTS).join(', ')}`);
      }
      const fault = kind;
      const retryAfter = options?.retryAfter;
      // Milliseconds, as every time in the SDK; whole seconds of them, as Retry-After carries.
      if (
        retryAfter !== undefined &&
        (!isWhole(retryAfter, 0) ||
          Number(retryAfter) % 1000 !== 0 ||
          (fault !== 'rate-limited' && fault !== 'unavailable'))
      ) {
        throw new TypeError(
          `${name}: retryAfter is milliseconds in whole seconds (0, 1000, 30000…), as Retry-After carries them, for 'rate-limited' and 'unavailable' only (got ${typeof retryAfter === 'number' ? String(retryAfter) : typeof retryAfter})`,
        );
      }
      plan(state, name, options, {
        kind: 'fault',
        fault,
        retryAfter: retryAfter === undefined ? undefined : Number(retryAfter),
      });
      return self;
    },
    offSpec: {
      respond(body: unknown, options?: { times?: number }) {
        plan(state, `${operationId}.offSpec.respond`, options, { kind: 'body', answer: body, offSpec: true });
      },
      fail(code: string, options: { status?: unknown; message?: string; data?: unknown; times?: number }) {
        const status = options.status;
        if (!isWhole(status, 400) || Number(status) > 599) {
          throw new TypeError(`${operationId}.offSpec.fail: status must be an error status, 400 to 599`);
        }
        const { message, data } = options;
        plan(state, `${operationId}.offSpec.fail`, options, {
          kind: 'error',
          code,
          status: Number(status),
          message,
          data,
        });
      },
      raw(status: unknown, body = '', options?: { headers?: Record<string, string>; times?: number }) {
        if (!isWhole(status, 200) || Number(status) > 599) {
          throw new TypeError(`${operationId}.offSpec.raw: status must be 200 to 599`);
        }
        plan(state, `${operationId}.offSpec.raw`, options, {
          kind: 'raw',
          status: Number(status),
          body,
          headers: { ...options?.headers },
        });
      },
    },
    get calls() {
      return [...calls];
    },
    reset() {
      state.plan.clear();
      calls.length = 0;
      forget();
    },
  };
  if (definition.pageItems !== undefined) {
    self['items'] = (items: unknown) => {
      if (!Array.isArray(items)) throw new TypeError(`${operationId}.items: expected an array`);
      const list: readonly unknown[] = items;
      state.plan.set([{ kind: 'items', items: [...list] }]);
      return self;
    };
  }
  return self;
}

/** How a pending answer reads: its method, and what it was. */
export function describeStep(step: Step): string {
  switch (step.kind) {
    case 'body':
      return step.offSpec === true ? 'offSpec.respond' : 'respond';
    case 'reply':
      return 'respond (a function)';
    case 'items':
      return 'items';
    case 'error':
      return step.status === undefined ? `fail ${step.code}` : `offSpec.fail ${step.code}`;
    case 'fault':
      return `fault ${step.fault}`;
    case 'raw':
      return `offSpec.raw ${step.status}`;
  }
}
