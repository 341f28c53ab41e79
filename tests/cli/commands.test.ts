/**
 * The CLI's commands as generated (packages/cli/src/generated/commands.ts): one per operation of
 * the model, its words and flags in kebab-case, every parameter a flag typed by its schema; the
 * help of each level naming what it should; the flag parser over generated values of every flag
 * kind; the completion scripts naming every command and flag. Nothing here names an operation.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FlagDefinition } from '../../packages/cli/src/command.js';
import { completionScript, SHELLS } from '../../packages/cli/src/completion.js';
import { commands, sharedCodes } from '../../packages/cli/src/generated/commands.js';
import { commandHelp, namespaceHelp, topHelp } from '../../packages/cli/src/help.js';
import { nearest, parseArgs, UsageError, withData } from '../../packages/cli/src/parse.js';
import { kebab } from '../../scripts/generate/emit-commands.js';
import { modelOf, operationIds } from '../support/fixtures.js';

const modelFor = (operationId: string) => modelOf(operationIds.find((id) => id === operationId)!);

describe('a command per operation, from the operation model', () => {
  it('every operation once, its words the operationId in kebab-case', () => {
    expect(commands.map((command) => command.operationId)).toEqual(operationIds);
    for (const command of commands) expect(command.words).toEqual(command.operationId.split('.').map(kebab));
    expect(kebab('getById')).toBe('get-by-id');
    expect(kebab('per_page')).toBe('per-page');
    expect(kebab('workspaceId')).toBe('workspace-id');
    expect(kebab('linkURL')).toBe('link-url');
  });

  it.each(commands.map((command) => [command.words.join(' '), command] as const))(
    '%s: every parameter a flag, typed, required as the SDK requires it, described',
    (_, command) => {
      const model = modelFor(command.operationId);
      const names = [...model.parameters.map((p) => p.name), ...(model.body?.fields ?? [])];
      expect(command.flags.map((flag) => flag.name).sort()).toEqual(names.sort());
      for (const flag of command.flags) {
        expect(flag.flag).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
        expect(flag.description.length).toBeGreaterThan(2);
        const defaulted =
          model.parameters.find((p) => p.name === flag.name)?.hasDefault ?? model.body?.defaults.includes(flag.name);
        if (defaulted === true) expect(flag.required).toBe(false);
      }
      expect(new Set(command.flags.map((flag) => flag.flag)).size).toBe(command.flags.length);
    },
  );
});

describe('--help at every level', () => {
  it('the CLI names every namespace and command, and the exit codes', () => {
    const help = topHelp('1.2.3', commands);
    for (const command of commands) for (const word of command.words) expect(help).toContain(word);
    for (const code of [0, 1, 2, 3, 4, 5, 6, 130]) expect(help).toMatch(new RegExp(`^ {2}${code} `, 'm'));
  });

  it.each(commands.map((command) => [command.words.join(' '), command] as const))(
    '%s: summary, every flag with its type, enum values, default and requiredness, its own error codes',
    (_, command) => {
      const help = commandHelp(command, sharedCodes);
      if (command.summary !== undefined) expect(help).toContain(command.summary);
      for (const flag of command.flags) {
        expect(help).toContain(`--${flag.flag}`);
        for (const value of flag.enum ?? []) expect(help).toContain(value);
        if (flag.default !== undefined) expect(help).toContain(`default ${JSON.stringify(flag.default)}`);
        if (flag.required) expect(help).toMatch(new RegExp(`--${flag.flag} .*\\[required`));
      }
      for (const codes of Object.values(command.errors)) for (const code of codes) expect(help).toContain(code);
      if (command.words.length > 1) expect(namespaceHelp(command.words[0]!, [command])).toContain(command.words[1]);
    },
  );
});

/** A value of a flag's type (what a user types), and the param it must become. */
function valueOf(flag: FlagDefinition): fc.Arbitrary<{ typed: string[]; param: unknown }> {
  const one = (type: FlagDefinition['type']): fc.Arbitrary<{ text: string; value: unknown }> => {
    switch (type) {
      case 'integer':
        return fc.integer({ min: -1000, max: 1000 }).map((n) => ({ text: String(n), value: n }));
      case 'number':
        return fc
          .double({ min: -1e6, max: 1e6, noNaN: true })
          .map((n) => ({ text: String(n), value: Number(String(n)) }));
      case 'object':
        return fc
          .dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 })
          .map((o) => ({ text: JSON.stringify(o), value: o }));
      default:
        return (
          flag.enum === undefined
            ? fc.string({ maxLength: 12 }).filter((s) => s !== 'null')
            : fc.constantFrom(...flag.enum)
        ).map((s) => ({ text: s, value: s }));
    }
  };
  if (flag.type === 'boolean') {
    return fc.constantFrom(
      { typed: [`--${flag.flag}`], param: true },
      { typed: [`--no-${flag.flag}`], param: false },
      { typed: [`--${flag.flag}=false`], param: false },
      { typed: [`--${flag.flag}=true`], param: true },
    );
  }
  if (flag.type === 'array') {
    return fc.array(one(flag.items ?? 'string'), { minLength: 1, maxLength: 3 }).map((items) => ({
      typed: items.flatMap((item) => [`--${flag.flag}`, item.text]),
      param: items.map((item) => item.value),
    }));
  }
  return fc.tuple(one(flag.type), fc.boolean()).map(([item, inline]) => ({
    typed: inline ? [`--${flag.flag}=${item.text}`] : [`--${flag.flag}`, item.text],
    param: item.value,
  }));
}

describe('flags, read as the spec types them', () => {
  it.each(commands.map((command) => [command.words.join(' '), command] as const))(
    '%s: generated values of every flag come back as the params they stand for',
    (_, command) => {
      if (command.flags.length === 0) return;
      fc.assert(
        fc.property(fc.tuple(...command.flags.map(valueOf)), (values) => {
          const { params } = parseArgs(
            command,
            values.flatMap((value) => value.typed),
          );
          expect(params).toEqual(Object.fromEntries(command.flags.map((flag, i) => [flag.name, values[i]!.param])));
        }),
        { numRuns: 100, seed: 3 },
      );
    },
  );

  it('a value that is not of the flag’s type, an unknown flag, a stray word: a usage error naming it', () => {
    for (const command of commands) {
      for (const flag of command.flags) {
        const bad = {
          integer: 'x1',
          number: 'many',
          boolean: 'maybe',
          object: '[1]',
          array: undefined,
          string: undefined,
        }[flag.type];
        if (bad !== undefined)
          expect(() => parseArgs(command, [`--${flag.flag}=${bad}`])).toThrow(new RegExp(`--${flag.flag}`));
      }
      const first = command.flags[0];
      if (first !== undefined) {
        expect(() => parseArgs(command, [`--${first.flag}x`])).toThrow(
          new RegExp(`unknown flag --${first.flag}x.*did you mean --${first.flag}`),
        );
      }
      expect(() => parseArgs(command, ['stray'])).toThrow(UsageError);
      expect(() => parseArgs(command, ['--format', 'yaml'])).toThrow(
        /--format: "yaml" is not one of json, jsonl, table/,
      );
      expect(() => parseArgs(command, ['--max-items', '3'])).toThrow(/--max-items goes with --all/);
    }
    expect(nearest('creat', ['create', 'delete'])).toEqual(['create']);
  });

  it('--data gives the params; flags beside it win', () => {
    expect(withData({ a: 1, b: 2 }, { b: 3 })).toEqual({ a: 1, b: 3 });
    expect(() => withData([1], {})).toThrow(/--data: not a JSON object/);
  });
});

describe('completion scripts', () => {
  it.each(SHELLS)('%s: every namespace, command and flag, and the values a flag takes', (shell) => {
    const script = completionScript(shell, commands);
    for (const command of commands) {
      for (const word of command.words) expect(script).toContain(word);
      for (const flag of command.flags) {
        expect(script).toContain(shell === 'fish' ? `-l ${flag.flag}` : `--${flag.flag}`);
        for (const value of flag.enum ?? []) expect(script).toContain(value);
      }
    }
  });

  it('an unknown shell is a usage error naming the shells', () => {
    expect(() => completionScript('tcsh', commands)).toThrow(/unknown shell tcsh: bash, zsh, fish/);
  });
});
