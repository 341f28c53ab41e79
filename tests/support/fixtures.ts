/**
 * Test data derived from the spec, never written by hand: the operation model of every
 * operation, valid params for each, and valid success bodies. A new operation in the spec gets
 * all of these with no change here.
 */
import { buildModel, type OperationModel } from '../../scripts/generate/model.js';
import { isRecord, loadSpec } from '../../scripts/spec.js';
import type { OperationId, OperationParams } from '../../src/index.js';
import { sampleValid } from './valid-arbitrary.js';

export const API_KEY = 'uspl_test_4f9c2d7e1b8a';

/** The same samples on every run; `FIXTURE_SEED=<n>` draws others. */
export const FIXTURE_SEED = Number(process.env['FIXTURE_SEED'] ?? 7);

const models = new Map(buildModel(loadSpec()).map((model) => [model.operationId, model]));

/** Every operationId in the spec, as the operation model lists them. */
export const operationIds = [...models.keys()] as OperationId[];

export function modelOf(operationId: string): OperationModel {
  const model = models.get(operationId);
  if (model === undefined) throw new Error(`no operation ${operationId} in the spec`);
  return model;
}

/**
 * Valid params for an operation: every path and query parameter, and a body drawn from its
 * schema (examples and defaults first). The spec's types say what they are; the SDK's own
 * validators check them at run time in every test that sends them.
 */
const drawnParams = new Map<string, Record<string, unknown>>();

export function sampleParams<Id extends OperationId>(operationId: Id, seed = FIXTURE_SEED): OperationParams<Id> {
  // Drawn once per operation and seed (a draw costs tens of ms), a copy handed out each time.
  const key = `${operationId} ${seed}`;
  const cached = drawnParams.get(key) ?? drawParams(operationId, seed);
  drawnParams.set(key, cached);
  return structuredClone(cached) as OperationParams<Id>;
}

function drawParams(operationId: OperationId, seed: number): Record<string, unknown> {
  const model = modelOf(operationId);
  const drawn: Record<string, unknown> = {};
  for (const parameter of model.parameters) drawn[parameter.name] = sampleValid(parameter.schema, seed);
  const body = model.body === undefined ? {} : sampleValid(model.body.schema, seed);
  // Drawn from the same schemas the type is generated from.
  return { ...drawn, ...(isRecord(body) ? body : {}) };
}

/** A valid body for a success status of an operation (by default its first with a JSON body). */
const bodies = new Map<string, Record<string, unknown>>();

export function sampleBody(operationId: OperationId, status?: number, seed = FIXTURE_SEED): Record<string, unknown> {
  const key = `${operationId} ${String(status)} ${seed}`;
  const cached = bodies.get(key);
  if (cached !== undefined) return structuredClone(cached);
  const success = modelOf(operationId).successes.find((s) => (status === undefined ? s.schema : s.status === status));
  const body = success?.schema === undefined ? undefined : sampleValid(success.schema, seed);
  if (!isRecord(body)) throw new Error(`${operationId} declares no JSON object body for ${String(status ?? '2xx')}`);
  bodies.set(key, body);
  return structuredClone(body);
}
