/**
 * `npm run quickstart`: runs examples/quickstart.ts. Without USERPLANE_BASE_URL and
 * USERPLANE_API_KEY it starts a Prism mock of the spec first and points the example at it.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startPrism } from './prism.js';
import { root } from './spec.js';

const example = join(root, 'examples/quickstart.ts');
const tsx = join(root, 'node_modules/.bin/tsx');

function runExample(env: NodeJS.ProcessEnv): number {
  const result = spawnSync(tsx, [example], { cwd: root, env, stdio: 'inherit' });
  return result.status ?? 1;
}

if (process.env['USERPLANE_BASE_URL'] && process.env['USERPLANE_API_KEY']) {
  process.exitCode = runExample(process.env);
} else {
  console.log('No USERPLANE_BASE_URL and USERPLANE_API_KEY: starting a Prism mock of openapi/userplane.yaml…');
  const prism = await startPrism();
  try {
    process.exitCode = runExample({
      ...process.env,
      USERPLANE_BASE_URL: prism.url,
      USERPLANE_API_KEY: 'uspl_quickstart_demo_key',
      USERPLANE_QUICKSTART_MOCK: '1',
    });
  } finally {
    await prism.stop();
  }
}
