/**
 * The answer, printed: `json` (the default; indented on a terminal, one line otherwise), `jsonl`
 * (a list's items one per line, else the body on one line), `table` (a list's items, or an
 * object's fields, for people). `--query` filters with JMESPath first (the maintained
 * `@jmespath-community/jmespath`, loaded only when asked). The key is redacted before anything
 * is printed, by the caller.
 */
import { isRecord } from '../../shared/src/json.js';
import type { Format } from './parse.js';
import { UsageError } from './parse.js';

/** The items of a paged list's body (`data.<pageItems>`), if it is one. */
export function pageItems(body: unknown, key: string | undefined): unknown[] | undefined {
  const data = isRecord(body) ? body['data'] : undefined;
  const items = key !== undefined && isRecord(data) ? data[key] : undefined;
  return Array.isArray(items) ? items : undefined;
}

/** `value` filtered by the JMESPath `expression`. */
export async function query(value: unknown, expression: string): Promise<unknown> {
  const { search } = await import('@jmespath-community/jmespath');
  try {
    // The library's own JSON type: the value is JSON parsed from the API's answer.
    return search(JSON.parse(JSON.stringify(value ?? null)) as Parameters<typeof search>[0], expression);
  } catch (error) {
    throw new UsageError(`--query: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const cell = (value: unknown): string => {
  const text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 40 ? `${flat.slice(0, 39)}…` : flat;
};

function rows(lines: string[][]): string {
  const widths = lines[0]?.map((_, column) => Math.max(...lines.map((line) => (line[column] ?? '').length))) ?? [];
  return lines
    .map((line) =>
      line
        .map((text, column) => text.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Dotted paths to every scalar of `value` (`data.link.linkId`), three levels deep at most. */
function fields(value: unknown, prefix = '', depth = 0): [string, unknown][] {
  if (!isRecord(value) || depth >= 3) return [[prefix, value]];
  return Object.entries(value).flatMap(([key, item]) =>
    fields(item, prefix === '' ? key : `${prefix}.${key}`, depth + 1),
  );
}

function table(value: unknown): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '(no items)';
    if (!value.every(isRecord)) return value.map(cell).join('\n');
    const columns = [...new Set(value.flatMap((item) => Object.keys(item)))];
    return rows([
      columns.map((column) => column.toUpperCase()),
      ...value.map((item) => columns.map((column) => cell(item[column]))),
    ]);
  }
  if (!isRecord(value)) return cell(value);
  return rows([['FIELD', 'VALUE'], ...fields(value).map(([path, item]) => [path, cell(item)])]);
}

/**
 * The text to print for `value`. `items`: the list it holds, when it is a page (or the items
 * --all walked) — jsonl and table print those.
 */
export function render(value: unknown, items: unknown[] | undefined, format: Format, tty: boolean): string {
  switch (format) {
    case 'jsonl':
      return (items ?? (Array.isArray(value) ? value : [value])).map((item) => JSON.stringify(item)).join('\n');
    case 'table':
      return table(items ?? value);
    default:
      return JSON.stringify(value ?? null, null, tty ? 2 : undefined);
  }
}
