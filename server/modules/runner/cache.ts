import { createHash } from "node:crypto";
import type { RunnerLimits, VerdictStatus } from "./types.ts";
import type { SourceFile, ValidatedSources } from "./validate.ts";

/** Minimal LRU on Map's insertion order; `capacity` 0 stores nothing. */
export class LruCache<V> {
  readonly #map = new Map<string, V>();
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = Math.max(0, Math.floor(capacity));
  }

  get size(): number {
    return this.#map.size;
  }

  get(key: string): V | undefined {
    const v = this.#map.get(key);
    if (v !== undefined) {
      this.#map.delete(key);
      this.#map.set(key, v);
    }
    return v;
  }

  set(key: string, value: V): void {
    if (this.#capacity === 0) return;
    this.#map.delete(key);
    this.#map.set(key, value);
    while (this.#map.size > this.#capacity) {
      const oldest = this.#map.keys().next();
      if (oldest.done) break;
      this.#map.delete(oldest.value);
    }
  }

  clear(): void {
    this.#map.clear();
  }
}

function feed(hash: ReturnType<typeof createHash>, label: string, files: readonly SourceFile[]): void {
  // Length-prefix every piece so no two different inputs can concatenate to the same bytes.
  hash.update(`${label}:${files.length}\n`);
  for (const f of files) {
    const content = Buffer.from(f.content, "utf8");
    hash.update(`${Buffer.byteLength(f.name)}:${f.name}:${content.length}:`);
    hash.update(content);
  }
}

/**
 * Verdict cache key: sha256 over the exercise version, the Go version, every file (sorted by
 * name; the hidden tests too, in case a curriculum edit forgot to bump the version) and the
 * effective limits (a run that timed out at 1 s may pass at 5 s).
 */
export function verdictCacheKey(
  exerciseVersion: string,
  goVersion: string,
  sources: ValidatedSources,
  limits: RunnerLimits,
): string {
  const hash = createHash("sha256");
  hash.update(`v1\n${Buffer.byteLength(exerciseVersion)}:${exerciseVersion}\n${goVersion}\n`);
  hash.update(`go.mod ${sources.languageVersion}\n`);
  feed(hash, "files", sources.files);
  feed(hash, "tests", sources.testFiles);
  feed(hash, "support", sources.supportFiles);
  hash.update(JSON.stringify([limits.compileMs, limits.runMs, limits.memoryBytes, limits.outputBytes]));
  return hash.digest("hex");
}

/**
 * Only verdicts that depend on nothing but the code are reused: a timeout or memory failure can
 * be caused by a busy host, and "error" is the runner's own trouble.
 */
export function isCacheable(status: VerdictStatus): boolean {
  return (
    status === "passed" || status === "failed" || status === "compile_error" || status === "output_exceeded"
  );
}
