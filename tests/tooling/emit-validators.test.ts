/**
 * What scripts/generate/emit-validators.ts does to the validators hey-api emits, for the bundle's
 * sake. `v.nullish(x)` becomes `v.optional(v.nullable(x))` (one fewer valibot function): sound only
 * while both accept and give the same values, also as a field of a strict object (missing, null,
 * undefined, valid, invalid) — checked over generated inputs, with the rewrite itself and its refusal
 * of a default. A validator the same as an earlier one becomes that one.
 */
import fc from 'fast-check';
import * as v from 'valibot';
import { expect, it } from 'vitest';
import { withoutDuplicates, withoutNullish } from '../../scripts/generate/emit-validators.js';

it('rewrites every v.nullish, nested ones too, and leaves the rest as it is', () => {
  const source = [
    'export const A = v.strictObject({',
    '    a: v.nullish(v.pipe(v.string(), v.maxLength(255))),',
    "    b: v.nullish(v.strictObject({ c: v.nullish(v.picklist(['x', 'y'])) })),",
    "    d: v.optional(v.string(), 'v.nullish('),",
    '});',
  ].join('\n');
  expect(withoutNullish(source)).toBe(
    [
      'export const A = v.strictObject({',
      '    a: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(255)))),',
      "    b: v.optional(v.nullable(v.strictObject({ c: v.optional(v.nullable(v.picklist(['x', 'y']))) }))),",
      "    d: v.optional(v.string(), 'v.nullish('),",
      '});',
    ].join('\n'),
  );
});

it('refuses a v.nullish with a default, which stands in for null too', () => {
  expect(() => withoutNullish("export const A = v.nullish(v.string(), 'x');")).toThrow(/with a default/);
});

it('accepts and gives what v.nullish does, as a strict object field, over generated inputs', () => {
  const field = v.pipe(v.string(), v.maxLength(4));
  const nullish = v.strictObject({ a: v.nullish(field) });
  const rewritten = v.strictObject({ a: v.optional(v.nullable(field)) });
  const value = fc.oneof(fc.constant(null), fc.constant(undefined), fc.string({ maxLength: 6 }), fc.anything());
  const input = fc.oneof(fc.record({ a: value }, { requiredKeys: [] }), fc.anything());
  fc.assert(
    fc.property(input, (given) => {
      const [before, after] = [v.safeParse(nullish, given), v.safeParse(rewritten, given)];
      expect(after.success).toBe(before.success);
      expect(after.output).toEqual(before.output);
      expect(after.issues?.map((issue) => issue.message)).toEqual(before.issues?.map((issue) => issue.message));
    }),
    { numRuns: 2000 },
  );
});

it('makes a validator the same as an earlier one that one, and no other', () => {
  const source = [
    'export const A = v.strictObject({ id: v.string() });',
    '',
    'export const B = v.strictObject({ id: v.number() });',
    '',
    'export const C = v.strictObject({ id: v.string() });',
    '',
    'export const D = v.strictObject({ id: v.number() });',
  ].join('\n');
  expect(withoutDuplicates(source)).toBe(
    [
      'export const A = v.strictObject({ id: v.string() });',
      '',
      'export const B = v.strictObject({ id: v.number() });',
      '',
      'export const C = A;',
      '',
      'export const D = B;',
    ].join('\n'),
  );
});
