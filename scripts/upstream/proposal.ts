/**
 * What the regeneration workflow proposes for an upstream change: a changeset whose bump comes
 * from a diff of the spec at `base` and the working copy (scripts/upstream/spec-bump.ts), and the pull
 * request body — the operations added, removed and changed, the bump and why, and, when a step
 * failed, which one and what it printed. Written whether or not the checks passed: an upstream
 * change is never dropped because the SDK could not take it yet.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { classify, type Bump, type Change } from './spec-bump.js';
import { operationChanges, renderChanges } from './spec-changes.js';
import { loadSpec, root, specPath } from '../spec.js';

export interface Failure {
  /** The step that failed, e.g. `generate` or `test`. */
  step: string;
  /** What it printed (its last lines go in the body). */
  output: string;
}

export interface Proposal {
  bump: Bump | undefined;
  changes: Change[];
  /** The changeset written, if the spec changed. */
  changeset: string | undefined;
  body: string;
}

const TAIL = 60;

/** The last lines of a step's output, without terminal colours. */
function tail(output: string): string {
  const lines = output
    // eslint-disable-next-line no-control-regex -- ANSI colour codes, from a terminal's output
    .replace(/\x1b\[[0-9;]*m/g, '')
    .trimEnd()
    .split('\n');
  return (lines.length > TAIL ? ['…', ...lines.slice(-TAIL)] : lines).join('\n');
}

/** The spec as committed at `base` (a git revision), written to a temporary file. */
export function specAt(base: string, cwd: string): { path: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'userplane-base-'));
  const path = join(dir, 'userplane.yaml');
  writeFileSync(path, execFileSync('git', ['show', `${base}:openapi/userplane.yaml`], { cwd, encoding: 'utf8' }));
  return {
    path,
    dispose: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface ProposalOptions {
  /** The git revision whose spec the change is measured from. @default 'HEAD' */
  base?: string;
  /** The steps that ran and passed, e.g. generate, typecheck, lint, test. */
  passed?: string[];
  failure?: Failure;
  /** Changes found by another check than the spec diff (the consumer of the old spec, say). */
  extraBump?: Change[];
}

export function writeProposal(options: ProposalOptions = {}): Proposal {
  const base = specAt(options.base ?? 'HEAD', root);
  try {
    const raw = (path: string): unknown => parse(readFileSync(path, 'utf8'));
    const listed = renderChanges(operationChanges(raw(base.path), raw(specPath)));
    let bump: Bump | undefined;
    let changes: Change[] = [];
    let unclassified: string | undefined;
    try {
      ({ bump, changes } = classify(loadSpec(base.path), loadSpec(specPath)));
    } catch (error) {
      // The new spec cannot be read through the overlay or the model: the change still goes out.
      unclassified = error instanceof Error ? error.message : String(error);
      bump = 'major';
    }
    for (const change of options.extraBump ?? []) {
      changes.push(change);
      if (change.bump === 'major') bump = 'major';
    }
    if (bump === undefined) return { bump, changes, changeset: undefined, body: 'The spec did not change.' };

    const reasons = changes.map((change) => `- ${change.bump}: ${change.what}`);
    if (unclassified !== undefined)
      reasons.push(`- major (assumed): the new spec could not be classified — ${unclassified}`);
    const sha = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const changeset = join(root, '.changeset', `regenerate-${sha}.md`);
    writeFileSync(
      changeset,
      `---\n"userplane": ${bump}\n---\n\nRegenerated from the updated OpenAPI spec (openapi/userplane.yaml).\n\n${reasons.join('\n')}\n`,
    );
    const { failure } = options;
    const status =
      failure === undefined
        ? `\`npm run spec:pull\` brought these changes from docs.userplane.io; ${(options.passed ?? []).join(', ') || 'no check'} passed on the result in this workflow run.`
        : `**⚠ Failing: the \`${failure.step}\` step failed** on the regenerated SDK, so this pull request is a draft. The upstream change is proposed anyway, so that it is seen; what broke is quoted below.`;
    const body = [
      status,
      '',
      listed,
      '',
      `**Release: ${bump}** (changeset \`.changeset/regenerate-${sha}.md\`), because:`,
      ...reasons,
      ...(failure === undefined
        ? []
        : [
            '',
            `<details open><summary>Output of the failing step: ${failure.step}</summary>`,
            '',
            '```',
            tail(failure.output),
            '```',
            '',
            '</details>',
          ]),
      '',
    ].join('\n');
    return { bump, changes, changeset, body };
  } finally {
    base.dispose();
  }
}
