/**
 * `userplane-mcp`: the Userplane API as MCP tools, over stdio (the default) or Streamable HTTP,
 * for clients of either protocol revision. stdout carries protocol messages only; every line of
 * its own goes to stderr — and none holds a key. A refusal names the variable or flag it comes
 * from and ends the process before any client connects (exit 2 for a flag, 1 for the rest); a
 * Redis that does not answer is refused within seconds. SIGTERM, SIGINT and the end of stdin
 * abort every call in flight (their upstream requests included) and end the process.
 */
import { parseArgs } from 'node:util';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { Userplane } from 'userplane';
import {
  checkBaseUrl,
  checkKey,
  connectBudget,
  SetupError,
  setting,
  type SharedBudget,
} from '../../shared/src/setup.js';
import { callLimits } from './call.js';
import { Clients } from './clients.js';
import { isLoopback, serveHttp } from './http.js';
import { createServer } from './server.js';
import { selectTools, toolsets, usage } from './tools.js';
import { VERSION } from './version.js';

/** A line for the operator, on stderr (stdout is the protocol's). */
const say = (line: string): void => {
  process.stderr.write(`userplane-mcp: ${line}\n`);
};

/** Ends the process: a clear line on stderr, an exit code not 0. */
function fail(line: string, code = 1): never {
  say(line);
  process.exit(code);
}

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');

/** A whole number of `flag` in [min, max], or the fallback. */
function whole(flag: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    fail(`${flag} must be a whole number from ${min} to ${max} (got ${value})`, 2);
  return n;
}

function flags(): ReturnType<typeof parse> {
  try {
    return parse();
  } catch (error) {
    fail(`${error instanceof Error ? error.message : String(error)} (see --help)`, 2);
  }
}

const parse = () =>
  parseArgs({
    options: {
      toolsets: { type: 'string' },
      tools: { type: 'string' },
      'read-only': { type: 'boolean', default: false },
      'max-retries': { type: 'string' },
      deadline: { type: 'string' },
      http: { type: 'boolean', default: false },
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      'allow-remote-host': { type: 'boolean', default: false },
      'allowed-hosts': { type: 'string' },
      help: { type: 'boolean', default: false },
      version: { type: 'boolean', default: false },
    },
  }).values;

async function main(): Promise<void> {
  const values = flags();
  if (values.help) return void process.stdout.write(usage(VERSION, toolsets()));
  if (values.version) return void process.stdout.write(`${VERSION}\n`);
  let chosen: ReturnType<typeof selectTools>;
  try {
    chosen = selectTools({ toolsets: list(values.toolsets), tools: list(values.tools), readOnly: values['read-only'] });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error), 2);
  }
  const maxRetries = whole('--max-retries', values['max-retries'], 3, 0, 10);
  const deadlineMs = whole('--deadline', values.deadline, 50, 5, 3_600) * 1000;
  const port = whole('--port', values.port, 3000, 0, 65_535);
  if (values.http && !isLoopback(values.host) && !values['allow-remote-host']) {
    fail(`--host ${values.host} can be reached from other machines: add --allow-remote-host to serve there`, 2);
  }
  const key = setting([process.env['USERPLANE_API_KEY'], 'USERPLANE_API_KEY']);
  const baseUrl = setting([process.env['USERPLANE_BASE_URL'], 'USERPLANE_BASE_URL']);
  const redisUrl = setting([process.env['USERPLANE_REDIS_URL'], 'USERPLANE_REDIS_URL']);
  let budget: SharedBudget | undefined;
  let clients: Clients;
  let target: string;
  try {
    // Each value checked on its own, so that a refusal names its source. Over HTTP without a key
    // of its own, the server is in the remote mode: each request brings its key.
    if (key !== undefined || !values.http) checkKey(key);
    target = checkBaseUrl(baseUrl);
    budget = redisUrl === undefined ? undefined : await connectBudget(redisUrl);
    const limits = callLimits(deadlineMs);
    const shared = budget;
    clients = new Clients(
      (apiKey) =>
        new Userplane({
          ...limits,
          apiKey,
          baseUrl: target,
          maxRetries,
          rateLimit: { ...limits.rateLimit, ...(shared === undefined ? {} : { store: shared.storeFor(apiKey) }) },
        }),
    );
  } catch (error) {
    fail(error instanceof SetupError ? error.message : `could not start: ${String(error)}`);
  }

  const shutdown = new AbortController();
  let close = (): Promise<void> => Promise.resolve();
  /** A fault of the protocol's transport (a message over its limit, a broken pipe): the exit is not 0. */
  let faulted = false;
  const stop = async (): Promise<void> => {
    shutdown.abort(new Error('the server is shutting down'));
    await Promise.race([Promise.all([close(), budget?.close()]), new Promise((resolve) => setTimeout(resolve, 1_000))]);
    process.exit(faulted ? 1 : 0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      say(`${signal}: ending the calls in flight`);
      void stop();
    });
  }

  const options = { tools: chosen.tools, deadlineMs, shutdown: shutdown.signal };
  for (const note of chosen.notes) say(note);
  const shared = budget === undefined ? '' : ', pacing shared through Redis';
  say(`${VERSION}: ${chosen.tools.length} tools for ${target}${shared}; each call ends within ${deadlineMs / 1000} s`);

  if (values.http) {
    const { http, url } = await serveHttp({
      host: values.host,
      port,
      allowedHosts: list(values['allowed-hosts']),
      apiKey: key?.value,
      clients,
      serverFor: (keyed, track) => createServer({ ...options, track }, keyed),
      onerror: (error) => {
        say(`HTTP: ${error.message}`);
      },
    });
    const remote = key === undefined ? ' — each request with its own key (Authorization: Bearer uspl_…)' : '';
    say(`serving Streamable HTTP at ${url}${remote}`);
    close = () =>
      new Promise((resolve) => {
        http.close(() => {
          resolve();
        });
        http.closeAllConnections();
      });
  } else {
    const keyed = clients.get(key?.value ?? '');
    const handle = serveStdio(() => createServer(options, keyed), {
      onerror: (error) => {
        // However the process then ends — stop() below, or no handle left — its code says so.
        faulted = true;
        process.exitCode = 1;
        say(`stdio: ${error.message}; the connection is closed`);
      },
    });
    close = () => handle.close();
    // stdin closed (by the client, or by the transport after a fault): end the calls in flight, then the process.
    process.stdin.once('close', () => {
      void stop();
    });
  }
}

await main();
