/**
 * The cache interface and its embedded default: an in-memory map with per-entry TTL and a size bound
 * (oldest entries go first). A Redis-backed implementation fits the same interface for split mode.
 */
export interface Cache {
  get<T>(key: string): T | undefined;
  set<T>(key: string, value: T, ttlMs: number): void;
  /** Drops every key starting with `prefix`. */
  invalidate(prefix: string): void;
}

export class MemoryCache implements Cache {
  private readonly entries = new Map<string, { value: unknown; expires: number }>();
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(maxEntries = 1000, now: () => number = Date.now) {
    this.maxEntries = maxEntries;
    this.now = now;
  }

  get<T>(key: string): T | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.expires <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value as T;
  }

  set<T>(key: string, value: T, ttlMs: number): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expires: this.now() + ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  invalidate(prefix: string): void {
    for (const k of this.entries.keys()) if (k.startsWith(prefix)) this.entries.delete(k);
  }
}
