/**
 * What the twin learns about upstream: oRPC's own generator writes the OpenAPI document of the
 * twin's router, and each operation is compared with upstream's YAML (overlay applied). Upstream
 * is oRPC output, post-processed; the differences are listed by kind so that a check can tell
 * the known ones (array parameters without `style: deepObject`/`explode`…) from a sign that
 * upstream no longer looks like oRPC output.
 *
 *   npm run twin:openapi      prints the differences
 */
import { OpenAPIGenerator } from '@orpc/openapi';
import { ZodToJsonSchemaConverter } from '@orpc/zod/zod4';
import { startTwin, type Twin } from './twin.js';
import { deref } from '../generate/model.js';
import { isMain, isRecord, loadSpec } from '../spec.js';

type Json = Record<string, unknown>;

export interface Difference {
  operationId: string;
  /** Where, inside the operation: `parameters.created_by.style`, `responses.404.content…`. */
  at: string;
  upstream: unknown;
  orpc: unknown;
  /** Which known way upstream differs from oRPC's output; `undefined`: not a known one. */
  kind: KnownKind | undefined;
}

/** The ways upstream's YAML is known to differ from what oRPC generates for the same router. */
export const KNOWN_KINDS = {
  'array-style': 'oRPC writes `style: deepObject, explode: true` on array query parameters; upstream removed them',
  'required-with-default': 'upstream marks a parameter or body field with a `default` required; oRPC does not',
  'body-required': 'upstream marks an all-optional request body required; oRPC does not',
  'several-successes':
    'upstream declares more than one 2xx; an oRPC procedure has one success status (the twin serves the first)',
} as const;
export type KnownKind = keyof typeof KNOWN_KINDS;

/** zod writes the integer range it checks (±2^53 − 1) where the spec says nothing: no difference upstream made. */
const SAFE_BOUND = /\.(?:minimum|maximum)$/;

function kindOf(at: string, upstream: unknown, orpc: unknown): KnownKind | 'same' | undefined {
  if (SAFE_BOUND.test(at) && upstream === undefined && Math.abs(Number(orpc)) === Number.MAX_SAFE_INTEGER)
    return 'same';
  // `required: false` written out is the same as no `required`.
  if (/^parameters\.[^.]+\.required$/.test(at) && upstream === false && orpc === undefined) return 'same';
  if (/^parameters\.[^.]+\.(?:style|explode)$/.test(at) && upstream === undefined) return 'array-style';
  if (/^parameters\.[^.]+\.required$/.test(at) && upstream === true && orpc === undefined)
    return 'required-with-default';
  if (/^requestBody\.content\..*\.required$/.test(at) && Array.isArray(upstream) && Array.isArray(orpc)) {
    const extra = upstream.filter((field) => !orpc.includes(field));
    if (orpc.every((field) => upstream.includes(field)) && extra.length > 0) return 'required-with-default';
  }
  if (at === 'requestBody.required' && upstream === true && orpc === false) return 'body-required';
  if (/^responses\.2\d\d$/.test(at) && orpc === undefined) return 'several-successes';
  return undefined;
}

export async function twinDocument(twin: Pick<Twin, 'router'>): Promise<Json> {
  const generator = new OpenAPIGenerator({ schemaConverters: [new ZodToJsonSchemaConverter()] });
  const document: unknown = await generator.generate(twin.router, { info: { title: 'twin', version: '0' } });
  return isRecord(document) ? document : {};
}

function documentOf(value: unknown): Json {
  return isRecord(value) ? value : {};
}

function operations(document: Json): Map<string, Json> {
  const found = new Map<string, Json>();
  const paths = isRecord(document['paths']) ? document['paths'] : {};
  for (const item of Object.values(paths)) {
    if (!isRecord(item)) continue;
    for (const operation of Object.values(item)) {
      if (isRecord(operation) && typeof operation['operationId'] === 'string')
        found.set(operation['operationId'], operation);
    }
  }
  return found;
}

/**
 * One spelling of "this or null": `type: [T, 'null']` (upstream) and `anyOf: [{type: T}, {type:
 * 'null'}]` (oRPC's zod converter) mean the same; both become the latter before comparing.
 */
function normalized(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalized);
  if (!isRecord(value)) return value;
  const entries = Object.fromEntries(Object.entries(value).map(([key, item]) => [key, normalized(item)]));
  const types: unknown[] = Array.isArray(entries['type']) ? entries['type'] : [];
  if (!types.includes('null') || types.length < 2) return entries;
  const rest = Object.fromEntries(Object.entries(entries).filter(([key]) => key !== 'type'));
  const branches = types.filter((type) => type !== 'null').map((type) => ({ ...rest, type }));
  return { anyOf: [...branches, { type: 'null' }] };
}

/** Parameters keyed by name, so that order is no difference. */
function keyed(operation: Json): Json {
  const parameters = Array.isArray(operation['parameters']) ? operation['parameters'] : [];
  const byName = Object.fromEntries(parameters.filter(isRecord).map((p) => [String(p['name']), p]));
  return { ...operation, parameters: byName };
}

function compare(a: unknown, b: unknown, at: string, out: Omit<Difference, 'operationId' | 'kind'>[]): void {
  if (isRecord(a) && isRecord(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)]))
      compare(a[key], b[key], at ? `${at}.${key}` : key, out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((item, index) => {
      compare(item, b[index], `${at}[${index}]`, out);
    });
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ at, upstream: a, orpc: b });
}

/** Where upstream's operations and oRPC's document of the twin differ: parameters, body and responses. */
export function differences(upstream: Json, generated: Json): Difference[] {
  const ours = operations(documentOf(normalized(deref(upstream, upstream))));
  const theirs = operations(documentOf(normalized(deref(generated, generated))));
  const found: Difference[] = [];
  for (const [operationId, operation] of ours) {
    const other = theirs.get(operationId);
    const out: Omit<Difference, 'operationId' | 'kind'>[] = [];
    if (other === undefined) out.push({ at: '', upstream: 'present', orpc: 'absent' });
    else {
      const a = keyed(operation);
      const b = keyed(other);
      for (const part of ['parameters', 'requestBody', 'responses']) compare(a[part], b[part], part, out);
    }
    for (const difference of out) {
      const kind = kindOf(difference.at, difference.upstream, difference.orpc);
      if (kind !== 'same') found.push({ operationId, ...difference, kind });
    }
  }
  return found;
}

/** The differences as a Markdown table, one row per kind and operation, unknown ones first. */
export function renderDifferences(found: Difference[]): string {
  const rows = new Map<string, { kind: string; operationId: string; at: string[] }>();
  for (const difference of found) {
    const kind = difference.kind ?? 'UNKNOWN';
    const key = `${kind} ${difference.operationId}`;
    const row = rows.get(key) ?? { kind, operationId: difference.operationId, at: [] };
    row.at.push(difference.at);
    rows.set(key, row);
  }
  const sorted = [...rows.values()].sort((a, b) => Number(b.kind === 'UNKNOWN') - Number(a.kind === 'UNKNOWN'));
  return [
    '| kind | operation | where |',
    '|---|---|---|',
    ...sorted.map((row) => `| ${row.kind} | ${row.operationId} | ${row.at.map((at) => `\`${at}\``).join(', ')} |`),
  ].join('\n');
}

/**
 * `npx tsx scripts/servers/twin-openapi.ts [spec]`: prints how upstream's spec differs from what
 * oRPC generates for the twin built from it; exits 1 when a difference is of no known kind — the
 * sign that upstream no longer looks like oRPC output.
 */
if (isMain(import.meta.url)) {
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
}
