/**
 * The live server's twin: the effective spec (upstream + overlay) served by a real oRPC 1.x
 * OpenAPIHandler on loopback, the framework the live API runs on. Every operation of the model
 * becomes a procedure — its route, a compact input (path + query + body) and outputs as zod
 * schemas made from the spec's JSON schemas (`z.fromJSONSchema`), its declared error codes as
 * `.errors()` — so queries, coercion, validation failures and error bodies are oRPC's, not ours.
 * Nothing here names an operation: tests and the quickstart say what each one answers.
 *
 * Prism answers "does the SDK keep the spec's contract?"; the twin answers "does it work with
 * the server that serves the spec?".
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { SmartCoercionPlugin } from '@orpc/json-schema';
import { OpenAPIHandler } from '@orpc/openapi/node';
import { ORPCError, os, type AnyProcedure } from '@orpc/server';
import { ZodToJsonSchemaConverter } from '@orpc/zod/zod4';
import { z } from 'zod';
import { buildModel, serverUrl, type OperationModel } from '../generate/model.js';
import { sample } from '../generate/sample.js';
import { isRecord, loadSpec } from '../spec.js';
import { declaredErrors, inputSchema, pageOf, type DeclaredError } from '../generate/operation-schemas.js';

/** What an operation answers: a body (or a function of its parsed input), a declared error, items to page. */
export type TwinAnswer =
  | { body: unknown }
  | { reply: (input: Record<string, unknown>) => unknown }
  | { error: string; message?: string; data?: unknown }
  | { items: unknown[] };

export interface TwinCall {
  operationId: string;
  /** The input as oRPC parsed and validated it (path, query and body in one object). */
  input: Record<string, unknown>;
  /** The request's path and query as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  /** When it arrived (Date.now()). */
  at: number;
}

export interface Twin {
  url: string;
  /** The router, as oRPC's OpenAPI generator reads it. */
  router: Record<string, AnyProcedure>;
  models: OperationModel[];
  /** Answers in turn: each call takes the next, the last one stays. Replaces earlier answers. */
  answer(operationId: string, ...answers: [TwinAnswer, ...TwinAnswer[]]): void;
  /** Holds each answer of the operation back this long. */
  delay(operationId: string, ms: number): void;
  calls: TwinCall[];
  /** Requests whose client went away before the twin answered (`POST /public/…`): the request was aborted. */
  abandoned: string[];
  /** Forgets answers, delays and calls. */
  reset(): void;
  stop(): Promise<void>;
}

export interface TwinOptions {
  /** @default the effective spec (openapi/userplane.yaml + openapi/overlay.yaml) */
  spec?: Record<string, unknown>;
  /** The one key the twin accepts. @default 'uspl_twin_key' */
  apiKey?: string;
}

interface Context {
  authorization: string | undefined;
  url: string;
  headers: IncomingHttpHeaders;
}

/** oRPC itself marks an error `defined` when the procedure declares its code and status, as the live server does. */
function authError(
  code: 'API_KEY_REQUIRED' | 'API_KEY_INVALID',
  declared: Map<string, DeclaredError>,
): ORPCError<string, unknown> {
  return new ORPCError(code, { status: 401, message: declared.get(code)?.message ?? code });
}

const METHODS = { get: 'GET', put: 'PUT', post: 'POST', delete: 'DELETE', head: 'HEAD', patch: 'PATCH' } as const;

function orpcMethod(model: OperationModel): (typeof METHODS)[keyof typeof METHODS] {
  if (model.method === 'options') throw new Error(`${model.operationId}: oRPC routes no OPTIONS procedure`);
  return METHODS[model.method];
}

function routePath(path: string): `/${string}` {
  if (!path.startsWith('/')) throw new Error(`${path}: a path must start with /`);
  return `/${path.slice(1)}`;
}

export async function startTwin(options: TwinOptions = {}): Promise<Twin> {
  const spec = options.spec ?? loadSpec();
  const apiKey = options.apiKey ?? 'uspl_twin_key';
  const models = buildModel(spec);
  const answers = new Map<string, TwinAnswer[]>();
  const delays = new Map<string, number>();
  const calls: TwinCall[] = [];
  const base = os.$context<Context>();
  // Flat, by operationId: each route names its operationId, so oRPC needs no nesting to write it.
  const router: Record<string, AnyProcedure> = {};

  for (const model of models) {
    const success = model.successes[0];
    const declared = declaredErrors(spec, model);
    const procedure = base
      .route({
        method: orpcMethod(model),
        path: routePath(model.path),
        successStatus: success?.status ?? 200,
        inputStructure: 'compact',
        operationId: model.operationId,
      })
      .errors(
        Object.fromEntries(
          [...declared].map(([code, error]) => [code, { status: error.status, message: error.message }]),
        ),
      )
      .input(z.fromJSONSchema(inputSchema(model)))
      .output(success?.schema === undefined ? z.undefined() : z.fromJSONSchema(success.schema));
    router[model.operationId] = procedure.handler(async ({ input, context }) => {
      if (!context.authorization?.startsWith('Bearer ')) throw authError('API_KEY_REQUIRED', declared);
      if (context.authorization !== `Bearer ${apiKey}`) throw authError('API_KEY_INVALID', declared);
      const parsed = isRecord(input) ? input : {};
      calls.push({
        operationId: model.operationId,
        input: parsed,
        url: context.url,
        headers: context.headers,
        at: Date.now(),
      });
      const queue = answers.get(model.operationId) ?? [];
      const answer = queue.length > 1 ? queue.shift() : queue[0];
      const delay = delays.get(model.operationId);
      if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
      if (answer !== undefined && 'error' in answer) throw declaredError(answer, declared, model);
      if (success?.schema === undefined) return undefined;
      if (answer === undefined) return sample(success.schema);
      if ('body' in answer) return answer.body;
      if ('reply' in answer) return answer.reply(parsed);
      return pageOf(model, success.schema, answer.items, parsed);
    });
  }

  const handler = new OpenAPIHandler<Context>(router, {
    plugins: [new SmartCoercionPlugin({ schemaConverters: [new ZodToJsonSchemaConverter()] })],
  });
  const prefix = routePath(new URL(serverUrl(spec)).pathname.replace(/\/$/, ''));
  const abandoned: string[] = [];
  const server = createServer((request, response) => {
    response.on('close', () => {
      if (!response.writableFinished) abandoned.push(`${request.method ?? ''} ${request.url ?? ''}`);
    });
    void handler
      .handle(request, response, {
        prefix,
        context: { authorization: request.headers.authorization, url: request.url ?? '', headers: request.headers },
      })
      .then(({ matched }) => {
        if (matched) return;
        response.writeHead(404, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ defined: false, code: 'NOT_FOUND', status: 404, message: 'Not found' }));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    router,
    models,
    answer: (operationId, ...given) => answers.set(operationId, given),
    delay: (operationId, ms) => delays.set(operationId, ms),
    calls,
    abandoned,
    reset: () => {
      answers.clear();
      delays.clear();
      calls.length = 0;
      abandoned.length = 0;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

function declaredError(
  answer: { error: string; message?: string; data?: unknown },
  declared: Map<string, DeclaredError>,
  model: OperationModel,
): ORPCError<string, unknown> {
  const known = declared.get(answer.error);
  if (!known)
    throw new Error(`${model.operationId} declares no error ${answer.error}: the twin answers declared codes only`);
  return new ORPCError(answer.error, {
    status: known.status,
    message: answer.message ?? known.message,
    data: answer.data,
  });
}
