/**
 * What the twin learns about upstream (scripts/servers/twin-openapi.ts): oRPC's generator writes the
 * OpenAPI document of the twin's router, built from upstream's spec, and every way the two
 * differ must be a known one. The day upstream stops looking like oRPC output — another
 * framework, another error shape — this fails and says where.
 */
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../scripts/generate/model.js';
import { isRecord, loadSpec } from '../../scripts/spec.js';
import { differences, renderDifferences, twinDocument, type Difference } from '../../scripts/servers/twin-openapi.js';
import { startTwin } from '../../scripts/servers/twin.js';
import { errorVariants } from '../support/spec-edits.js';

async function differencesOf(spec: Record<string, unknown>): Promise<Difference[]> {
  const twin = await startTwin({ spec });
  try {
    return differences(spec, await twinDocument(twin));
  } finally {
    await twin.stop();
  }
}

describe('upstream against what oRPC generates from the same router', () => {
  it('differs only in known ways', async () => {
    const found = await differencesOf(loadSpec());
    console.log(
      `upstream vs oRPC's document of the twin, ${buildModel(loadSpec()).length} operations:\n${renderDifferences(found)}`,
    );
    expect(found.filter((difference) => difference.kind === undefined)).toEqual([]);
  });

  it('an error body oRPC does not write (a field beside defined/code/status/message/data) is an unknown difference, named', async () => {
    // (The legacy { error, message } shape goes further: generation refuses it — tests/tooling/generate.test.ts.)
    const spec = loadSpec();
    const paths = isRecord(spec['paths']) ? spec['paths'] : {};
    let edited = '';
    for (const item of Object.values(paths)) {
      for (const operation of Object.values(isRecord(item) ? item : {})) {
        const variants = isRecord(operation) && !edited ? errorVariants(operation, '404') : undefined;
        for (const variant of variants ?? []) {
          if (!isRecord(variant) || !isRecord(variant['properties'])) continue;
          variant['properties']['requestId'] = { type: 'string' };
          edited = String((operation as Record<string, unknown>)['operationId']);
        }
      }
    }
    expect(edited).not.toBe('');
    const unknown = (await differencesOf(spec)).filter((difference) => difference.kind === undefined);
    console.log(renderDifferences(unknown));
    expect(unknown.length).toBeGreaterThan(0);
    expect(unknown.every((d) => d.operationId === edited && d.at.startsWith('responses.404'))).toBe(true);
  });
});
