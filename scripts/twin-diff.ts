/**
 * `npm run twin:openapi`: how upstream's spec differs from what oRPC generates for the twin built
 * from it (scripts/twin-openapi.ts). Exits 1 when a difference is of no known kind — the sign
 * that upstream no longer looks like oRPC output.
 */
import { loadSpec } from './spec.js';
import { differences, KNOWN_KINDS, renderDifferences, twinDocument } from './twin-openapi.js';
import { startTwin } from './twin.js';

const spec = loadSpec(process.argv[2]);
const twin = await startTwin({ spec });
try {
  const found = differences(spec, await twinDocument(twin));
  console.log(found.length === 0 ? 'No difference: upstream is what oRPC generates.' : renderDifferences(found));
  console.log('');
  for (const [kind, why] of Object.entries(KNOWN_KINDS)) console.log(`- ${kind}: ${why}`);
  const unknown = found.filter((difference) => difference.kind === undefined);
  if (unknown.length > 0) {
    console.error(`\n${unknown.length} difference(s) of no known kind: upstream may no longer be oRPC output.`);
    process.exitCode = 1;
  }
} finally {
  await twin.stop();
}
