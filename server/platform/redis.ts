/**
 * Redis connections as the platform opens them (the live bus's and the limits'): a command fails at
 * once while Redis is away instead of waiting in a queue that would grow through an outage (the
 * caller decides what that means: a dropped push, a limit counted in the process), reconnection
 * backs off up to 5 s, and errors are logged until the caller says the connection is being closed.
 */
import { Redis, type RedisOptions } from "ioredis";
import type { Logger } from "./logger.ts";

export function openRedis(
  url: string,
  opts: {
    /** The connection's name in Redis (CLIENT LIST) and in the logs. */
    name: string;
    log: Logger;
    /** The log line for an error. */
    errorMessage: string;
    /** True once the owner is closing it: errors then are expected and not logged. */
    closing: () => boolean;
    /** Anything to set besides (e.g. enableOfflineQueue for a subscriber). */
    options?: RedisOptions;
  },
): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: (times: number) => Math.min(5_000, 100 * 2 ** Math.min(times, 6)),
    lazyConnect: false,
    connectionName: opts.name,
    ...opts.options,
  });
  redis.on("error", (err: Error) => {
    if (!opts.closing()) opts.log.warn({ error: err.message, connection: opts.name }, opts.errorMessage);
  });
  return redis;
}
