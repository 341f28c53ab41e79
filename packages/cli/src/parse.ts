/**
 * A command's flags, read as the spec types them: `--workspace-id ws_1` or `--workspace-id=ws_1`;
 * booleans `--x`, `--no-x`, `--x=false`; numbers by the schema; arrays by repeating the flag;
 * objects as JSON; `null` for a field that takes it. `--data` gives the whole flat params object
 * (JSON, `@file.json` or `@-` for stdin); flags beside it win. The CLI's own flags come after the
 * command too. Anything else is a usage error naming the flag — and the nearest valid names.
 */
import type { CommandDefinition, FlagDefinition, FlagType } from './command.js';

export const FORMATS = ['json', 'jsonl', 'table'] as const;
export type Format = (typeof FORMATS)[number];

/** The CLI's own flags, for every command. */
export interface Globals {
  format: Format | undefined;
  query: string | undefined;
  all: boolean;
  maxItems: number | undefined;
  dryRun: boolean;
  baseUrl: string | undefined;
  data: string | undefined;
  help: boolean;
}

/** Its help, in the order it shows them: name, value, what it does. */
export const GLOBAL_FLAGS: readonly (readonly [string, string, string])[] = [
  ['--format', 'json|jsonl|table', 'how to print the answer (default json; indented on a terminal)'],
  ['--query', 'JMESPath', 'print only what the expression selects (of the items, with --all)'],
  ['--all', '', 'a list: walk every page, print every item'],
  ['--max-items', 'n', 'with --all: stop after n items'],
  ['--data', 'json|@file|@-', 'the params as one JSON object (flags beside it win)'],
  ['--dry-run', '', 'validate, print the request that would be sent, send nothing'],
  ['--base-url', 'url', "the API's base URL (default USERPLANE_BASE_URL, else the spec's server)"],
  ['--help', '', 'this command’s help'],
];

/** A usage error: exit 2, nothing sent. */
export class UsageError extends Error {
  static {
    this.prototype.name = 'UsageError';
  }
}

/** Edit distance: for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] ?? 0;
      row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
}

/** The names closest to `name` (at most three), for an error message. */
export function nearest(name: string, names: readonly string[]): string[] {
  const scored = names.map((candidate) => ({ candidate, score: distance(name, candidate) }));
  const fit = scored.filter(
    ({ candidate, score }) => score <= Math.max(2, Math.floor(candidate.length / 3)) || candidate.includes(name),
  );
  return fit
    .sort((a, b) => a.score - b.score)
    .slice(0, 3)
    .map(({ candidate }) => candidate);
}

const suggestion = (name: string, names: readonly string[]): string => {
  const close = nearest(name, names);
  return close.length === 0 ? '' : `; did you mean ${close.join(', ')}?`;
};

function scalar(flag: string, type: FlagType, raw: string, nullable: boolean): unknown {
  if (nullable && raw === 'null') return null;
  switch (type) {
    case 'integer':
      if (!/^-?\d+$/.test(raw)) throw new UsageError(`--${flag}: ${JSON.stringify(raw)} is not a whole number`);
      return Number(raw);
    case 'number':
      if (raw.trim() === '' || !Number.isFinite(Number(raw)))
        throw new UsageError(`--${flag}: ${JSON.stringify(raw)} is not a number`);
      return Number(raw);
    case 'boolean':
      if (raw !== 'true' && raw !== 'false')
        throw new UsageError(`--${flag}: ${JSON.stringify(raw)} is not true or false`);
      return raw === 'true';
    case 'object': {
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch {
        throw new UsageError(`--${flag}: not JSON (an object is given as JSON: '{"key":"value"}')`);
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        throw new UsageError(`--${flag}: not a JSON object`);
      return value;
    }
    default:
      return raw;
  }
}

/** The value of one occurrence of `definition`'s flag, merged with what earlier ones gave. */
function valueOf(definition: FlagDefinition, raw: string, before: unknown): unknown {
  const { flag, type, nullable = false } = definition;
  if (type !== 'array') return scalar(flag, type, raw, nullable);
  const item = scalar(flag, definition.items ?? 'string', raw, false);
  const earlier: unknown[] = Array.isArray(before) ? before : [];
  return [...earlier, item];
}

export interface Parsed {
  readonly params: Record<string, unknown>;
  readonly globals: Globals;
}

/** Reads `args` (what follows the command's words) against `command`'s flags. */
export function parseArgs(command: CommandDefinition, args: readonly string[]): Parsed {
  const byFlag = new Map(command.flags.map((definition) => [definition.flag, definition]));
  const globalNames = GLOBAL_FLAGS.map(([name]) => name.slice(2));
  const names = [...byFlag.keys(), ...globalNames].map((name) => `--${name}`);
  const globals: Globals = {
    format: undefined,
    query: undefined,
    all: false,
    maxItems: undefined,
    dryRun: false,
    baseUrl: undefined,
    data: undefined,
    help: false,
  };
  const params: Record<string, unknown> = {};
  for (let at = 0; at < args.length; at++) {
    const arg = args[at] ?? '';
    if (arg === '-h') {
      globals.help = true;
      continue;
    }
    if (!arg.startsWith('--'))
      throw new UsageError(`unexpected argument ${JSON.stringify(arg)}: every value follows its flag (--name value)`);
    const equals = arg.indexOf('=');
    const name = equals < 0 ? arg.slice(2) : arg.slice(2, equals);
    const inline = equals < 0 ? undefined : arg.slice(equals + 1);
    const negated = name.startsWith('no-') ? byFlag.get(name.slice(3)) : undefined;
    const definition = byFlag.get(name) ?? (negated?.type === 'boolean' ? negated : undefined);
    const next = (): string => {
      if (inline !== undefined) return inline;
      const value = args[at + 1];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      at += 1;
      return value;
    };
    if (definition !== undefined) {
      if (definition.type === 'boolean') {
        if (definition !== byFlag.get(name)) {
          if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
          params[definition.name] = false;
        } else params[definition.name] = inline === undefined ? true : scalar(name, 'boolean', inline, false);
      } else params[definition.name] = valueOf(definition, next(), params[definition.name]);
      continue;
    }
    switch (name) {
      case 'format': {
        const format = next();
        if (!FORMATS.some((known) => known === format))
          throw new UsageError(`--format: ${JSON.stringify(format)} is not one of ${FORMATS.join(', ')}`);
        globals.format = FORMATS.find((known) => known === format);
        break;
      }
      case 'query':
        globals.query = next();
        break;
      case 'max-items': {
        const raw = next();
        if (!/^\d+$/.test(raw) || Number(raw) < 1)
          throw new UsageError(`--max-items: ${JSON.stringify(raw)} is not a whole number of 1 or more`);
        globals.maxItems = Number(raw);
        break;
      }
      case 'base-url':
        globals.baseUrl = next();
        break;
      case 'data':
        globals.data = next();
        break;
      case 'all':
      case 'dry-run':
      case 'help':
        if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
        if (name === 'all') globals.all = true;
        else if (name === 'dry-run') globals.dryRun = true;
        else globals.help = true;
        break;
      default:
        throw new UsageError(
          `unknown flag --${name} for userplane ${command.words.join(' ')}${suggestion(`--${name}`, names)}`,
        );
    }
  }
  if (globals.maxItems !== undefined && !globals.all) throw new UsageError('--max-items goes with --all');
  return { params, globals };
}

/** Joins `--data`'s object with the flags' params: flags win. */
export function withData(data: unknown, params: Record<string, unknown>): Record<string, unknown> {
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new UsageError('--data: not a JSON object of params');
  return { ...Object.fromEntries(Object.entries(data)), ...params };
}
