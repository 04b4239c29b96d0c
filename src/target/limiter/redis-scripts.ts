/**
 * The atomic decisions, one Lua script each, so check and write happen in one step on the server.
 * Time is the target's clock, passed in as ARGV (see docs/target.md, "Redis key layout").
 */

/**
 * Sliding log. KEYS[1] = ZSET `<prefix><scope>:<identity>`.
 * ARGV: nowMs, windowMs, limit, member (`<nowMs>-<seq>`), expire ('1' normally, '0' under lost-expire).
 * Returns {allowed 0|1, entries in window after this call, score of the oldest entry (or nowMs)}.
 */
export const SLIDING_LUA = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local expire = ARGV[5] == '1'
if expire then
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
end
local count = redis.call('ZCARD', KEYS[1])
local allowed = 0
if count < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  count = count + 1
  allowed = 1
  if expire then
    redis.call('PEXPIRE', KEYS[1], window)
  end
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local oldestMs = now
if oldest[2] then
  oldestMs = tonumber(oldest[2])
end
return {allowed, count, oldestMs}
`;

/**
 * Fixed window. KEYS[1] = STRING `<prefix><scope>:<identity>:<windowStartMs>`.
 * ARGV: windowMs, expire ('1' normally, '0' under lost-expire).
 * Every hit is counted (INCR), limited ones too; the TTL is set once, when the key is new.
 * Returns the count after this hit.
 */
export const FIXED_LUA = `
local count = redis.call('INCR', KEYS[1])
if count == 1 and ARGV[2] == '1' then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return count
`;
