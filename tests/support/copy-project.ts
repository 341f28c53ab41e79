/**
 * A copy of the project as it stands — what git tracks and what it does not ignore, committed or
 * not — for tests that change it (follow upstream, release). Its node_modules is a link to this
 * checkout's install, followed to where it really is: the checkout's node_modules may itself be a
 * link (worktrees, some package managers).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function copyProject(from: string, to: string): void {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
    cwd: from,
    encoding: 'utf8',
  })
    .split('\n')
    // A file moved or deleted but not yet staged is listed and absent; node_modules is linked below.
    .filter((file) => file !== '' && !/^node_modules(\/|$)/.test(file) && existsSync(join(from, file)));
  for (const file of files) {
    mkdirSync(dirname(join(to, file)), { recursive: true });
    cpSync(join(from, file), join(to, file));
  }
  symlinkSync(realpathSync(join(from, 'node_modules')), join(to, 'node_modules'));
}
