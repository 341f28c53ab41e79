/**
 * Figures in the documents are written by the command that measures them, never copied by hand:
 * each benchmark replaces the text between `<!-- figures:<name> -->` and `<!-- /figures:<name> -->`
 * in the files it names (README.md, bench/README.md) with what it just measured, and says when.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from '../scripts/spec.js';

/** Replaces the figures region `name` of `file` (relative to the repository) with `markdown`. */
export function writeFigures(file: string, name: string, markdown: string): void {
  const path = join(root, file);
  const text = readFileSync(path, 'utf8');
  const open = `<!-- figures:${name} -->`;
  const close = `<!-- /figures:${name} -->`;
  const start = text.indexOf(open);
  const end = text.indexOf(close);
  if (start < 0 || end < start) throw new Error(`${file} has no figures region "${name}" (${open} … ${close})`);
  writeFileSync(path, `${text.slice(0, start + open.length)}\n${markdown.trim()}\n${text.slice(end)}`);
  console.error(`wrote the figures "${name}" in ${file}`);
}

/** The date a run's figures are from. */
export const today = (): string => new Date().toISOString().slice(0, 10);
