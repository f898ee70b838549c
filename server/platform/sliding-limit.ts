/**
 * Per-key sliding-window limits (e.g. chat messages per learner): at most `max` actions in any
 * `windowMs`. Refusals are AppError `rate_limited` with the seconds to wait.
 *
 * Where the counts live is a `LimitStore`: this process's memory (the embedded default), or Redis
 * when `REDIS_URL` is set, so that every replica counts the same actions and a learner gets the same
 * budget however many processes serve them.
 */
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { AppError } from "./errors.ts";
import type { Logger } from "./logger.ts";
import { openRedis } from "./redis.ts";

export interface LimitStore {
  readonly kind: "memory" | "redis";
  /**
   * Counts one action of `key` at `now` when fewer than `max` fall in (now − windowMs, now]; returns
   * 0 then, and otherwise the milliseconds until the oldest of them leaves the window (nothing counted).
   */
  hit(key: string, now: number, windowMs: number, max: number): Promise<number>;
}

/** Counts in this process: a list of recent times per key. */
export class MemoryLimitStore implements LimitStore {
  readonly kind = "memory" as const;
  readonly #recent = new Map<string, number[]>();

  async hit(key: string, now: number, windowMs: number, max: number): Promise<number> {
    return this.hitNow(key, now, windowMs, max);
  }

  /** `hit`, synchronously. */
  hitNow(key: string, now: number, windowMs: number, max: number): number {
    const times = (this.#recent.get(key) ?? []).filter((t) => t > now - windowMs);
    if (times.length >= max) {
      this.#recent.set(key, times);
      return (times[0] ?? now) + windowMs - now;
    }
    times.push(now);
    this.#recent.set(key, times);
    // Forget idle keys now and then, so the map does not grow with every learner ever seen.
    if (this.#recent.size > 10_000)
      for (const [k, v] of this.#recent) if ((v.at(-1) ?? 0) <= now - windowMs) this.#recent.delete(k);
    return 0;
  }
}

/**
 * One sorted set per key, scored by time; trimming, counting and adding happen in one script, so
 * two processes counting at once cannot both take the last place.
 */
const HIT_SCRIPT = `
local key, now, window, max, member = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
if redis.call('ZCARD', key) >= max then
  local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
  return tonumber(oldest[2]) + window - now
end
redis.call('ZADD', key, now, member)
redis.call('PEXPIRE', key, window)
return 0
`;

/** This process among those sharing a Redis (pids repeat across machines). */
const PROCESS_TOKEN = randomBytes(6).toString("hex");
let seq = 0;

/** Counts in Redis, shared by every process that uses the same server and prefix. */
export class RedisLimitStore implements LimitStore {
  readonly kind = "redis" as const;
  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(redis: Redis, prefix = "gopro:limit:") {
    this.#redis = redis;
    this.#prefix = prefix;
  }

  async hit(key: string, now: number, windowMs: number, max: number): Promise<number> {
    // Members must be unique: two actions in the same millisecond are two actions, whichever
    // process or store takes them.
    const member = `${now}:${PROCESS_TOKEN}:${seq++}`;
    const wait = await this.#redis.eval(HIT_SCRIPT, 1, this.#prefix + key, now, windowMs, max, member);
    return Math.max(0, Number(wait));
  }
}

/**
 * A Redis connection for limits: a command fails at once while Redis is away (callers then count in
 * their own process) instead of waiting in a queue, and it reconnects by itself.
 */
export function limitsConnection(url: string, log: Logger): Redis {
  let ended = false;
  const redis = openRedis(url, {
    name: "gopro-limits",
    log,
    errorMessage: "limits: Redis error",
    closing: () => ended,
    options: { connectTimeout: 2_000 },
  });
  redis.on("end", () => {
    ended = true;
  });
  return redis;
}

export class SlidingLimit {
  readonly #max: number;
  readonly #windowMs: number;
  readonly #what: string;
  readonly #now: () => number;
  readonly #store: LimitStore;
  readonly #name: string;
  readonly #log: Logger | undefined;
  /** Counts here while the shared store cannot answer: limited per process rather than not at all. */
  readonly #fallback = new MemoryLimitStore();
  #warnedAt = Number.NEGATIVE_INFINITY;

  constructor(opts: {
    max: number;
    windowMs: number;
    what: string;
    now: () => number;
    /** Where counts live (default: this process). */
    store?: LimitStore;
    /** Names this limit's keys in the store (e.g. "chat"). */
    name?: string;
    log?: Logger;
  }) {
    this.#max = opts.max;
    this.#windowMs = opts.windowMs;
    this.#what = opts.what;
    this.#now = opts.now;
    this.#store = opts.store ?? this.#fallback;
    this.#name = opts.name ?? opts.what;
    this.#log = opts.log;
  }

  /** Counts one action of `key`, or throws `rate_limited` when it would exceed the limit. */
  async take(key: string): Promise<void> {
    const now = this.#now();
    const storeKey = `${this.#name}:${key}`;
    let wait: number;
    try {
      wait = await this.#store.hit(storeKey, now, this.#windowMs, this.#max);
    } catch (err) {
      if (now - this.#warnedAt >= 60_000) {
        this.#warnedAt = now;
        this.#log?.warn(
          { err, limit: this.#name },
          "rate limit store unavailable: counting in this process until it is back",
        );
      }
      wait = this.#fallback.hitNow(storeKey, now, this.#windowMs, this.#max);
    }
    if (wait > 0)
      throw new AppError("rate_limited", `At most ${this.#max} ${this.#what} in ${this.#windowMs / 1000} s`, {
        retryAfter: Math.max(1, Math.ceil(wait / 1000)),
      });
  }
}
