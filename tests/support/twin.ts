/**
 * The live server's twin (scripts/servers/twin.ts) for the tests of one file or describe block: started
 * before them, reset before each (answers, delays and calls forgotten), stopped after.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startTwin, type Twin, type TwinOptions } from '../../scripts/servers/twin.js';
import { API_KEY } from './fixtures.js';

/** Call at the top of a file or describe block; the twin it returns answers inside tests and hooks. */
export function useTwin(options: TwinOptions = { apiKey: API_KEY }): Twin {
  let started: Twin | undefined;
  const twin = (): Twin => {
    if (started === undefined) throw new Error('the twin starts in beforeAll: use it inside a test or a hook');
    return started;
  };
  beforeAll(async () => {
    started = await startTwin(options);
  });
  afterAll(() => started?.stop());
  beforeEach(() => started?.reset());
  return {
    get url() {
      return twin().url;
    },
    get router() {
      return twin().router;
    },
    get models() {
      return twin().models;
    },
    get calls() {
      return twin().calls;
    },
    get abandoned() {
      return twin().abandoned;
    },
    answer(operationId, ...answers) {
      twin().answer(operationId, ...answers);
    },
    delay(operationId, ms) {
      twin().delay(operationId, ms);
    },
    reset() {
      twin().reset();
    },
    stop: () => twin().stop(),
  };
}
