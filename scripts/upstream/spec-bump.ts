/**
 * The release bump a spec change calls for, from a real diff of the old and new spec read
 * through the operation model (what the SDK exposes), one rule per kind of change:
 *
 *   major  an operation, parameter, field, enum value, success status or error code removed;
 *          a new required parameter or field (without a default); a request constraint
 *          narrowed (a higher minimum, a lower maximum, a new pattern, fewer accepted types);
 *          a response field that may now be missing or null; an operationId renamed
 *   minor  anything additive: a new operation, optional parameter or field, enum value,
 *          status or error code; a constraint widened; a response constraint changed; a new
 *          deprecation; any other change to what the SDK sends or reads
 *   patch  summaries, descriptions, titles and examples only
 *
 * Library judgement (see README "Regenerating"): @pb33f/openapi-changes downloads a binary at
 * install (fails here), openapi-diff reads OpenAPI 3.0 only, and Optic's rules
 * (@useoptic/standard-rulesets) miss narrowed constraints and removed request fields.
 */
import { isDeepStrictEqual } from 'node:util';
import { buildModel, type OperationModel } from '../generate/model.js';
import { isRecord } from '../spec.js';

export type Bump = 'major' | 'minor' | 'patch';
export interface Change {
  bump: Bump;
  what: string;
}

type Json = Record<string, unknown>;
type Direction = 'request' | 'response';

const DOCS = new Set(['description', 'summary', 'title', 'example', 'examples', 'externalDocs', 'deprecated']);
const LOWER = ['minLength', 'minimum', 'exclusiveMinimum', 'minItems', 'minProperties'];
const UPPER = ['maxLength', 'maximum', 'exclusiveMaximum', 'maxItems', 'maxProperties'];
const PATTERNS = ['pattern', 'format'];

const types = (schema: Json): string[] => {
  const type = schema['type'];
  return Array.isArray(type) ? type.map(String) : typeof type === 'string' ? [type] : [];
};
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const names = (value: unknown): string[] => list(value).map(String);
const show = (value: unknown): string => (value === undefined ? 'none' : JSON.stringify(value));

/** Adds the changes between two schemas at `where`, read as something sent (`request`) or received. */
export function compareSchemas(a: Json, b: Json, where: string, direction: Direction, out: Change[]): void {
  if (isDeepStrictEqual(a, b)) return;
  const request = direction === 'request';
  const push = (bump: Bump, what: string): void => {
    out.push({ bump, what: `${where}: ${what}` });
  };
  const [ta, tb] = [types(a), types(b)];
  // An untyped schema (`{}`) accepts and may return anything: typing it narrows it.
  if (ta.length === 0 && tb.length > 0) push(request ? 'major' : 'minor', `now typed ${tb.join(', ')}`);
  const lost = tb.length === 0 ? [] : ta.filter((t) => !tb.includes(t));
  const gained = ta.length === 0 ? [] : tb.filter((t) => !ta.includes(t));
  if (lost.length > 0)
    push(request ? 'major' : 'minor', `type ${lost.join(', ')} no longer ${request ? 'accepted' : 'returned'}`);
  if (gained.length > 0)
    push(request ? 'minor' : 'major', `type ${gained.join(', ')} now ${request ? 'accepted' : 'returned'}`);
  const [ea, eb] = [list(a['enum']), list(b['enum'])];
  const removed = ea.filter((v) => !eb.some((w) => isDeepStrictEqual(v, w)));
  if (removed.length > 0 && 'enum' in b) push('major', `enum value ${removed.map(show).join(', ')} removed`);
  if (eb.some((v) => !ea.some((w) => isDeepStrictEqual(v, w))) && 'enum' in a) push('minor', 'enum value added');
  if ('enum' in b && !('enum' in a)) push(request ? 'major' : 'minor', 'now an enum');
  if ('const' in a || 'const' in b) if (!isDeepStrictEqual(a['const'], b['const'])) push('major', 'const changed');
  for (const key of [...LOWER, ...UPPER, ...PATTERNS]) {
    const [va, vb] = [a[key], b[key]];
    if (isDeepStrictEqual(va, vb)) continue;
    const narrowed =
      vb !== undefined &&
      (va === undefined ||
        PATTERNS.includes(key) ||
        (typeof va === 'number' && typeof vb === 'number' && (LOWER.includes(key) ? vb > va : vb < va)));
    const bump: Bump = request && narrowed ? 'major' : 'minor';
    push(bump, `${key} ${show(va)} → ${show(vb)} (${narrowed ? 'narrowed' : 'widened'})`);
  }
  const [pa, pb] = [isRecord(a['properties']) ? a['properties'] : {}, isRecord(b['properties']) ? b['properties'] : {}];
  const [ra, rb] = [names(a['required']), names(b['required'])];
  for (const [name, schema] of Object.entries(pa)) {
    const next = pb[name];
    if (next === undefined) push('major', `field ${name} removed`);
    else if (isRecord(schema) && isRecord(next)) compareSchemas(schema, next, `${where}.${name}`, direction, out);
  }
  for (const [name, schema] of Object.entries(pb)) {
    if (name in pa) continue;
    const required = rb.includes(name) && !(isRecord(schema) && 'default' in schema);
    push(request && required ? 'major' : 'minor', `${required ? 'required' : 'optional'} field ${name} added`);
  }
  for (const name of Object.keys(pb).filter((n) => n in pa)) {
    const field = pb[name];
    const defaulted = isRecord(field) && 'default' in field;
    if (!ra.includes(name) && rb.includes(name) && !defaulted)
      push(request ? 'major' : 'minor', `field ${name} now required`);
    if (ra.includes(name) && !rb.includes(name)) push(request ? 'minor' : 'major', `field ${name} now optional`);
  }
  for (const key of ['items', 'additionalProperties']) {
    const [va, vb] = [a[key], b[key]];
    if (isRecord(va) && isRecord(vb))
      compareSchemas(va, vb, `${where}.${key === 'items' ? '[]' : '*'}`, direction, out);
    else if (!isDeepStrictEqual(va, vb)) {
      const closes = key === 'additionalProperties' && (vb === false || isRecord(vb)) && va !== false;
      push(request && closes ? 'major' : 'minor', `${key} ${show(va)} → ${show(vb)}`);
    }
  }
  const handled = new Set([
    'type',
    'enum',
    'const',
    'properties',
    'required',
    'items',
    'additionalProperties',
    ...LOWER,
    ...UPPER,
    ...PATTERNS,
  ]);
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (handled.has(key) || isDeepStrictEqual(a[key], b[key])) continue;
    push(DOCS.has(key) ? 'patch' : 'minor', `${key} changed`);
  }
}

function compareOperations(a: OperationModel, b: OperationModel, out: Change[]): void {
  const where = b.operationId;
  const push = (bump: Bump, what: string): void => {
    out.push({ bump, what: `${where}: ${what}` });
  };
  if (a.operationId !== b.operationId) push('major', `renamed from ${a.operationId} (the method moves)`);
  for (const p of a.parameters) {
    const q = b.parameters.find((x) => x.name === p.name && x.in === p.in);
    if (q === undefined) push('major', `${p.in} parameter ${p.name} removed`);
    else {
      if (!p.required && q.required && !q.hasDefault) push('major', `${p.in} parameter ${p.name} now required`);
      if (p.wire !== q.wire) push('minor', `${p.name} goes on the wire as ${String(q.wire)}`);
      compareSchemas(p.schema, q.schema, `${where} ${p.name}`, 'request', out);
    }
  }
  for (const q of b.parameters.filter((x) => !a.parameters.some((p) => p.name === x.name && p.in === x.in))) {
    push(
      q.required && !q.hasDefault ? 'major' : 'minor',
      `${q.required ? 'required' : 'optional'} ${q.in} parameter ${q.name} added`,
    );
  }
  if (a.body && !b.body) push('major', 'request body removed');
  if (!a.body && b.body) push(b.body.required ? 'major' : 'minor', 'request body added');
  if (a.body && b.body) {
    if (!a.body.required && b.body.required) push('major', 'request body now required');
    compareSchemas(a.body.schema, b.body.schema, `${where} body`, 'request', out);
  }
  for (const s of a.successes) {
    const t = b.successes.find((x) => x.status === s.status);
    if (t === undefined) push('major', `success status ${s.status} removed`);
    else if (s.schema && t.schema) compareSchemas(s.schema, t.schema, `${where} ${s.status}`, 'response', out);
    else if (!isDeepStrictEqual(s, t)) push('major', `success ${s.status} content changed`);
  }
  for (const t of b.successes)
    if (!a.successes.some((s) => s.status === t.status)) push('minor', `success status ${t.status} added`);
  for (const [status, codes] of Object.entries(a.errors)) {
    const next = b.errors[status];
    const gone = next === undefined ? codes : codes.filter((c) => !next.includes(c));
    if (next === undefined) push('major', `error status ${status} removed`);
    else if (gone.length > 0) push('major', `error code ${gone.join(', ')} (${status}) removed`);
  }
  for (const [status, codes] of Object.entries(b.errors)) {
    const added = codes.filter((c) => !(a.errors[status] ?? []).includes(c));
    if (added.length > 0) push('minor', `error code ${added.join(', ')} (${status}) added`);
  }
  if (a.pageItems !== b.pageItems) push(b.pageItems === undefined ? 'major' : 'minor', 'pagination changed');
  if (!a.deprecated && b.deprecated) push('minor', 'deprecated');
  if (a.summary !== b.summary || a.description !== b.description) push('patch', 'summary or description changed');
}

const RANK: Record<Bump, number> = { patch: 0, minor: 1, major: 2 };

/** Every change between two (effective) specs and the bump they call for; `undefined` when nothing changed. */
export function classify(before: Json, after: Json): { bump: Bump | undefined; changes: Change[] } {
  const changes: Change[] = [];
  const key = (m: OperationModel): string => `${m.method.toUpperCase()} ${m.path}`;
  const was = new Map(buildModel(before).map((m) => [key(m), m]));
  const now = new Map(buildModel(after).map((m) => [key(m), m]));
  for (const [k, m] of was) {
    const next = now.get(k);
    if (next === undefined) changes.push({ bump: 'major', what: `${m.operationId}: operation removed (${k})` });
    else compareOperations(m, next, changes);
  }
  for (const [k, m] of now)
    if (!was.has(k)) changes.push({ bump: 'minor', what: `${m.operationId}: operation added (${k})` });
  if (!isDeepStrictEqual(before['security'], after['security']))
    changes.push({ bump: 'major', what: 'security changed' });
  if (!isDeepStrictEqual(before['servers'], after['servers'])) changes.push({ bump: 'minor', what: 'servers changed' });
  if (!isDeepStrictEqual(before['info'], after['info'])) changes.push({ bump: 'patch', what: 'info changed' });
  const bump = changes.reduce<Bump | undefined>(
    (top, c) => (top === undefined || RANK[c.bump] > RANK[top] ? c.bump : top),
    undefined,
  );
  return { bump, changes };
}
