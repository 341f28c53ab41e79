/**
 * The clients compared, each making the same call — the spec's first POST with a body (today
 * links.create: a JSON body, a JSON answer) — and returning the parsed body. `sdk` is this
 * package as built (dist/), with its defaults: params validation on, retries armed, pacing on
 * (at a limit the benchmark cannot reach).
 */
import axios from 'axios';
import ky from 'ky';
import createClient from 'openapi-fetch';
import { request } from 'undici';
// 'userplane' is the built package (dist/, through package.json exports): the bench runs with
// bench/tsconfig.run.json, which drops the path alias to src/ that type-checking uses.
import { Userplane } from 'userplane';
import type { paths } from '../src/generated/schema.js';
import { methodFor, nonIdempotent } from '../tests/support/operations.js';

export const API_KEY = 'uspl_bench_0123456789';
/** The call: its params as the SDK takes them, and the request every other client makes of them. */
const PARAMS = nonIdempotent.params();
const { model } = nonIdempotent;
const PATH_PARAMS = Object.fromEntries(nonIdempotent.pathParams.map((name) => [name, PARAMS[name]]));
const PATH = model.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(PARAMS[name])));
export const BODY = Object.fromEntries(Object.entries(PARAMS).filter(([name]) => !(name in PATH_PARAMS)));

export type Call = () => Promise<unknown>;

export const clients: Record<string, (baseUrl: string) => Call> = {
  'raw fetch': (baseUrl) => {
    const url = `${baseUrl}${PATH}`;
    return async () => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify(BODY),
      });
      return (await response.json()) as unknown;
    };
  },
  'undici.request': (baseUrl) => {
    const url = `${baseUrl}${PATH}`;
    return async () => {
      const response = await request(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify(BODY),
      });
      return response.body.json();
    };
  },
  'openapi-fetch': (baseUrl) => {
    const client = createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${API_KEY}` } });
    return async () => {
      // Typed per path; here the one the spec gives, through openapi-fetch's generic `request`.
      const { data } = await (
        client as unknown as {
          request(method: string, path: string, init: unknown): Promise<{ data: unknown }>;
        }
      ).request(model.method, model.path, { params: { path: PATH_PARAMS }, body: BODY });
      return data;
    };
  },
  axios: (baseUrl) => {
    const client = axios.create({ baseURL: baseUrl, headers: { authorization: `Bearer ${API_KEY}` } });
    return async () => (await client.post(PATH, BODY)).data as unknown;
  },
  ky: (baseUrl) => {
    const client = ky.create({ prefixUrl: baseUrl, headers: { authorization: `Bearer ${API_KEY}` } });
    return () => client.post(PATH.slice(1), { json: BODY }).json();
  },
  'userplane (this SDK)': (baseUrl) => {
    // Pacing stays on (every turn still goes through the limiter and its store), with a limit
    // this benchmark cannot reach: it measures the cost of a call, not the API's rate limit.
    const userplane = new Userplane({ apiKey: API_KEY, baseUrl, rateLimit: { requests: 100_000, per: 1 } });
    const call = methodFor(userplane, nonIdempotent.id);
    return () => call(PARAMS);
  },
};
