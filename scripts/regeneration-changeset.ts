/**
 * Used by the regeneration workflow after `npm run generate`: writes a changeset describing what
 * the spec change did to the SDK's surface, by comparing the committed operation table (HEAD)
 * with the regenerated one.
 *   operation removed → major · operation added → minor · anything else → patch
 * Prints the changeset's path; writes nothing when the operation table did not change at all.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './spec.js';

const TABLE = 'src/generated/operations.ts';

function operationIds(source: string): Set<string> {
  return new Set([...source.matchAll(/^ {2}"([^"]+)": \{$/gm)].map((match) => match[1] ?? ''));
}

const before = execFileSync('git', ['show', `HEAD:${TABLE}`], { cwd: root, encoding: 'utf8' });
const after = readFileSync(join(root, TABLE), 'utf8');
const [was, now] = [operationIds(before), operationIds(after)];
const added = [...now].filter((id) => !was.has(id));
const removed = [...was].filter((id) => !now.has(id));
const bump = removed.length > 0 ? 'major' : added.length > 0 ? 'minor' : 'patch';

const lines = ['Regenerated from the updated OpenAPI spec (openapi/).'];
if (added.length > 0) lines.push('', `New operations: ${added.map((id) => `\`userplane.${id}()\``).join(', ')}.`);
if (removed.length > 0) lines.push('', `Removed operations: ${removed.map((id) => `\`${id}\``).join(', ')}.`);
if (bump === 'patch')
  lines.push('', 'Types, validation or error codes of existing operations changed; see the diff of src/generated/.');

const sha = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
const file = join(root, '.changeset', `regenerate-${sha}.md`);
writeFileSync(file, `---\n"userplane": ${bump}\n---\n\n${lines.join('\n')}\n`);
console.log(file);
