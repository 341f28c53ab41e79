/**
 * `npm run quickstart`: runs examples/quickstart.ts. Without USERPLANE_BASE_URL and
 * USERPLANE_API_KEY it first starts the live server's twin (scripts/servers/twin.ts: a real oRPC server
 * built from the spec, on loopback) and points the example at it. The twin is told to answer
 * like the live API would for this one story: the link created is the one updated and deleted,
 * and deleting it again is 410 LINK_GONE.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { sample } from './generate/sample.js';
import { isRecord, root } from './spec.js';
import { startTwin, type Twin } from './servers/twin.js';

const example = join(root, 'examples/quickstart.ts');
const tsx = join(root, 'node_modules/.bin/tsx');

function runExample(env: NodeJS.ProcessEnv): Promise<number> {
  const child = spawn(tsx, [example], { cwd: root, env, stdio: 'inherit' });
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      resolve(code ?? 1);
    }),
  );
}

/** `body` with every property named in `values` (at any depth) set to that value. */
function filled(body: unknown, values: Record<string, unknown>): unknown {
  if (Array.isArray(body)) return body.map((item) => filled(item, values));
  if (!isRecord(body)) return body;
  return Object.fromEntries(
    Object.entries(body).map(([key, value]) => [
      key,
      key in values && !isRecord(value) ? values[key] : filled(value, values),
    ]),
  );
}

/** A success body of the spec for `operationId`, carrying what was sent and `extra`. */
function echo(twin: Twin, operationId: string, extra: Record<string, unknown> = {}) {
  const schema = twin.models.find((model) => model.operationId === operationId)?.successes[0]?.schema;
  return { reply: (input: Record<string, unknown>) => filled(sample(schema), { ...input, ...extra }) };
}

if (process.env['USERPLANE_BASE_URL'] && process.env['USERPLANE_API_KEY']) {
  process.exitCode = await runExample(process.env);
} else {
  const apiKey = 'uspl_quickstart_demo_key';
  const twin = await startTwin({ apiKey });
  const linkId = 'lnk_7Qm2xV9c';
  const now = new Date().toISOString();
  twin.answer(
    'links.create',
    echo(twin, 'links.create', { linkId, linkURL: `https://userplane.io/r/${linkId}`, createdAt: now }),
  );
  twin.answer('links.update', echo(twin, 'links.update', { createdAt: now }));
  twin.answer('links.delete', echo(twin, 'links.delete'), { error: 'LINK_GONE' });
  console.log(`No USERPLANE_BASE_URL and USERPLANE_API_KEY: talking to a local stand-in of the API (${twin.url}),`);
  console.log('a real oRPC server built from openapi/userplane.yaml. Set both to run this against the live API.\n');
  try {
    process.exitCode = await runExample({ ...process.env, USERPLANE_BASE_URL: twin.url, USERPLANE_API_KEY: apiKey });
  } finally {
    await twin.stop();
  }
}
