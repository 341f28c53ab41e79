/**
 * What changed between two specs, operation by operation: added, removed, changed (anything in
 * the operation, or a shared part such as `servers`). Used by `spec:pull` for its summary and by
 * the regeneration workflow for the pull request body.
 */
import { isDeepStrictEqual } from 'node:util';
import { isRecord } from '../spec.js';

export interface OperationChanges {
  added: string[];
  removed: string[];
  changed: string[];
  /** Top-level fields other than `paths` that differ, e.g. `servers`. */
  shared: string[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** `METHOD path (operationId)` → the operation object. */
export function operationsOf(spec: unknown): Map<string, Record<string, unknown>> {
  const operations = new Map<string, Record<string, unknown>>();
  const paths = isRecord(spec) && isRecord(spec['paths']) ? spec['paths'] : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!isRecord(item)) continue;
    for (const method of METHODS) {
      const operation = item[method];
      if (isRecord(operation)) operations.set(`${method.toUpperCase()} ${path}`, operation);
    }
  }
  return operations;
}

function label(key: string, operation: Record<string, unknown> | undefined): string {
  const id = operation?.['operationId'];
  return typeof id === 'string' ? `${id} (${key})` : key;
}

export function operationChanges(before: unknown, after: unknown): OperationChanges {
  const was = operationsOf(before);
  const now = operationsOf(after);
  const changes: OperationChanges = { added: [], removed: [], changed: [], shared: [] };
  for (const [key, operation] of now) {
    const old = was.get(key);
    if (old === undefined) changes.added.push(label(key, operation));
    else if (!isDeepStrictEqual(old, operation)) changes.changed.push(label(key, operation));
  }
  for (const [key, operation] of was) if (!now.has(key)) changes.removed.push(label(key, operation));
  const fields = new Set([
    ...Object.keys(isRecord(before) ? before : {}),
    ...Object.keys(isRecord(after) ? after : {}),
  ]);
  for (const field of [...fields].sort()) {
    if (field === 'paths') continue;
    const a = isRecord(before) ? before[field] : undefined;
    const b = isRecord(after) ? after[field] : undefined;
    if (!isDeepStrictEqual(a, b)) changes.shared.push(field);
  }
  for (const list of [changes.added, changes.removed, changes.changed]) list.sort();
  return changes;
}

/** The changes as Markdown lines (also readable as plain text). */
export function renderChanges(changes: OperationChanges): string {
  const section = (title: string, items: string[]): string[] =>
    items.length === 0 ? [] : [`${title} (${items.length}):`, ...items.map((item) => `- ${item}`)];
  const lines = [
    ...section('Operations added', changes.added),
    ...section('Operations removed', changes.removed),
    ...section('Operations changed', changes.changed),
    ...section('Shared parts changed', changes.shared),
  ];
  return lines.length === 0 ? 'No operation changed.' : lines.join('\n');
}
