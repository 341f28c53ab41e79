/**
 * Used by the regeneration workflow after `spec:pull` and `npm run generate`: compares the spec
 * at `--base` (default HEAD) with the working copy through scripts/spec-bump.ts, and writes
 *   - a changeset whose bump comes from that diff (major / minor / patch), listing each change;
 *   - with `--body <file>`, the pull request body: operations added, removed, changed, the bump
 *     and why.
 * Prints the changeset's path; writes nothing when the spec did not change.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { classify } from './spec-bump.js';
import { operationChanges, renderChanges } from './spec-changes.js';
import { loadSpec, root, specPath } from './spec.js';

const { values } = parseArgs({ options: { base: { type: 'string', default: 'HEAD' }, body: { type: 'string' } } });
const old = join(mkdtempSync(join(tmpdir(), 'userplane-base-')), 'userplane.yaml');
writeFileSync(
  old,
  execFileSync('git', ['show', `${values.base}:openapi/userplane.yaml`], { cwd: root, encoding: 'utf8' }),
);
const [before, after] = [loadSpec(old), loadSpec(specPath)];
const { bump, changes } = classify(before, after);

if (bump === undefined) {
  console.log('The spec did not change: no changeset.');
} else {
  const reasons = changes.map((change) => `- ${change.bump}: ${change.what}`);
  const sha = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  const file = join(root, '.changeset', `regenerate-${sha}.md`);
  writeFileSync(
    file,
    `---\n"userplane": ${bump}\n---\n\nRegenerated from the updated OpenAPI spec (openapi/userplane.yaml).\n\n${reasons.join('\n')}\n`,
  );
  if (values.body !== undefined) {
    writeFileSync(
      values.body,
      [
        '`npm run spec:pull` brought these changes from docs.userplane.io; `npm run generate`, typecheck, lint and',
        '`npm test` passed on the result in this workflow run.',
        '',
        renderChanges(operationChanges(before, after)),
        '',
        `**Release: ${bump}** (changeset \`.changeset/regenerate-${sha}.md\`), because:`,
        ...reasons,
        '',
      ].join('\n'),
    );
  }
  console.log(file);
}
