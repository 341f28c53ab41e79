/**
 * tsconfig.json sets `useDefineForClassFields: false` (why: tsup.config.ts): a class field without
 * an initializer is then no property at all until something assigns it. That is only sound while
 * every such field is assigned by its class's constructor — an error's fields must be its own
 * properties from the start (JSON, `inspect`, redaction read them). This fails the day a class in
 * src/ or packages/ declares a field its constructor does not set.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { expect, it } from 'vitest';
import { root } from '../../scripts/spec.js';

function unassignedFields(path: string): string[] {
  const source = ts.createSourceFile(path, readFileSync(join(root, path), 'utf8'), ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isClassLike(node)) {
      const constructor = node.members.find(ts.isConstructorDeclaration);
      const assigned = constructor?.body?.getText() ?? '';
      for (const member of node.members) {
        if (!ts.isPropertyDeclaration(member) || member.initializer || ts.isPrivateIdentifier(member.name)) continue;
        const kinds = ts.getModifiers(member)?.map((modifier) => modifier.kind) ?? [];
        if (kinds.includes(ts.SyntaxKind.DeclareKeyword) || kinds.includes(ts.SyntaxKind.StaticKeyword)) continue;
        const name = member.name.getText();
        if (!assigned.includes(`this.${name} =`)) found.push(`${path}: ${node.name?.getText() ?? 'class'}.${name}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

it('every class field without an initializer is assigned by its constructor', () => {
  const files = execFileSync('git', ['ls-files', 'src/**/*.ts', 'packages/*/src/**/*.ts'], { cwd: root })
    .toString()
    .split('\n')
    .filter((file) => file !== '');
  expect(files.length).toBeGreaterThan(50);
  expect(files.flatMap(unassignedFields)).toEqual([]);
});
