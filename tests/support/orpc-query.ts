/**
 * Query strings read the way the live server reads them: it is built on oRPC's OpenAPIHandler,
 * which parses queries with oRPC's own StandardBracketNotationSerializer — used here as is, so
 * the loopback servers of the tests disagree with the SDK exactly when the live server would.
 */
import { StandardBracketNotationSerializer } from '@orpc/openapi-client/standard';
import type { OperationModel } from '../../scripts/model.js';
import type { Reply } from './fault-server.js';

const serializer = new StandardBracketNotationSerializer();

/** The query of a request URL as oRPC hands it to a procedure: `a[0]=x` is `{ a: ['x'] }`, `a=x` is `{ a: 'x' }`. */
export function parseQueryLikeOrpc(url: string): Record<string, unknown> {
  const parsed = serializer.deserialize([...new URL(url, 'http://loopback').searchParams]);
  return Array.isArray(parsed) ? {} : parsed;
}

/**
 * What the live server answers when an array parameter arrives as anything but an array (its
 * zod schema refuses it): 400 BAD_REQUEST. `undefined` when every array parameter is an array.
 */
export function refuseLikeOrpc(model: OperationModel, url: string): Reply | undefined {
  const query = parseQueryLikeOrpc(url);
  for (const parameter of model.parameters) {
    const value = query[parameter.name];
    if (
      parameter.in === 'query' &&
      parameter.schema['type'] === 'array' &&
      value !== undefined &&
      !Array.isArray(value)
    ) {
      return {
        status: 400,
        body: { defined: true, code: 'BAD_REQUEST', status: 400, message: `${parameter.name}: expected an array` },
      };
    }
  }
  return undefined;
}
