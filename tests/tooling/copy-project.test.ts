/**
 * The copy the follow-upstream and release tests make of the project works whatever the
 * checkout's node_modules is: a folder, or a link to one (worktrees, some package managers). A
 * link once failed the copy with EEXIST: `node_modules/` in a .gitignore matches a folder, not a
 * link, so git listed the link as a file to copy.
 */
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { root } from '../../scripts/spec.js';
import { copyProject } from '../support/copy-project.js';

const first = mkdtempSync(join(tmpdir(), 'userplane-copy-a-'));
const second = mkdtempSync(join(tmpdir(), 'userplane-copy-b-'));
afterAll(() => {
  rmSync(first, { recursive: true, force: true });
  rmSync(second, { recursive: true, force: true });
});

it('copies a checkout whose node_modules is a folder, then one whose node_modules is a link git lists', () => {
  copyProject(root, first);
  // The workspace's own packages link into the copy; the others to this checkout's install.
  expect(realpathSync(join(first, 'node_modules/userplane'))).toBe(realpathSync(first));
  expect(realpathSync(join(first, 'node_modules/userplane-mcp'))).toBe(realpathSync(join(first, 'packages/mcp')));
  expect(realpathSync(join(first, 'node_modules/vitest'))).toBe(realpathSync(join(root, 'node_modules/vitest')));
  // Now a checkout whose node_modules is a link.
  rmSync(join(first, 'node_modules'), { recursive: true });
  symlinkSync(realpathSync(join(root, 'node_modules')), join(first, 'node_modules'));
  execFileSync('git', ['init', '-q'], { cwd: first });
  // The .gitignore line that matches a folder only: git now lists the link.
  const ignore = join(first, '.gitignore');
  writeFileSync(ignore, readFileSync(ignore, 'utf8').replace(/^node_modules\/?$/m, 'node_modules/'));
  expect(execFileSync('git', ['ls-files', '--others', '--exclude-standard'], { cwd: first, encoding: 'utf8' })).toMatch(
    /^node_modules$/m,
  );
  copyProject(first, second);
  expect(realpathSync(join(second, 'node_modules/vitest'))).toBe(realpathSync(join(root, 'node_modules/vitest')));
  expect(lstatSync(join(second, 'package.json')).isFile()).toBe(true);
});
