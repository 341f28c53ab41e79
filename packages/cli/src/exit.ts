/**
 * How a command ends when it fails: its exit code (help.ts EXIT_CODES, stable) and what it says
 * on stderr — the line the MCP server says too (packages/shared/src/failure.ts), invalid params
 * named by their flags, and, with `--format json` or `jsonl`, one JSON object of details.
 */
import { isUserplaneError } from 'userplane';
import { reportFailure } from '../../shared/src/failure.js';
import type { Redact } from '../../shared/src/json.js';
import { SetupError } from '../../shared/src/setup.js';
import type { CommandDefinition } from './command.js';
import { UsageError, type Format } from './parse.js';

/** The exit code of a failure (help.ts says what each means). */
export function exitCode(error: unknown, interrupted: boolean): number {
  if (interrupted) return 130;
  if (error instanceof UsageError || error instanceof SetupError) return 2;
  if (!isUserplaneError(error)) return 1;
  switch (error.kind) {
    case 'validation':
    case 'config':
      return 2;
    case 'pacing':
      return 5;
    case 'connection':
    case 'timeout':
    case 'abort':
      return 6;
    case 'api': {
      const status = 'status' in error && typeof error.status === 'number' ? error.status : 0;
      if (status === 401 || status === 403) return 3;
      if (status === 404 || status === 410) return 4;
      return status === 429 ? 5 : 1;
    }
    default:
      return 1;
  }
}

/** What to write on stderr for `error`: the line, then (json, jsonl) the details as one JSON line. */
export function failureLines(
  command: CommandDefinition | undefined,
  error: unknown,
  redact: Redact,
  format: Format,
): string[] {
  if (error instanceof UsageError || error instanceof SetupError || command === undefined) {
    const message = redact(error instanceof Error ? error.message : String(error));
    return [`userplane: ${message}`, ...(format === 'table' ? [] : [JSON.stringify({ kind: 'usage', message })])];
  }
  const report = reportFailure(command.operationId, error, redact);
  const flags = new Map(command.flags.map((flag) => [flag.name, `--${flag.flag}`]));
  // Invalid params by the flags that give them (`--link-meta (a)` for linkMeta.a).
  const issues = report.details['issues'];
  const line =
    report.kind === 'validation' && typeof issues === 'object' && issues !== null
      ? `${command.operationId}: invalid params — ${Object.entries(issues)
          .map(([path, problems]) => {
            const [field = '', ...rest] = path.split('.');
            const flag = flags.get(field) ?? field;
            return `${flag}${rest.length === 0 ? '' : ` (${rest.join('.')})`}: ${([] as unknown[]).concat(problems).join(', ')}`;
          })
          .join('; ')}`
      : report.line;
  return [line, ...(format === 'table' ? [] : [JSON.stringify(report.details)])];
}
