/**
 * `npm run lint` (lint:deps): the import graph of src/ and scripts/ has no circle — type-only
 * imports included (`tsPreCompilationDeps`), since a type circle is a design circle too — and
 * the generated code never depends on what a lazy chunk holds. See ARCHITECTURE.md for what
 * each folder may import.
 */
export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import circle, type-only or not: one of the modules belongs elsewhere (ARCHITECTURE.md).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'generated-stays-generated',
      severity: 'error',
      comment:
        "Generated code may import the public types (the client's and userplane/testing's) and its siblings, nothing else handwritten.",
      from: { path: '^src/generated/' },
      to: { path: '^src/', pathNot: ['^src/generated/', '^src/operations/types\\.ts$', '^src/testing/types\\.ts$'] },
    },
    {
      name: 'handwritten-never-names-scripts',
      severity: 'error',
      comment: 'The SDK ships alone: src/ never imports the generator or the tests.',
      from: { path: '^src/' },
      to: { path: '^(scripts|tests|bench)/' },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
  },
};
