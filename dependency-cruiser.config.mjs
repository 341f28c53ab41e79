/**
 * `npm run lint` (its import-graph part): the folders of src/ in one order, each importing only
 * the folders below it — type-only imports included (`tsPreCompilationDeps`): a type that points
 * up is a design that points up. ARCHITECTURE.md says why each folder is where it is.
 */

/** src/'s folders, lowest first. `client.ts` and `index.ts` sit above `operations`; `testing` (its own entry) above them. */
export const ORDER = [
  'shared',
  'generated',
  'errors',
  'pacing',
  'retry',
  'options',
  'request',
  'pagination',
  'operations',
];
const TOP = ['client\\.ts', 'index\\.ts'];

const upward = ORDER.map((folder, level) => ({
  name: `${folder}-points-down`,
  severity: 'error',
  comment: `src/${folder}/ may import only the folders below it: ${ORDER.slice(0, level).join(', ') || 'none'} (ARCHITECTURE.md).`,
  from: { path: `^src/${folder}/` },
  to: { path: `^src/(${[...ORDER.slice(level + 1).map((f) => `${f}/`), ...TOP, 'testing/'].join('|')})` },
}));

export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import circle, type-only or not: one of the modules belongs elsewhere (ARCHITECTURE.md).',
      from: {},
      to: { circular: true },
    },
    ...upward,
    {
      name: 'generated-stays-generated',
      severity: 'error',
      comment: 'Generated code imports its siblings and its libraries, nothing handwritten: handwritten code reads it.',
      from: { path: '^src/generated/' },
      to: { path: '^src/', pathNot: '^src/generated/' },
    },
    {
      name: 'top-files-point-down',
      severity: 'error',
      comment: 'client.ts is built from the folders; only index.ts (the entry) and userplane/testing import it.',
      from: { path: '^src/', pathNot: ['^src/index\\.ts$', '^src/testing/'] },
      to: { path: '^src/client\\.ts$' },
    },
    {
      name: 'handwritten-never-names-scripts',
      severity: 'error',
      comment: 'The SDK ships alone: src/ never imports the generator or the tests.',
      from: { path: '^(src|packages/[^/]+/src)/' },
      to: { path: '^(scripts|tests|bench)/' },
    },
    {
      name: 'tools-share-through-shared',
      severity: 'error',
      comment:
        'The MCP server and the CLI share code through packages/shared/src/ (bundled into each bin), never by importing each other; shared code imports neither.',
      from: { path: '^packages/([^/]+)/src/' },
      to: { path: '^packages/(mcp|cli|shared)/src/', pathNot: ['^packages/$1/src/', '^packages/shared/src/'] },
    },
    {
      name: 'generation-stands-alone',
      severity: 'error',
      comment:
        'Code generation reads the spec and the model; the upstream pull, the release and the test servers build on it, not it on them.',
      from: { path: '^scripts/generate/' },
      to: { path: '^scripts/(upstream|release|servers)/' },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
  },
};
