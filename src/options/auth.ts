import { UserplaneConfigError } from '../errors/config-error.js';
import { readEnv } from './env.js';

/** Userplane keys start with `uspl_`; the rest must be printable ASCII without spaces (it goes in a header). */
const API_KEY_SHAPE = /^uspl_[\x21-\x7e]+$/;

/**
 * The API key to send: the option, else `USERPLANE_API_KEY`. Refuses a missing or malformed
 * key before anything is sent. The key is never part of a message — not even a prefix of it.
 */
export function resolveApiKey(apiKey: unknown): string {
  const key = apiKey ?? readEnv('USERPLANE_API_KEY');
  if (key === undefined || key === '') {
    throw new UserplaneConfigError('No API key: pass { apiKey } or set USERPLANE_API_KEY (keys: dash.userplane.io)');
  }
  if (typeof key !== 'string' || !API_KEY_SHAPE.test(key)) {
    const what = typeof key === 'string' ? `a ${key.length}-character string` : `a ${typeof key}`;
    throw new UserplaneConfigError(`Malformed API key (got ${what}): expected "uspl_…" without spaces`);
  }
  return key;
}

export function authorizationHeader(apiKey: string): string {
  return `Bearer ${apiKey}`;
}
