/**
 * One command, run: the params (flags over `--data`), the client (the key, the base URL and the
 * rate-limit budget, each refused by its source), then the call through the SDK — or, with
 * `--dry-run`, the request it would send, printed and not sent. A list walks its pages with
 * `--all` (the SDK's walker), stopping at `--max-items`. Ctrl-C aborts the call in flight. On a
 * terminal, stderr says what the SDK waits for. The key is redacted from everything printed.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Userplane, type RateLimitStore } from 'userplane';
import { FileRateLimitStore } from '../../shared/src/file-store.js';
import { redactJson, type Redact } from '../../shared/src/json.js';
import { operationCall } from '../../shared/src/operation.js';
import { checkBaseUrl, checkKey, connectBudget, keyHash, setting, type SharedBudget } from '../../shared/src/setup.js';
import { waitText } from '../../shared/src/waits.js';
import type { CommandDefinition } from './command.js';
import { pageItems, query, render } from './output.js';
import { RATE_LIMIT } from './rate-limit.js';
import { UsageError, withData, type Globals } from './parse.js';

/** Where the command's output and messages go, and what it reads. */
export interface Io {
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly stdoutIsTty: boolean;
  readonly stderrIsTty: boolean;
  readonly readStdin: () => string;
  /** Fires on Ctrl-C. */
  readonly interrupt: AbortSignal;
}

/** `--data`'s JSON: given inline, `@file.json`, or `@-` (stdin). */
function readData(data: string, io: Io): unknown {
  let text = data;
  try {
    if (data === '@-') text = io.readStdin();
    else if (data.startsWith('@')) text = readFileSync(data.slice(1), 'utf8');
  } catch (error) {
    throw new UsageError(`--data: ${data} cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`--data: ${data === text ? 'its value' : data} is not JSON`);
  }
}

/** The budget on disk every process of this machine shares for a key and API: `$XDG_STATE_HOME/userplane/`. */
function fileStore(env: NodeJS.ProcessEnv, apiKey: string, baseUrl: string): FileRateLimitStore {
  const state = env['XDG_STATE_HOME']?.trim() || join(homedir(), '.local/state');
  return new FileRateLimitStore(join(state, 'userplane', 'pacing', `${keyHash(apiKey)}-${keyHash(baseUrl)}.json`));
}

/** The request a call would send: method, full URL, headers (the key redacted) and JSON body. */
async function dryRun(command: CommandDefinition, params: unknown, apiKey: string, baseUrl: string): Promise<unknown> {
  let sent: Request | undefined;
  const client = new Userplane({
    apiKey,
    baseUrl,
    maxRetries: 0,
    rateLimit: false,
    fetch: (request) => {
      sent = request;
      return Promise.resolve(new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } }));
    },
  });
  await operationCall(client, command.operationId)?.(params);
  if (sent === undefined) throw new Error('nothing would be sent');
  const body = sent.method === 'GET' || sent.method === 'DELETE' ? '' : await sent.text();
  return {
    method: sent.method,
    url: sent.url,
    headers: Object.fromEntries(sent.headers),
    body: body === '' ? null : (JSON.parse(body) as unknown),
  };
}

/**
 * Runs `command` with its flags' params and the CLI's flags; resolves once it printed its answer.
 * `redact` keeps the key (USERPLANE_API_KEY) out of everything printed.
 */
export async function runCommand(
  command: CommandDefinition,
  flagParams: Record<string, unknown>,
  globals: Globals,
  io: Io,
  redact: Redact,
): Promise<void> {
  const params = globals.data === undefined ? flagParams : withData(readData(globals.data, io), flagParams);
  const key = setting([io.env['USERPLANE_API_KEY'], 'USERPLANE_API_KEY']);
  // A dry run sends nothing: it needs no key, and shows none.
  const apiKey = key === undefined && globals.dryRun ? 'uspl_dry_run_no_key' : checkKey(key);
  const baseUrl = checkBaseUrl(
    setting([globals.baseUrl, '--base-url'], [io.env['USERPLANE_BASE_URL'], 'USERPLANE_BASE_URL']),
  );
  const format = globals.format ?? 'json';
  // jsonl and table print a list's items: those --all walked, or those of the page; a query's result as it is.
  const print = async (value: unknown): Promise<void> => {
    const safe = redactJson(value, redact);
    const shown = globals.query === undefined ? safe : await query(safe, globals.query);
    const items =
      globals.query !== undefined ? undefined : Array.isArray(safe) ? safe : pageItems(safe, command.pageItems);
    io.stdout(`${render(shown, items, format, io.stdoutIsTty)}\n`);
  };
  if (globals.dryRun) {
    const request = await dryRun(command, params, apiKey, baseUrl);
    await print(request);
    return;
  }

  const redisUrl = setting([io.env['USERPLANE_REDIS_URL'], 'USERPLANE_REDIS_URL']);
  const budget: SharedBudget | undefined = redisUrl === undefined ? undefined : await connectBudget(redisUrl);
  const store: RateLimitStore = budget?.storeFor(apiKey) ?? fileStore(io.env, apiKey, baseUrl);
  const client = new Userplane({
    apiKey,
    baseUrl,
    rateLimit: { store },
    logger: (event) => {
      const text = io.stderrIsTty ? waitText(event) : undefined;
      if (text !== undefined) io.stderr(`userplane: ${text}\n`);
    },
  });
  try {
    if (command === RATE_LIMIT) {
      const state = await client.rateLimitState();
      // Said, not left out: a script's --query paused reads null, not nothing.
      await print(state && { ...state, paused: state.paused ?? null });
      return;
    }
    const call = operationCall(client, command.operationId);
    if (call === undefined) throw new UsageError(`this version of the SDK has no ${command.operationId}`);
    const options = { signal: io.interrupt };
    if (globals.all) {
      if (command.pageItems === undefined)
        throw new UsageError(`--all: userplane ${command.words.join(' ')} is not a paged list`);
      const walked: unknown[] = [];
      const pages = call(params, options);
      const walk = pages[Symbol.asyncIterator]?.bind(pages);
      if (walk === undefined) throw new UsageError('--all: the SDK gave no pages to walk');
      for await (const item of { [Symbol.asyncIterator]: walk }) {
        walked.push(item);
        if (walked.length === globals.maxItems) break;
      }
      await print(walked);
    } else {
      await print(await call(params, options));
    }
  } finally {
    await budget?.close();
  }
}
