/**
 * `userplane`: the Userplane API on the command line, a command per operation of the spec
 * (generated/commands.ts) — `userplane links create --workspace-id ws_1 --domain-id dom_1`.
 * stdout carries the answer and nothing else; messages go to stderr; the exit code says how it
 * ended (help.ts EXIT_CODES). Only what a command needs is loaded: JMESPath for `--query`, Redis
 * for USERPLANE_REDIS_URL.
 */
import { readFileSync } from 'node:fs';
import { keyRedactor } from 'userplane';
import type { CommandDefinition } from './command.js';
import { completionScript } from './completion.js';
import { exitCode, failureLines } from './exit.js';
import { commands, sharedCodes } from './generated/commands.js';
import { commandHelp, namespaceHelp, topHelp } from './help.js';
import { nearest, parseArgs, UsageError, type Format } from './parse.js';
import { checkRateLimitFlags, RATE_LIMIT, rateLimitHelp } from './rate-limit.js';
import { runCommand, type Io } from './run.js';
import { VERSION } from './version.js';

const write = (stream: NodeJS.WriteStream) => (text: string) => {
  stream.write(text);
};

/** The command `argv` names, and the arguments after its words; or the help or refusal to print. */
function route(argv: readonly string[]): { command: CommandDefinition; rest: string[] } | { help: string } {
  const [first = '', second] = argv;
  if (first === RATE_LIMIT.words[0]) return { command: RATE_LIMIT, rest: argv.slice(1) };
  const namespace = commands.filter((command) => command.words[0] === first);
  if (namespace.length === 0) {
    const firsts = [...new Set(commands.map((command) => command.words[0] ?? ''))];
    const close = nearest(first, [...firsts, 'completion', 'rate-limit']);
    throw new UsageError(
      `unknown command ${first}${close.length === 0 ? '' : `; did you mean ${close.join(', ')}?`} (userplane --help lists them)`,
    );
  }
  const single = namespace.find((command) => command.words.length === 1);
  if (single !== undefined) return { command: single, rest: argv.slice(1) };
  if (second === undefined || second === '--help' || second === '-h') return { help: namespaceHelp(first, namespace) };
  const command = namespace.find((candidate) => candidate.words.slice(1).join(' ') === second);
  if (command === undefined) {
    const close = nearest(
      second,
      namespace.map((candidate) => candidate.words.slice(1).join(' ')),
    );
    throw new UsageError(
      `unknown command ${first} ${second}${close.length === 0 ? '' : `; did you mean ${close.map((name) => `${first} ${name}`).join(', ')}?`}`,
    );
  }
  return { command, rest: argv.slice(2) };
}

async function main(argv: readonly string[]): Promise<number> {
  const env = process.env;
  const redact = keyRedactor(env['USERPLANE_API_KEY']?.trim() ?? '');
  const interrupt = new AbortController();
  let interrupted = false;
  process.once('SIGINT', () => {
    interrupted = true;
    interrupt.abort(new Error('interrupted (Ctrl-C)'));
  });
  let command: CommandDefinition | undefined;
  let format: Format = 'json';
  try {
    const [first] = argv;
    if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
      process.stdout.write(topHelp(VERSION, commands));
      return 0;
    }
    if (first === '--version') {
      process.stdout.write(`${VERSION}\n`);
      return 0;
    }
    if (first === 'completion') {
      process.stdout.write(completionScript(argv[1], commands));
      return 0;
    }
    const routed = route(argv);
    if ('help' in routed) {
      process.stdout.write(routed.help);
      return 0;
    }
    command = routed.command;
    const { params, globals } = parseArgs(command, routed.rest);
    format = globals.format ?? 'json';
    if (globals.help) {
      process.stdout.write(command === RATE_LIMIT ? rateLimitHelp() : commandHelp(command, sharedCodes));
      return 0;
    }
    if (command === RATE_LIMIT) checkRateLimitFlags(globals);
    const io: Io = {
      env,
      stdout: write(process.stdout),
      stderr: write(process.stderr),
      stdoutIsTty: process.stdout.isTTY,
      stderrIsTty: process.stderr.isTTY,
      readStdin: () => readFileSync(0, 'utf8'),
      interrupt: interrupt.signal,
    };
    await runCommand(command, params, globals, io, redact);
    return 0;
  } catch (error) {
    for (const line of failureLines(command, error, redact, format)) process.stderr.write(`${line}\n`);
    return exitCode(error, interrupted);
  }
}

process.exitCode = await main(process.argv.slice(2));
