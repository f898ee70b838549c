/**
 * A per-key sliding-window limit kept in this process (e.g. chat messages per learner): at most `max`
 * actions in any `windowMs`. Refusals are AppError `rate_limited` with the seconds to wait.
 */
import { AppError } from "./errors.ts";

export class SlidingLimit {
  readonly #max: number;
  readonly #windowMs: number;
  readonly #what: string;
  readonly #now: () => number;
  readonly #recent = new Map<string, number[]>();

  constructor(opts: { max: number; windowMs: number; what: string; now: () => number }) {
    this.#max = opts.max;
    this.#windowMs = opts.windowMs;
    this.#what = opts.what;
    this.#now = opts.now;
  }

  /** Counts one action of `key`, or throws `rate_limited` when it would exceed the limit. */
  take(key: string): void {
    const now = this.#now();
    const times = (this.#recent.get(key) ?? []).filter((t) => t > now - this.#windowMs);
    if (times.length >= this.#max) {
      const retryAfter = Math.max(1, Math.ceil(((times[0] ?? now) + this.#windowMs - now) / 1000));
      throw new AppError("rate_limited", `At most ${this.#max} ${this.#what} in ${this.#windowMs / 1000} s`, {
        retryAfter,
      });
    }
    times.push(now);
    this.#recent.set(key, times);
    // Forget idle keys now and then, so the map does not grow with every learner ever seen.
    if (this.#recent.size > 10_000) {
      for (const [k, v] of this.#recent) if ((v.at(-1) ?? 0) <= now - this.#windowMs) this.#recent.delete(k);
    }
  }
}
