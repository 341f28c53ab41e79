/**
 * `userplane-mcp`: the Userplane API as MCP tools, over stdio (the default) or Streamable HTTP.
 * stdout carries protocol messages only; every line of its own goes to stderr — and none holds
 * the key. Configuration errors end the process before any client connects, exit code not 0.
 */
import { parseArgs } from 'node:util';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { keyRedactor, Userplane, type RateLimitStore } from 'userplane';
import { isLoopback, serveHttp } from './http.js';
import { createServer } from './server.js';
import { selectTools } from './tools.js';
import { VERSION } from './version.js';

const USAGE = `userplane-mcp ${VERSION} — the Userplane API as MCP tools, one per operation

Usage: userplane-mcp [options]

Environment:
  USERPLANE_API_KEY    your API key (uspl_…), required
  USERPLANE_BASE_URL   the API's base URL (default: the spec's server)
  USERPLANE_REDIS_URL  share the rate-limit budget with other processes through Redis

Options:
  --toolsets a,b       offer the tools of these namespaces (links, recordings, …)
  --tools a,b          offer these tools (tool names or operationIds); with --toolsets, both
  --read-only          offer only the tools that read (GET); wins over every other option
  --max-retries n      retries after a call's first attempt (default 3, the SDK's)
  --http               serve Streamable HTTP at /mcp instead of stdio
  --port n             the HTTP port (default 3000; 0 picks a free one)
  --host address       the HTTP address (default 127.0.0.1)
  --allow-remote-host  allow --host to be an address other machines can reach
  --help, --version
`;

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

/** A Redis store shared by every process on the same key's budget (named by a hash, never the key). */
async function redisStore(url: string, apiKey: string): Promise<RateLimitStore> {
  const [{ createClient }, { RedisRateLimitStore }] = await Promise.all([import('redis'), import('userplane/redis')]);
  const client = createClient({ url });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch {
    fail(`cannot reach Redis at ${url.replace(/\/\/[^@/]*@/, '//…@')} (USERPLANE_REDIS_URL)`);
  }
  let hash = 0x811c9dc5;
  for (let i = 0; i < apiKey.length; i++) hash = Math.imul(hash ^ apiKey.charCodeAt(i), 0x01000193);
  return new RedisRateLimitStore({ client, key: `userplane-mcp:${(hash >>> 0).toString(36)}` });
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        toolsets: { type: 'string' },
        tools: { type: 'string' },
        'read-only': { type: 'boolean', default: false },
        'max-retries': { type: 'string' },
        http: { type: 'boolean', default: false },
        port: { type: 'string', default: '3000' },
        host: { type: 'string', default: '127.0.0.1' },
        'allow-remote-host': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
        version: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    fail(`${error instanceof Error ? error.message : String(error)} (see --help)`, 2);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  if (values.version) {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  let chosen: ReturnType<typeof selectTools>;
  try {
    chosen = selectTools({ toolsets: list(values.toolsets), tools: list(values.tools), readOnly: values['read-only'] });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error), 2);
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    fail(`--port must be a port number (got ${values.port})`, 2);
  if (values.http && !isLoopback(values.host) && !values['allow-remote-host']) {
    fail(`--host ${values.host} can be reached from other machines: add --allow-remote-host to serve there`, 2);
  }
  const maxRetries = values['max-retries'] === undefined ? undefined : Number(values['max-retries']);
  if (maxRetries !== undefined && !(Number.isInteger(maxRetries) && maxRetries >= 0 && maxRetries <= 10))
    fail(`--max-retries must be a whole number from 0 to 10 (got ${values['max-retries'] ?? ''})`, 2);
  const apiKey = process.env['USERPLANE_API_KEY']?.trim() ?? '';
  const redisUrl = process.env['USERPLANE_REDIS_URL']?.trim();
  let client: Userplane;
  try {
    // The key and base URL are read as the SDK reads them (USERPLANE_API_KEY, USERPLANE_BASE_URL).
    client = new Userplane({
      maxRetries,
      ...(redisUrl ? { rateLimit: { store: await redisStore(redisUrl, apiKey) } } : {}),
    });
  } catch (error) {
    fail(`${error instanceof Error ? error.message : String(error)} (USERPLANE_API_KEY)`);
  }
  const redact = keyRedactor(apiKey);
  const serverFor = () => createServer({ client, tools: chosen.tools, redact });
  for (const note of chosen.notes) say(note);
  say(
    `${VERSION}: ${chosen.tools.length} tools for ${client.baseUrl}${redisUrl ? ', pacing shared through Redis' : ''}`,
  );
  if (values.http) {
    const { url } = await serveHttp(serverFor, { host: values.host, port });
    say(`serving Streamable HTTP at ${url}`);
  } else {
    await serverFor().connect(new StdioServerTransport());
  }
}

await main();
