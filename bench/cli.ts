/**
 * `npm run bench -- cli` (bench/bench.ts): the CLI's cold start — `userplane` making one call of
 * an idempotent operation (a GET where the spec has one) against a loopback server in its own
 * process, from spawn to exit — beside the same call made by a one-file node script that imports
 * the SDK, interleaved rounds, medians. The CLI keeps its budget on disk (as it does for users),
 * the script in memory. Needs the built packages (`npm run build`). Writes its figures into
 * packages/cli/README.md and bench/README.md.
 */
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commands } from '../packages/cli/src/generated/commands.js';
import { root } from '../scripts/spec.js';
import { idempotentOperation } from '../tests/support/operations.js';
import { today, writeFigures } from './figures.js';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 15);
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const KEY = 'uspl_bench_0123456789';

const operation = idempotentOperation;
const command = commands.find((c) => c.operationId === operation.id)!;
const params = operation.params();
const flags = command.flags.flatMap((flag) => {
  const value = params[flag.name];
  if (value === undefined) return [];
  if (flag.type === 'boolean') return [value === true ? `--${flag.flag}` : `--no-${flag.flag}`];
  return [`--${flag.flag}`, typeof value === 'string' ? value : JSON.stringify(value)];
});

/** Spawn to exit (ms) of `node args…`, which must exit 0. */
function time(args: string[], env: Record<string, string>): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: 'ignore' });
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => {
      if (code === 0) resolve(performance.now() - started);
      else reject(new Error(`node ${args.join(' ')} exited ${String(code)}`));
    }),
  );
}

const server = fork(join(root, 'bench/server.ts'), [], { execArgv: ['--import', 'tsx'], stdio: 'ignore' });
const port = await new Promise<number>((resolve) => {
  server.once('message', (m: { port: number }) => {
    resolve(m.port);
  });
});
const baseUrl = `http://127.0.0.1:${port}/api/v1`;
const dir = mkdtempSync(join(tmpdir(), 'userplane-bench-cli-'));
const times: Record<'cli' | 'script', number[]> = { cli: [], script: [] };
try {
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  const script = join(dir, 'call.mjs');
  const [namespace, method] = operation.id.split('.');
  writeFileSync(
    script,
    [
      "import { Userplane } from 'userplane';",
      'const userplane = new Userplane();',
      `const body = await userplane${[namespace, method]
        .filter(Boolean)
        .map((part) => `[${JSON.stringify(part)}]`)
        .join('')}(${JSON.stringify(params)});`,
      'process.stdout.write(`${JSON.stringify(body)}\\n`);',
    ].join('\n'),
  );
  const env = { USERPLANE_API_KEY: KEY, USERPLANE_BASE_URL: baseUrl, XDG_STATE_HOME: dir };
  const cli = [join(root, 'packages/cli/dist/cli.js'), ...command.words, ...flags];
  await time(cli, env);
  await time([script], env);
  for (let round = 0; round < ROUNDS; round++) {
    const order: ['cli' | 'script', string[]][] = [
      ['cli', cli],
      ['script', [script]],
    ];
    for (const [which, args] of round % 2 === 0 ? order : order.reverse()) times[which].push(await time(args, env));
  }
} finally {
  server.kill();
  rmSync(dir, { recursive: true, force: true });
}
const [cliMs, scriptMs] = [median(times.cli), median(times.script)];
const table = [
  `Run of ${today()} (\`npm run bench -- cli\`, ${process.version}, ${ROUNDS} interleaved rounds, medians; one \`${operation.id}\` call against a loopback server):`,
  '',
  '| a fresh process, spawn to exit | ms | × the script |',
  '|---|---:|---:|',
  `| \`userplane ${command.words.join(' ')} …\` | ${cliMs.toFixed(0)} | ${(cliMs / scriptMs).toFixed(2)} |`,
  `| a one-file node script importing the SDK, the same call | ${scriptMs.toFixed(0)} | 1.00 |`,
].join('\n');
console.log(table);
writeFigures('packages/cli/README.md', 'cli', table);
writeFigures('bench/README.md', 'cli', table);
