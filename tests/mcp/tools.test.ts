/**
 * The MCP tools as generated (packages/mcp/src/generated/tools.ts): one per operation of the
 * model, with names every client takes, one flat object schema each that ajv compiles, the
 * annotations the method implies, and the choice of tools an operator makes with the flags.
 */
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { instructions, tools } from '../../packages/mcp/src/generated/tools.js';
import { selectTools } from '../../packages/mcp/src/tools.js';
import { sharedErrors } from '../../scripts/generate/descriptions.js';
import { loadSpec } from '../../scripts/spec.js';
import { modelOf, operationIds } from '../support/fixtures.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const sharedCodes = sharedErrors(loadSpec()).map((error) => error.code);

describe('a tool per operation, from the operation model', () => {
  it('names every operation once, in operationId order, `.` as `_`', () => {
    expect(tools.map((tool) => tool.operationId)).toEqual(operationIds);
    for (const tool of tools) expect(tool.name).toBe(tool.operationId.replaceAll('.', '_'));
  });

  it.each(tools.map((tool) => [tool.name, tool] as const))(
    '%s: a name, a title, a short description naming the operation’s own codes — not the shared ones',
    (_, tool) => {
      const model = modelOf(operationIds.find((id) => id === tool.operationId)!);
      expect(tool.name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
      expect(tool.title).toBe(model.summary);
      expect(tool.description.length).toBeLessThanOrEqual(600);
      const listed = /Errors: ([A-Z0-9_, ]+)\./.exec(tool.description)?.[1]?.split(', ') ?? [];
      const own = [...new Set(Object.values(model.errors).flat())].filter((code) => !sharedCodes.includes(code));
      expect(listed).toEqual(own);
    },
  );

  it.each(tools.map((tool) => [tool.name, tool] as const))(
    '%s: every argument described in one line; one with a default not required',
    (_, tool) => {
      const model = modelOf(operationIds.find((id) => id === tool.operationId)!);
      const properties = tool.inputSchema['properties'] as Record<string, { description?: unknown; default?: unknown }>;
      for (const [name, schema] of Object.entries(properties)) {
        expect(typeof schema.description, name).toBe('string');
        expect(String(schema.description)).toMatch(/^[^\n]{3,160}$/);
      }
      const required = tool.inputSchema['required'] as string[];
      for (const name of required)
        expect(properties[name]?.default, `${name} is required and has a default`).toBeUndefined();
      const defaulted = [
        ...model.parameters.filter((p) => p.hasDefault).map((p) => p.name),
        ...(model.body?.defaults ?? []),
      ];
      for (const name of defaulted) expect(required).not.toContain(name);
    },
  );

  it('the server’s instructions say once what every tool shares: each shared code, with its status', () => {
    expect(sharedCodes.length).toBeGreaterThan(0);
    for (const { code, status } of sharedErrors(loadSpec())) expect(instructions).toContain(`${code} (${status})`);
    expect(instructions).toMatch(/retryAfter in ms/);
  });

  it.each(tools.map((tool) => [tool.name, tool] as const))(
    '%s: one flat object of params, self-contained, compiled by ajv; the output schema too',
    (_, tool) => {
      const model = modelOf(operationIds.find((id) => id === tool.operationId)!);
      const { inputSchema, outputSchema } = tool;
      expect(inputSchema.type).toBe('object');
      for (const union of ['anyOf', 'oneOf', 'allOf']) expect(inputSchema).not.toHaveProperty(union);
      expect(JSON.stringify(tool)).not.toMatch(/"\$ref"/);
      // Path, query and body fields together, as the SDK takes them.
      const fields = [...model.parameters.map((p) => p.name), ...(model.body?.fields ?? [])];
      expect(Object.keys(inputSchema['properties'] as object).sort()).toEqual(fields.sort());
      const ajv = addFormats(new Ajv({ strict: true, allErrors: true }));
      expect(() => ajv.compile(inputSchema)).not.toThrow();
      if (outputSchema !== undefined) {
        expect(outputSchema.type).toBe('object');
        expect(() => ajv.compile(outputSchema)).not.toThrow();
      }
    },
  );

  it.each(tools.map((tool) => [tool.name, tool] as const))('%s: annotations from its method', (_, tool) => {
    const { method } = tool;
    expect(tool.annotations).toEqual({
      readOnlyHint: method === 'get',
      destructiveHint: method === 'delete',
      idempotentHint: ['get', 'put', 'delete'].includes(method),
      openWorldHint: true,
    });
  });
});

describe('the tools an operator chooses', () => {
  const [first, second] = tools;
  const all = { toolsets: [], tools: [], readOnly: false };

  it('every tool by default; --toolsets and --tools give their union; names or operationIds', () => {
    expect(selectTools(all).tools).toEqual(tools);
    const set = first!.toolset;
    expect(selectTools({ ...all, toolsets: [set] }).tools).toEqual(tools.filter((tool) => tool.toolset === set));
    if (second !== undefined) {
      expect(selectTools({ ...all, tools: [first!.name, second.operationId] }).tools).toEqual([first, second]);
    }
  });

  it('--read-only keeps only GET tools, whatever else is asked, and says so when none is left', () => {
    const chosen = selectTools({
      toolsets: tools.map((tool) => tool.toolset),
      tools: tools.map((t) => t.name),
      readOnly: true,
    });
    expect(chosen.tools).toEqual(tools.filter((tool) => tool.method === 'get'));
    expect(chosen.notes.join('\n')).toMatch(/read-only/);
    if (chosen.tools.length === 0) expect(chosen.notes.join('\n')).toMatch(/serving none/);
  });

  it('an unknown name fails, naming it and the known ones', () => {
    expect(() => selectTools({ ...all, tools: ['nope'] })).toThrow(
      new RegExp(`unknown tool nope; the tools: ${tools.map((tool) => tool.name).join(', ')}`),
    );
    expect(() => selectTools({ ...all, toolsets: ['nowhere'] })).toThrow(
      new RegExp(
        `unknown toolset nowhere; the toolsets: ${[...new Set(tools.map((tool) => tool.toolset))].join(', ')}$`,
      ),
    );
  });
});
