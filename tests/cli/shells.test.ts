/**
 * `userplane completion bash|zsh|fish`, loaded by the real shells (Debian's bash, zsh and fish:
 * `npm test` installs the last two where it can; a shell not installed is skipped, but in CI):
 * each completes every namespace, every command, each command's flags and a flag's values — in one
 * run of each shell.
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
const withEnum = commands.flatMap((command) =>
  command.flags.filter((flag) => flag.enum !== undefined).map((flag) => ({ command, flag })),
)[0];

async function script(shell: string): Promise<string> {
  const file = join(stateDir(), `completion.${shell}`);
  writeFileSync(file, (await runCli(bin, ['completion', shell], {})).stdout);
  return file;
}

const MARK = '--userplane-end--';
const quoted = (words: string[]): string => words.map((word) => `'${word}'`).join(' ');

/**
 * What the shell completes for each of these word lists (the last word being typed), all in one
 * run of the shell: each answer is followed by a marker line.
 */
function completeAll(shell: 'bash' | 'zsh' | 'fish', file: string, queries: string[][]): string[][] {
  const lines =
    shell === 'bash'
      ? [
          `source ${file}`,
          ...queries.map(
            (words) =>
              `COMP_WORDS=(${quoted(words)}); COMP_CWORD=${words.length - 1}; COMPREPLY=(); _userplane; printf '%s\\n' "\${COMPREPLY[@]}" ${MARK}`,
          ),
        ]
      : shell === 'zsh'
        ? [
            `autoload -U compinit; compinit -u; source ${file}; compadd() { print -rl -- "\${@[2,-1]}" }`,
            ...queries.map(
              (words) => `words=(${quoted(words)}); CURRENT=${words.length}; _userplane; print -r -- ${MARK}`,
            ),
          ]
        : [`source ${file}`, ...queries.map((words) => `complete -C '${words.join(' ')}'; echo ${MARK}`)];
  const result = spawnSync(shell, ['-c', lines.join('\n')], {
    encoding: 'utf8',
    env: { ...process.env, HOME: stateDir() },
  });
  if (result.status !== 0) throw new Error(`${shell}: ${result.stderr}`);
  const answers = result.stdout.split(`${MARK}\n`);
  // zsh filters with compadd; the stub prints every candidate: keep those the word starts.
  return queries.map((words, index) =>
    (answers[index] ?? '')
      .split('\n')
      .map((line) => line.split('\t')[0] ?? '')
      .filter((line) => line !== '' && line.startsWith(words.at(-1) ?? '')),
  );
}

/** Each query, and what the shell must complete for it: a candidate among others, or exactly these. */
type Case = readonly [words: string[], expected: { contains: string } | { equals: string[] }];
const cases: Case[] = [
  // Every first word, every command of a namespace, every command's first flag.
  ...[...new Set(commands.map((command) => command.words[0] ?? ''))].map((first): Case => [
    ['userplane', first.slice(0, 2)],
    { contains: first },
  ]),
  ...commands
    .filter((command) => command.words.length > 1)
    .map((command): Case => [
      ['userplane', command.words[0] ?? '', ''],
      { contains: command.words.slice(1).join('-') },
    ]),
  ...commands
    .filter((command) => command.flags.length > 0)
    .map((command): Case => [['userplane', ...command.words, '--'], { contains: `--${command.flags[0]?.flag ?? ''}` }]),
  [['userplane', ...(commands[0]?.words ?? []), '--format', 'js'], { equals: ['json', 'jsonl'] }],
  // The CLI's own command: its name and the flags it takes.
  [['userplane', 'rate-'], { contains: 'rate-limit' }],
  [['userplane', 'rate-limit', '--q'], { equals: ['--query'] }],
  ...(withEnum === undefined
    ? []
    : [
        [
          ['userplane', ...withEnum.command.words, `--${withEnum.flag.flag}`, withEnum.flag.enum![0]!.slice(0, 2)],
          { contains: withEnum.flag.enum![0]! },
        ] as Case,
      ]),
];

describe.each(['bash', 'zsh', 'fish'] as const)('%s', (shell) => {
  it.runIf(installed(shell))(
    'completes every namespace, command and command’s flags, and a flag’s values',
    async () => {
      const file = await script(shell);
      const completed = completeAll(
        shell,
        file,
        cases.map(([words]) => words),
      );
      cases.forEach(([words, expected], index) => {
        const got = completed[index] ?? [];
        const what = `${shell} completing "${words.join(' ')}"`;
        if ('contains' in expected) expect(got, what).toContain(expected.contains);
        else expect(got, what).toEqual(expected.equals);
      });
    },
  );
});
