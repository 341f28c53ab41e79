/**
 * `userplane completion bash|zsh|fish`: a completion script for the shell, written from the
 * generated commands — namespaces, commands, every command's flags, and the values of a flag
 * that takes one of a few (its enum, `--format`). Static: completing runs no `userplane`.
 *
 *   bash   source <(userplane completion bash)          (in ~/.bashrc)
 *   zsh    source <(userplane completion zsh)           (in ~/.zshrc, after compinit)
 *   fish   userplane completion fish | source           (or into ~/.config/fish/completions/userplane.fish)
 */
import type { CommandDefinition } from './command.js';
import { FORMATS, GLOBAL_FLAGS, UsageError } from './parse.js';
import { RATE_LIMIT_FLAGS } from './rate-limit.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;

interface Table {
  /** The first words: namespaces, commands without one, `completion`, `rate-limit`. */
  top: string[];
  /** A namespace's commands. */
  words: Map<string, string[]>;
  /** A command's flags (its own and the CLI's), by its words (`links create`). */
  flags: Map<string, string[]>;
  /** A flag's values, by `<words> <flag>`. */
  values: Map<string, string[]>;
}

function table(commands: readonly CommandDefinition[]): Table {
  const top = new Set<string>();
  const words = new Map<string, string[]>();
  const flags = new Map<string, string[]>();
  const values = new Map<string, string[]>();
  for (const command of commands) {
    const [first = '', ...rest] = command.words;
    top.add(first);
    if (rest.length > 0) words.set(first, [...(words.get(first) ?? []), rest.join('-')]);
    const key = [first, ...(rest.length > 0 ? [rest.join('-')] : [])].join(' ');
    flags.set(key, [...command.flags.map((flag) => `--${flag.flag}`), ...GLOBAL_FLAGS.map(([name]) => name)]);
    for (const flag of command.flags) {
      if (flag.enum !== undefined) values.set(`${key} --${flag.flag}`, [...flag.enum]);
      else if (flag.type === 'boolean') values.set(`${key} --${flag.flag}`, []);
    }
    values.set(`${key} --format`, [...FORMATS]);
  }
  top.add('completion');
  words.set('completion', [...SHELLS]);
  top.add('rate-limit');
  flags.set('rate-limit', RATE_LIMIT_FLAGS);
  values.set('rate-limit --format', [...FORMATS]);
  return { top: [...top], words, flags, values };
}

const quote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;
const assoc = (entries: Map<string, string[]>): string =>
  [...entries].map(([key, list]) => `  [${quote(key)}]=${quote(list.join(' '))}`).join('\n');

function bash({ top, words, flags, values }: Table): string {
  return `# userplane completion for bash: source <(userplane completion bash)
declare -gA _userplane_words=(
${assoc(words)}
)
declare -gA _userplane_flags=(
${assoc(flags)}
)
declare -gA _userplane_values=(
${assoc(values)}
)
_userplane() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]} key=\${COMP_WORDS[1]}
  if (( COMP_CWORD == 1 )); then COMPREPLY=($(compgen -W ${quote(top.join(' '))} -- "$cur")); return; fi
  if [[ -n "\${_userplane_words[$key]+set}" ]]; then
    if (( COMP_CWORD == 2 )); then COMPREPLY=($(compgen -W "\${_userplane_words[$key]}" -- "$cur")); return; fi
    key="$key \${COMP_WORDS[2]}"
  fi
  if [[ -n "\${_userplane_values[$key $prev]+set}" && -n "\${_userplane_values[$key $prev]}" ]]; then
    COMPREPLY=($(compgen -W "\${_userplane_values[$key $prev]}" -- "$cur")); return
  fi
  COMPREPLY=($(compgen -W "\${_userplane_flags[$key]}" -- "$cur"))
}
complete -F _userplane userplane
`;
}

function zsh({ top, words, flags, values }: Table): string {
  return `#compdef userplane
# userplane completion for zsh: source <(userplane completion zsh), after compinit
typeset -gA _userplane_words _userplane_flags _userplane_values
_userplane_words=(
${assoc(words).replace(/^ {2}\[('[^']*')\]=/gm, '  $1 ')}
)
_userplane_flags=(
${assoc(flags).replace(/^ {2}\[('[^']*')\]=/gm, '  $1 ')}
)
_userplane_values=(
${assoc(values).replace(/^ {2}\[('[^']*')\]=/gm, '  $1 ')}
)
_userplane() {
  local key=\${words[2]} prev=\${words[CURRENT-1]}
  if (( CURRENT == 2 )); then compadd -- ${top.join(' ')}; return; fi
  if (( \${+_userplane_words[$key]} )); then
    if (( CURRENT == 3 )); then compadd -- \${=_userplane_words[$key]}; return; fi
    key="$key \${words[3]}"
  fi
  if (( \${+_userplane_values[$key $prev]} )) && [[ -n \${_userplane_values[$key $prev]} ]]; then
    compadd -- \${=_userplane_values[$key $prev]}; return
  fi
  compadd -- \${=_userplane_flags[$key]}
}
compdef _userplane userplane
`;
}

function fish({ top, words, flags, values }: Table): string {
  const lines = ['# userplane completion for fish: userplane completion fish | source', 'complete -c userplane -f'];
  lines.push(`complete -c userplane -n __fish_use_subcommand -a ${quote(top.join(' '))}`);
  for (const [namespace, list] of words) {
    lines.push(
      `complete -c userplane -n ${quote(`__fish_seen_subcommand_from ${namespace}; and not __fish_seen_subcommand_from ${list.join(' ')}`)} -a ${quote(list.join(' '))}`,
    );
  }
  for (const [key, list] of flags) {
    const condition = key
      .split(' ')
      .map((word) => `__fish_seen_subcommand_from ${word}`)
      .join('; and ');
    for (const flag of list) {
      const taken = values.get(`${key} ${flag}`);
      const argument = taken === undefined ? ' -r' : taken.length === 0 ? '' : ` -r -a ${quote(taken.join(' '))}`;
      lines.push(`complete -c userplane -n ${quote(condition)} -l ${flag.slice(2)}${argument}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export function completionScript(shell: string | undefined, commands: readonly CommandDefinition[]): string {
  const data = table(commands);
  switch (shell) {
    case 'bash':
      return bash(data);
    case 'zsh':
      return zsh(data);
    case 'fish':
      return fish(data);
    default:
      throw new UsageError(
        `completion: ${shell === undefined ? 'name a shell' : `unknown shell ${shell}`}: ${SHELLS.join(', ')}`,
      );
  }
}
