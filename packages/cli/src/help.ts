/**
 * `--help` at every level — the CLI, a namespace, a command — written from the generated
 * commands: each command's summary, description, method and path, every flag with its type, enum
 * values, default, limits and whether it is required, and the error codes it declares; what every
 * command shares (the codes any may answer, the environment, the exit codes) said at the top.
 */
import type { CommandDefinition, FlagDefinition, SharedCode } from './command.js';
import { GLOBAL_FLAGS } from './parse.js';

/** The exit codes, stable: their meaning is part of the CLI's interface. */
export const EXIT_CODES: readonly (readonly [number, string])[] = [
  [0, 'success'],
  [1, 'the API answered an error not below (another 4xx, a 5xx)'],
  [2, 'usage: an unknown command or flag, invalid params, bad configuration; nothing sent'],
  [3, 'authentication or permission (401, 403)'],
  [4, 'not found or gone (404, 410)'],
  [5, 'rate limited: a 429 after the SDK’s waits, or no turn under the rate limit in time'],
  [6, 'no answer: the connection failed or timed out'],
  [130, 'interrupted (Ctrl-C): the request in flight was cancelled'],
];

const pad = (rows: readonly (readonly [string, string])[]): string[] => {
  const width = Math.max(0, ...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`.trimEnd());
};

/** The first line of the summary or description: what a list of commands shows. */
const brief = (command: CommandDefinition): string =>
  (command.summary ?? command.description ?? '').split('\n')[0] ?? '';

export function topHelp(version: string, commands: readonly CommandDefinition[]): string {
  const namespaces = new Map<string, string[]>();
  for (const command of commands) {
    const [first = '', ...rest] = command.words;
    namespaces.set(first, [...(namespaces.get(first) ?? []), rest.length === 0 ? brief(command) : rest.join(' ')]);
  }
  return [
    `userplane ${version} — the Userplane Public API on the command line, a command per operation`,
    '',
    'Usage: userplane <namespace> <command> [flags]',
    '       userplane <command> [flags]            (an operation without a namespace)',
    '       userplane completion bash|zsh|fish     (a completion script for the shell)',
    '       userplane rate-limit                   (the rate-limit budget this machine shares; sends nothing)',
    '',
    'Commands:',
    ...pad([...namespaces].map(([name, list]) => [name, list.join(', ')])),
    '',
    'Environment:',
    ...pad([
      ['USERPLANE_API_KEY', 'your API key (uspl_…); required to send'],
      ['USERPLANE_BASE_URL', "the API's base URL (or --base-url)"],
      ['USERPLANE_REDIS_URL', 'share the rate limit with processes on other machines'],
    ]),
    '',
    'Calls are paced to the API’s limit (120 a minute per user) across every userplane process of',
    'this machine (a budget on disk), retried when the API was busy (never a create that may have',
    'been done), and validated before anything is sent. The key never appears in any output.',
    '',
    'Exit codes:',
    ...pad(EXIT_CODES.map(([code, meaning]) => [String(code), meaning])),
    '',
    'userplane <namespace> --help lists its commands; userplane <namespace> <command> --help its flags.',
    '',
  ].join('\n');
}

export function namespaceHelp(namespace: string, commands: readonly CommandDefinition[]): string {
  return [
    `userplane ${namespace} — commands:`,
    '',
    ...pad(commands.map((command) => [command.words.slice(1).join(' '), brief(command)])),
    '',
    `userplane ${namespace} <command> --help says more of each.`,
    '',
  ].join('\n');
}

function flagLine(flag: FlagDefinition): [string, string] {
  const type =
    flag.enum !== undefined
      ? `${flag.type === 'array' ? 'repeat: ' : ''}${flag.enum.join('|')}`
      : flag.type === 'array'
        ? `${flag.items ?? 'string'}, repeat the flag`
        : flag.type === 'object'
          ? 'JSON object'
          : flag.type;
  const facts = [
    flag.required ? 'required' : undefined,
    flag.default !== undefined ? `default ${JSON.stringify(flag.default)}` : undefined,
    flag.nullable ? 'null clears it' : undefined,
    flag.limits,
  ].filter((fact) => fact !== undefined);
  const value = flag.type === 'boolean' ? ` (--no-${flag.flag})` : ` <${type}>`;
  return [`--${flag.flag}${value}`, `${flag.description}${facts.length === 0 ? '' : ` [${facts.join('; ')}]`}`];
}

export function commandHelp(command: CommandDefinition, shared: readonly SharedCode[]): string {
  const own = Object.entries(command.errors).map(([status, codes]) => `${status} ${codes.join(', ')}`);
  const required = command.flags.filter((flag) => flag.required).map((flag) => `--${flag.flag} …`);
  return [
    `userplane ${command.words.join(' ')} — ${brief(command)}`,
    '',
    ...(command.description !== undefined && command.description !== command.summary ? [command.description, ''] : []),
    `  ${command.method} ${command.path}${command.pageItems === undefined ? '' : `   (a paged list of ${command.pageItems}: --all walks every page)`}`,
    '',
    `Usage: userplane ${[...command.words, ...required].join(' ')} [flags]`,
    '',
    'Flags:',
    ...(command.flags.length === 0 ? ['  (none)'] : pad(command.flags.map(flagLine))),
    '',
    'Global flags:',
    ...pad(GLOBAL_FLAGS.map(([name, value, what]) => [`${name}${value === '' ? '' : ` <${value}>`}`, what])),
    '',
    'Errors it declares:',
    ...(own.length === 0 ? ['  (none of its own)'] : own.map((line) => `  ${line}`)),
    `and, as every command: ${shared.map((code) => `${code.status} ${code.code}`).join(', ')}`,
    '',
  ].join('\n');
}
