/**
 * The Lua scripts of `userplane/redis` (redis.ts), each run atomically by Redis (EVAL) on its own
 * clock — `TIME`, in ms — so processes on machines whose clocks differ count one window.
 *
 * The turns are a sorted set: member, a turn's id; score, when it stops counting (ms).
 */

/** Redis's time in ms, and the turns that stopped counting dropped. */
const NOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
`;

/** The key lives as long as its last turn counts. */
const EXPIRE = `
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
if last[2] then redis.call('PEXPIREAT', KEYS[1], math.ceil(tonumber(last[2])) + 1) end
`;

/**
 * ARGV: requests, per, in-flight ms, id. Returns `{ used, wait, granted }`: the turns counting
 * before this one, the ms until one is free (0 when one is; at most `per`, the in-flight turns'
 * earliest end), and 1 when the turn was taken — counted until the in-flight limit passes, or
 * until RELEASE says its request ended. An empty id only reads (the store's `state`).
 */
export const TAKE = `${NOW}
local requests, per = tonumber(ARGV[1]), tonumber(ARGV[2])
local used = redis.call('ZCARD', KEYS[1])
if used < requests then
  if ARGV[4] == '' then return {used, 0, 0} end
  redis.call('ZADD', KEYS[1], now + per + tonumber(ARGV[3]), ARGV[4])
  ${EXPIRE}
  return {used, 0, 1}
end
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {used, math.max(1, math.min(per, math.ceil(tonumber(first[2]) - now))), 0}
`;

/** ARGV: per, id. The turn's request ended: it counts until `per` from now (again, if it had lapsed). */
export const RELEASE = `${NOW}
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[1]), ARGV[2])
${EXPIRE}
return 1
`;

/** The pause record (0 for none) and the ms it has left. */
export const PAUSED = `
return {tonumber(redis.call('GET', KEYS[1]) or '0') or 0, redis.call('PTTL', KEYS[1])}
`;
