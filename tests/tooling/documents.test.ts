/**
 * Documents that cannot drift: every repository path named in the project's own text — a
 * comment or a string of its code, README, CONTRIBUTING, ARCHITECTURE and the other documents,
 * the workflows — exists. A file moved or deleted leaves no pointer to nowhere behind.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../../scripts/spec.js';

/** The folders a repository path starts with (a path under dist/ or node_modules/ is a build's or an install's). */
const FOLDERS = ['src', 'scripts', 'tests', 'bench', 'openapi', 'examples', 'packages', '.github', '.ci', '.changeset'];
const PATH = new RegExp(
  `(?<=^|[\\s\`'"(\\[])((?:${FOLDERS.map((f) => f.replace('.', '\\.')).join('|')})/[^\\s\`'"()\\[\\],;]*)`,
  'gm',
);
/** A glob, a placeholder, a template or a prefix (`tests/*.ts`, `<page>.md`, `${dir}`, `emit-`): not one path. */
const PATTERN = /[*<>{}$|]|-$/;

/** Comments of code (its strings may name files a test writes); documents whole. */
const COMMENT = /\/\*[\s\S]*?\*\/|\/\/[^\n]*/g;
const textOf = (file: string): string => {
  const text = readFileSync(join(root, file), 'utf8');
  return /\.(ts|mts|mjs|js|cjs)$/.test(file)
    ? [...text.matchAll(COMMENT)].map(([comment]) => comment).join('\n')
    : text;
};

/** The project's own text: what git tracks, less what is generated, copied from upstream or locked. */
const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
  cwd: root,
  encoding: 'utf8',
})
  .split('\n')
  .filter(
    (file) =>
      /\.(ts|mts|mjs|js|cjs|md|yml|yaml|json)$|^\.ci\/run$/.test(file) &&
      !/^(src\/generated|openapi\/upstream|tests\/fixtures)\/|package-lock\.json$|CHANGELOG\.md$/.test(file) &&
      existsSync(join(root, file)),
  );

/** The repository paths `text` names. */
export function namedPaths(text: string): string[] {
  return [...text.matchAll(PATH)]
    .map(([, path = '']) => path.replace(/[.,:;]+$/, ''))
    .filter((path) => !PATTERN.test(path) && !/\.\.\//.test(path));
}

describe('documents that cannot drift', () => {
  it('finds the paths a text names (the check itself)', () => {
    expect(namedPaths('see src/request/call.ts, and `scripts/generate/` (or https://x.io/src/a.ts)')).toEqual([
      'src/request/call.ts',
      'scripts/generate/',
    ]);
    expect(namedPaths('tests/*.test.ts and src/${name}.ts')).toEqual([]);
  });

  it(`every path named in ${files.length} files of the project exists`, () => {
    const missing = files.flatMap((file) =>
      namedPaths(textOf(file))
        .filter((path) => !existsSync(join(root, path)))
        .map((path) => `${file}: ${path}`),
    );
    expect(missing).toEqual([]);
  });
});
