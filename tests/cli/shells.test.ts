/**
 * `userplane completion bash|zsh|fish`, loaded by the real shells (Debian's bash, zsh and fish:
 * `npm test` installs the last two where it can; a shell not installed is skipped, but in CI):
 * each completes namespaces, commands, a command's flags and a flag's values.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { commands } from '../../packages/cli/src/generated/commands.js';
import { runCli, stateDir } from '../support/cli-bin.js';

const { cli: bin } = inject('programs');
const installed = (shell: string): boolean =>
  spawnSync(shell, ['--version']).status === 0 || process.env['CI'] === 'true';
const namespaced = commands.find((command) => command.words.length > 1) ?? commands[0]!;
const [namespace = '', method] = namespaced.words;
const withEnum = commands.flatMap((command) =>
  command.flags.filter((flag) => flag.enum !== undefined).map((flag) => ({ command, flag })),
)[0];

async function script(shell: string): Promise<string> {
  const file = join(stateDir(), `completion.${shell}`);
  writeFileSync(file, (await runCli(bin, ['completion', shell], {})).stdout);
  return file;
}

/** What each shell completes for these words (the last one being typed). */
function complete(shell: 'bash' | 'zsh' | 'fish', file: string, words: string[]): string[] {
  const program =
    shell === 'bash'
      ? `source ${file}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _userplane; printf '%s\\n' "\${COMPREPLY[@]}"`
      : shell === 'zsh'
        ? `autoload -U compinit; compinit -u; source ${file}; compadd() { print -rl -- "\${@[2,-1]}" }; words=(${words.map((w) => `'${w}'`).join(' ')}); CURRENT=${words.length}; _userplane`
        : `source ${file}; complete -C '${words.join(' ')}'`;
  const result = spawnSync(shell, ['-c', program], { encoding: 'utf8', env: { ...process.env, HOME: stateDir() } });
  if (result.status !== 0) throw new Error(`${shell}: ${result.stderr}`);
  const typed = words.at(-1) ?? '';
  // zsh filters with compadd; the stub prints every candidate: keep those the word starts.
  return result.stdout
    .split('\n')
    .map((line) => line.split('\t')[0] ?? '')
    .filter((line) => line !== '' && line.startsWith(typed));
}

describe.each(['bash', 'zsh', 'fish'] as const)('%s', (shell) => {
  it.runIf(installed(shell))('completes namespaces, commands, flags and a flag’s values', async () => {
    const file = await script(shell);
    expect(complete(shell, file, ['userplane', namespace.slice(0, 2)])).toContain(namespace);
    if (method !== undefined) {
      expect(complete(shell, file, ['userplane', namespace, ''])).toContain(method);
      const flag = namespaced.flags[0];
      if (flag !== undefined)
        expect(complete(shell, file, ['userplane', namespace, method, '--'])).toContain(`--${flag.flag}`);
    }
    expect(
      complete(shell, file, ['userplane', namespace, ...(method === undefined ? [] : [method]), '--format', 'js']),
    ).toEqual(['json', 'jsonl']);
    // The CLI's own command: its name and the flags it takes.
    expect(complete(shell, file, ['userplane', 'rate-'])).toContain('rate-limit');
    expect(complete(shell, file, ['userplane', 'rate-limit', '--q'])).toEqual(['--query']);
    if (withEnum !== undefined) {
      const value = withEnum.flag.enum![0]!;
      expect(
        complete(shell, file, ['userplane', ...withEnum.command.words, `--${withEnum.flag.flag}`, value.slice(0, 2)]),
      ).toContain(value);
    }
  });
});
