/**
 * `userplane rate-limit`: the rate-limit budget this machine's `userplane` processes share for the
 * key and API (the budget on disk, or in Redis with USERPLANE_REDIS_URL), as the SDK's
 * `rateLimitState()` reads it — `gh api rate_limit`'s habit, for a shell loop that checks before a
 * batch: `userplane rate-limit --query remaining`. Nothing is sent to the API.
 */
import type { CommandDefinition } from './command.js';
import { GLOBAL_FLAGS, UsageError, type Globals } from './parse.js';

/** The command's definition, for the parser, the runner and completion: no flags of its own. */
export const RATE_LIMIT: CommandDefinition = {
  operationId: '',
  words: ['rate-limit'],
  method: '',
  path: '',
  summary: 'the rate-limit budget this machine shares for the key and API (nothing is sent)',
  errors: {},
  flags: [],
};

/** The CLI's flags that mean something here. */
export const RATE_LIMIT_FLAGS = ['--format', '--query', '--base-url', '--help'];

/** Refuses the CLI's flags that need a call. */
export function checkRateLimitFlags(globals: Globals): void {
  const refused = [
    globals.all && '--all',
    globals.maxItems !== undefined && '--max-items',
    globals.dryRun && '--dry-run',
    globals.data !== undefined && '--data',
  ].filter((flag) => flag !== false);
  if (refused.length > 0) throw new UsageError(`userplane rate-limit takes no ${refused.join(', ')}: it sends nothing`);
}

export function rateLimitHelp(): string {
  const flags = GLOBAL_FLAGS.filter(([name]) => RATE_LIMIT_FLAGS.includes(name));
  const width = Math.max(...flags.map(([name, value]) => `${name}${value === '' ? '' : ` <${value}>`}`.length));
  return [
    `userplane rate-limit — ${RATE_LIMIT.summary ?? ''}`,
    '',
    'Prints { requests, per, used, remaining, waitMs, paused }: the limit and its window (ms), the',
    'turns counting in the window now (in flight included), what is left, the ms until a turn is',
    'free (0 when one is), and the pause a 429 set ({ ms, spent, reason }) while it lasts.',
    '',
    'Usage: userplane rate-limit [--query remaining]',
    '',
    'Flags:',
    ...flags.map(([name, value, what]) => `  ${`${name}${value === '' ? '' : ` <${value}>`}`.padEnd(width)}  ${what}`),
    '',
  ].join('\n');
}
