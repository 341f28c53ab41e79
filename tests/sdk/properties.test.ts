/**
 * Property tests (fast-check) over every operation's params, generated from the spec's
 * schemas: valid and invalid mixed. The oracle is Prism's request validation:
 *   - every input the SDK lets through is accepted by Prism (a 2xx);
 *   - every input the SDK refuses never reaches the network;
 *   - nothing else happens: no TypeError, no crash, no other error.
 *
 *   FC_SEED=<n> FC_RUNS=<n> npx vitest run tests/sdk/properties.test.ts    to explore other inputs
 */
import fc from 'fast-check';
import { describe, expect, inject, it } from 'vitest';
import { Userplane, UserplaneValidationError } from '../../src/index.js';
import { paramsNear } from '../support/schema-arbitrary.js';
import { API_KEY, modelOf, operationIds } from '../support/fixtures.js';
import { propertySeeds } from '../support/random.js';
import { methodFor } from '../support/operations.js';
import { crashesPrism, deliberate, rawRequest } from '../support/raw-request.js';
import { isRecord } from '../../scripts/spec.js';

const prismUrl = inject('prismUrl');
const RUNS = Number(process.env['FC_RUNS'] ?? 1000);
/** The fixed seed, and in CI one derived from the code (tests/support/random.ts). */
const SEEDS = propertySeeds(20_261_122);
/** How many refused inputs per operation are also sent straight to Prism. */
const RAW_SAMPLE = Number(process.env['FC_RAW'] ?? 100);

describe.each(operationIds)('properties: %s', (operationId) => {
  it(
    `${RUNS} generated params: let through ⇒ Prism accepts; refused ⇒ nothing sent, and Prism refuses them too`,
    { timeout: 300_000 },
    async () => {
      let sent = 0;
      const userplane = new Userplane({
        apiKey: API_KEY,
        baseUrl: prismUrl,
        maxRetries: 0,
        validateResponses: true,
        rateLimit: false, // a thousand calls a run against a mock: not the API's budget
        fetch: (request) => {
          sent++;
          return fetch(request);
        },
      });
      const call = methodFor(userplane, operationId);
      const model = modelOf(operationId);
      const tally = { accepted: 0, refused: 0, checkedRaw: 0 };

      for (const seed of SEEDS) {
        console.log(`seed ${seed} (FC_SEED=${seed} reproduces a failure)`);
        await fc.assert(
          fc.asyncProperty(paramsNear(model), async (params) => {
            const before = sent;
            const outcome = await call(params).then(
              () => 'accepted' as const,
              (error: unknown) => error,
            );
            if (outcome === 'accepted') {
              tally.accepted++;
              expect(sent - before).toBe(1);
              return;
            }
            // Anything but a validation error here means the SDK sent what Prism refused, or crashed.
            expect(outcome).toBeInstanceOf(UserplaneValidationError);
            expect(sent - before).toBe(0);
            tally.refused++;
            // The other direction, on a sample: what the SDK refuses, Prism refuses too (unless the
            // SDK refuses it on purpose: tests/support/raw-request.ts) — else the SDK is over-strict.
            if (!(outcome instanceof UserplaneValidationError) || tally.checkedRaw >= RAW_SAMPLE || !isRecord(params))
              return;
            if (outcome.issues.every((issue) => deliberate(issue, params, model)) || crashesPrism(params)) return;
            const raw = rawRequest(prismUrl, model, params);
            if (raw === undefined) return;
            const { url, init } = raw;
            tally.checkedRaw++;
            const response = await fetch(url, init);
            await response.body?.cancel();
            expect(response.status, `Prism accepted what the SDK refused: ${outcome.message}`).toBeGreaterThanOrEqual(
              400,
            );
          }),
          { numRuns: RUNS, seed },
        );
      }
      console.log(
        `${operationId}: ${RUNS} inputs, ${tally.accepted} accepted by the SDK and Prism, ${tally.refused} refused before sending (${tally.checkedRaw} of them sent raw: Prism refused each)`,
      );
      // Both sides of the oracle were exercised.
      expect(tally.accepted).toBeGreaterThan(RUNS / 10);
      expect(tally.refused).toBeGreaterThan(RUNS / 10);
    },
  );
});
