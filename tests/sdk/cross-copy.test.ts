/**
 * Two copies of the package in one node_modules (two versions, say): an error thrown by one is
 * recognised by the other's isUserplaneError, where `instanceof` fails.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from '../../scripts/spec.js';
import type * as Sdk from '../../src/index.js';
import { operationIds } from '../support/fixtures.js';
import { methodFor, withDeclaredCode } from '../support/operations.js';

let dir: string;
let copyA: typeof Sdk;
let copyB: typeof Sdk;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'userplane-copies-'));
  const load = async (name: string): Promise<typeof Sdk> => {
    const file = join(dir, 'node_modules', name, 'index.mjs');
    mkdirSync(join(dir, 'node_modules', name), { recursive: true });
    await build({
      entryPoints: [join(root, 'src/index.ts')],
      bundle: true,
      format: 'esm',
      platform: 'node',
      outfile: file,
      logLevel: 'silent',
    });
    writeFileSync(join(dir, 'node_modules', name, 'package.json'), JSON.stringify({ name, type: 'module' }));
    return (await import(pathToFileURL(file).href)) as typeof Sdk;
  };
  copyA = await load('userplane-v1');
  copyB = await load('userplane-v2');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('errors across package copies', () => {
  it('are separate copies: instanceof does not cross them', () => {
    expect(copyA.UserplaneError).not.toBe(copyB.UserplaneError);
    expect(() => new copyB.Userplane({ apiKey: 'nope' })).toThrow(copyB.UserplaneConfigError);
    let error: unknown;
    try {
      new copyB.Userplane({ apiKey: 'nope' });
    } catch (e) {
      error = e;
    }
    expect(error instanceof copyA.UserplaneError).toBe(false);
    expect(copyA.isUserplaneError(error)).toBe(true);
  });

  it('isUserplaneError narrows an API error from the other copy by operation and code', async () => {
    const { operation, code } = withDeclaredCode(404);
    const userplane = new copyB.Userplane({
      apiKey: 'uspl_copy_test',
      baseUrl: 'https://api.example',
      fetch: () =>
        Promise.resolve(Response.json({ defined: true, code, status: 404, message: 'Not found' }, { status: 404 })),
    });
    const error = await methodFor(userplane, operation.id)(operation.params()).catch((e: unknown) => e);
    expect(error instanceof copyA.UserplaneApiError).toBe(false);
    expect(copyA.isUserplaneError(error, operation.id, code as never)).toBe(true);
    expect(copyA.isUserplaneError(error, operation.id, 'SDK_NOT_THIS_CODE' as never)).toBe(false);
    const other = operationIds.find((id) => id !== operation.id);
    if (other !== undefined) expect(copyA.isUserplaneError(error, other)).toBe(false);
  });

  it('is not fooled by look-alikes', () => {
    const { operation, code } = withDeclaredCode(404);
    const fake = { kind: 'api', operationId: operation.id, code, defined: true };
    expect(copyA.isUserplaneError(fake)).toBe(false);
    expect(copyA.isUserplaneError(new Error(code))).toBe(false);
    expect(copyA.isUserplaneError(null)).toBe(false);
    expect(copyA.isUserplaneError(code)).toBe(false);
  });
});
