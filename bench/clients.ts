/**
 * The clients compared, each making the same create-link call (POST, JSON body, JSON answer)
 * and returning the parsed body. `sdk` is this package as built (dist/), with its defaults:
 * params validation on, retries armed, pacing on (at a limit the benchmark cannot reach).
 */
import axios from 'axios';
import ky from 'ky';
import createClient from 'openapi-fetch';
import { request } from 'undici';
// 'userplane' is the built package (dist/, through package.json exports): the bench runs with
// bench/tsconfig.run.json, which drops the path alias to src/ that type-checking uses.
import { Userplane } from 'userplane';
import type { paths } from '../src/generated/schema.js';

export const API_KEY = 'uspl_bench_0123456789';
export const WORKSPACE = 'ws_1';
export const BODY = { domainId: 'dom_1', linkReusable: false, linkMeta: { source: 'bench' } };

export type Call = () => Promise<unknown>;

export const clients: Record<string, (baseUrl: string) => Call> = {
  'raw fetch': (baseUrl) => {
    const url = `${baseUrl}/public/workspace/${WORKSPACE}/links`;
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
    const url = `${baseUrl}/public/workspace/${WORKSPACE}/links`;
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
      const { data } = await client.POST('/public/workspace/{workspaceId}/links', {
        params: { path: { workspaceId: WORKSPACE } },
        body: BODY,
      });
      return data;
    };
  },
  axios: (baseUrl) => {
    const client = axios.create({ baseURL: baseUrl, headers: { authorization: `Bearer ${API_KEY}` } });
    return async () => (await client.post(`/public/workspace/${WORKSPACE}/links`, BODY)).data as unknown;
  },
  ky: (baseUrl) => {
    const client = ky.create({ prefix: baseUrl, headers: { authorization: `Bearer ${API_KEY}` } });
    return () => client.post(`public/workspace/${WORKSPACE}/links`, { json: BODY }).json();
  },
  'userplane (this SDK)': (baseUrl) => {
    // Pacing stays on (every turn still goes through the limiter and its store), with a limit
    // this benchmark cannot reach: it measures the cost of a call, not the API's rate limit.
    const userplane = new Userplane({ apiKey: API_KEY, baseUrl, rateLimit: { requests: 100_000, per: 1 } });
    return () => userplane.links.create({ workspaceId: WORKSPACE, domainId: BODY.domainId, linkMeta: BODY.linkMeta });
  },
};
