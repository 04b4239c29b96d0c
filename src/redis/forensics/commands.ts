/** Command facts the classifier needs: which arguments are keys, which commands read or write. */

/** Commands whose first argument is the only key (the common case for limiter traffic). */
const SINGLE_KEY = new Set([
  'GET', 'SET', 'SETEX', 'PSETEX', 'SETNX', 'GETSET', 'GETDEL', 'GETEX', 'INCR', 'INCRBY', 'INCRBYFLOAT', 'DECR', 'DECRBY',
  'EXPIRE', 'PEXPIRE', 'EXPIREAT', 'PEXPIREAT', 'TTL', 'PTTL', 'PERSIST', 'TYPE', 'STRLEN', 'APPEND',
  'HGET', 'HSET', 'HMSET', 'HMGET', 'HGETALL', 'HINCRBY', 'HINCRBYFLOAT', 'HDEL', 'HLEN', 'HSETNX', 'HEXISTS',
  'ZADD', 'ZCARD', 'ZCOUNT', 'ZRANGE', 'ZRANGEBYSCORE', 'ZREMRANGEBYSCORE', 'ZREMRANGEBYRANK', 'ZREM', 'ZSCORE', 'ZINCRBY', 'ZREVRANGE',
  'LPUSH', 'RPUSH', 'LPOP', 'RPOP', 'LTRIM', 'LINDEX', 'LLEN', 'LRANGE', 'LSET', 'SADD', 'SREM', 'SCARD', 'SISMEMBER',
]);
const MULTI_KEY = new Set(['DEL', 'UNLINK', 'EXISTS', 'MGET', 'TOUCH', 'WATCH']);

export const SCRIPT_COMMANDS = new Set(['EVAL', 'EVALSHA', 'EVAL_RO', 'EVALSHA_RO', 'FCALL', 'FCALL_RO']);

const WRITES = new Set([
  'SET', 'SETEX', 'PSETEX', 'SETNX', 'GETSET', 'GETDEL', 'GETEX', 'INCR', 'INCRBY', 'INCRBYFLOAT', 'DECR', 'DECRBY', 'APPEND',
  'EXPIRE', 'PEXPIRE', 'EXPIREAT', 'PEXPIREAT', 'PERSIST', 'HSET', 'HMSET', 'HINCRBY', 'HINCRBYFLOAT', 'HDEL', 'HSETNX',
  'ZADD', 'ZREMRANGEBYSCORE', 'ZREMRANGEBYRANK', 'ZREM', 'ZINCRBY', 'LPUSH', 'RPUSH', 'LPOP', 'RPOP', 'LTRIM', 'LSET',
  'SADD', 'SREM', 'DEL', 'UNLINK', 'MSET',
]);
const EXPIRES = new Set(['EXPIRE', 'PEXPIRE', 'EXPIREAT', 'PEXPIREAT']);
const INCREMENTS = new Set(['INCR', 'INCRBY', 'INCRBYFLOAT', 'DECR', 'DECRBY', 'HINCRBY', 'HINCRBYFLOAT', 'ZINCRBY']);

export function isWrite(cmd: string): boolean {
  return WRITES.has(cmd);
}
export function isExpire(cmd: string): boolean {
  return EXPIRES.has(cmd);
}
export function isIncrement(cmd: string): boolean {
  return INCREMENTS.has(cmd);
}
/** A read that a later write may depend on (check-then-act). Expiry queries count: PTTL then PEXPIRE. */
export function isRead(cmd: string): boolean {
  return !WRITES.has(cmd) && (SINGLE_KEY.has(cmd) || MULTI_KEY.has(cmd)) && cmd !== 'WATCH';
}

/** The keys a command touches, from its arguments (args[0] is the command name). */
export function keysOf(args: string[]): string[] {
  const cmd = args[0]?.toUpperCase() ?? '';
  if (SCRIPT_COMMANDS.has(cmd)) {
    const n = Number(args[2]);
    return Number.isInteger(n) && n > 0 ? args.slice(3, 3 + n) : [];
  }
  if (SINGLE_KEY.has(cmd)) return args.length > 1 ? [args[1]] : [];
  if (MULTI_KEY.has(cmd)) return args.slice(1);
  if (cmd === 'MSET') return args.slice(1).filter((_, i) => i % 2 === 0);
  return [];
}
