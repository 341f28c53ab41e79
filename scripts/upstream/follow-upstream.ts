/**
 * The "Follow upstream" workflow's steps, in order, as one command (.github/workflows/
 * regenerate.yml runs it; tests/tooling/follow-upstream.test.ts runs it offline on a copy):
 *
 *   pull → generate → typecheck → lint → test → second opinion on the bump → changeset and body
 *
 * Stops at the first failing step, but always writes the proposal when the spec changed
 * (scripts/upstream/proposal.ts): the body lists the operations added, removed and changed and, if a
 * step failed, quotes it. Writes `status` (`unchanged`, `passing` or `failing`) and the body's
 * path to `--out` (key=value lines, as $GITHUB_OUTPUT takes them).
 *
 *   tsx scripts/upstream/follow-upstream.ts [--from <index URL>] [--out <file>] [--body <file>]
 *                                  [--skip <step>]… [--test-args "<vitest args>"]
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { secondOpinion } from './bump-check.js';
import { writeProposal, type Failure } from './proposal.js';
import { DOCS_INDEX, PullError, pullSpec, type PullResult } from './pull.js';
import { root, specPath } from '../spec.js';

const { values } = parseArgs({
  options: {
    from: { type: 'string', default: DOCS_INDEX },
    out: { type: 'string' },
    body: { type: 'string', default: join(tmpdir(), 'userplane-follow-upstream-body.md') },
    skip: { type: 'string', multiple: true, default: [] },
    'test-args': { type: 'string', default: '' },
  },
});

const npm = (script: string, ...args: string[]): [string, string[]] => ['npm', ['run', '--silent', script, ...args]];
const STEPS: [string, [string, string[]]][] = [
  ['generate', npm('generate')],
  ['typecheck', npm('typecheck')],
  ['lint', npm('lint')],
  ['test', npm('test', ...(values['test-args'] === '' ? [] : ['--', ...values['test-args'].split(' ')]))],
];

function report(key: string, value: string): void {
  console.log(`${key}=${value}`);
  if (values.out !== undefined) appendFileSync(values.out, `${key}=${value}\n`);
}

/** Runs one step, printing its output as it comes and keeping it for the proposal. */
function runStep(name: string, [command, args]: [string, string[]]): Failure | undefined {
  console.log(`\n== ${name}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', maxBuffer: 256 * 2 ** 20, env: process.env });
  const output = `${result.stdout}${result.stderr}`;
  process.stdout.write(output);
  return result.status === 0 ? undefined : { step: name, output: output || `exit ${String(result.status)}` };
}

let pulled: PullResult;
try {
  pulled = await pullSpec({ from: values.from, out: specPath });
} catch (error) {
  // Nothing was written: there is no change to propose, and the run fails where it is seen.
  if (!(error instanceof PullError)) throw error;
  console.error(`spec:pull failed, openapi/ left untouched: ${error.message}`);
  report('status', 'pull-failed');
  process.exit(1);
}
console.log(`== pull\n${pulled.summary}\n${pulled.report}`);
if (pulled.unchanged) {
  report('status', 'unchanged');
} else {
  let failure: Failure | undefined;
  const passed: string[] = [];
  for (const [name, step] of STEPS) {
    if (values.skip.includes(name)) {
      console.log(`\n== ${name}: skipped (--skip ${name})`);
      continue;
    }
    failure = runStep(name, step);
    if (failure !== undefined) break;
    passed.push(name);
  }
  // A bump called minor or patch is checked by compiling a consumer of the old spec against the
  // new build; each line it breaks makes the release major (scripts/upstream/bump-check.ts).
  const extraBump = failure === undefined ? await secondOpinion() : [];
  if (extraBump.length > 0) console.log(`\n== second opinion: major\n${extraBump.map((c) => c.what).join('\n')}`);
  const proposal = writeProposal(failure === undefined ? { passed, extraBump } : { passed, failure });
  writeFileSync(values.body, proposal.body);
  console.log(`\n== proposal (${proposal.changeset ?? 'no changeset'})\n${proposal.body}`);
  report('status', failure === undefined ? 'passing' : 'failing');
  report('failed-step', failure?.step ?? '');
  report('bump', proposal.bump ?? '');
  report('body', values.body);
}
