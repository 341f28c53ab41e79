/**
 * What the SDK waits for, in words, from its `logger` events: the MCP server's progress
 * notifications and the CLI's lines on a terminal say the same thing.
 */
import type { LogEvent } from 'userplane';

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** A line for a wait (a turn under the rate limit, a 429's pause, a retry's backoff), or `undefined`. */
export function waitText(event: LogEvent): string | undefined {
  switch (event.type) {
    case 'wait':
      return event.reason === 'pace'
        ? `waiting ${seconds(event.delayMs)} for a turn under the API's rate limit`
        : `waiting ${seconds(event.delayMs)}: the API asked to slow down (429)`;
    case 'retry':
      return `attempt ${event.attempt} failed; retrying in ${seconds(event.delayMs)}`;
    case 'pause':
      return `the API answered 429: every call on this key pauses ${seconds(event.delayMs)}`;
    default:
      return undefined;
  }
}
