/**
 * A copy of the project as it stands — what git tracks and what it does not ignore, committed or
 * not — for tests that change or build it (follow upstream, release, the MCP server's bin). Its
 * node_modules holds a link to each package of this checkout's install, followed to where it
 * really is (the checkout's node_modules may itself be a link: worktrees, some package managers) —
 * but the workspace's own packages (`userplane`, the repository itself; `userplane-mcp`) link into
 * the copy, so that what the copy builds is what it runs.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readlinkSync, realpathSync, symlinkSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

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
  const installed = realpathSync(join(from, 'node_modules'));
  const project = realpathSync(from);
  mkdirSync(join(to, 'node_modules'));
  for (const name of readdirSync(installed)) {
    const path = join(installed, name);
    // A workspace link (`userplane` → the repository, `userplane-mcp` → packages/mcp): the copy's own.
    let target = path;
    try {
      const linked = resolve(installed, readlinkSync(path));
      if (linked === project || linked.startsWith(`${project}/`)) target = join(to, relative(project, linked));
    } catch {
      // not a link: the package itself
    }
    symlinkSync(target, join(to, 'node_modules', name));
  }
}
