/**
 * A mergeable summary of verdict latencies (exercise.attempted durationMs) for p50/p90/p99.
 *
 * Log-scale buckets: bucket i holds the values in (γ^(i−1), γ^i] with γ = (1+α)/(1−α), and a
 * quantile is reported as 2γ^i/(γ+1), the point of that bucket whose relative distance to both ends
 * is α. So any reported quantile is within α = 1 % of the true value at the same rank, for values from
 * MIN_VALUE_MS to MAX_VALUE_MS (0.01 ms to about 28 hours); smaller values count as 0, larger ones as
 * the maximum. Merging adds bucket counts, so it is exact, associative and commutative: the summary of
 * two partitions merged equals the summary of the whole. A minute has at most a few hundred non-empty
 * buckets (1 ms to 10 min spans ~665).
 */

export const LATENCY_RELATIVE_ERROR = 0.01;
const GAMMA = (1 + LATENCY_RELATIVE_ERROR) / (1 - LATENCY_RELATIVE_ERROR);
const LN_GAMMA = Math.log(GAMMA);
export const MIN_VALUE_MS = 0.01;
export const MAX_VALUE_MS = 1e8;
const MAX_INDEX = Math.ceil(Math.log(MAX_VALUE_MS) / LN_GAMMA);

/** The stored form: bucket index → count as ascending pairs; min and max seen (null when empty). */
export interface LatencyJson {
  zero: number;
  buckets: Array<[number, number]>;
  min: number | null;
  max: number | null;
}

export interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
  count: number;
}

const MIN_INDEX = Math.ceil(Math.log(MIN_VALUE_MS) / LN_GAMMA);
/** The bucket of values below MIN_VALUE_MS (reported as 0). */
export const ZERO_BUCKET = MIN_INDEX - 1;

/** The bucket a duration falls in (NaN for a negative or non-finite one, which is ignored). */
export function bucketOf(ms: number): number {
  if (!(ms >= 0) || ms === Number.POSITIVE_INFINITY) return Number.NaN;
  if (ms < MIN_VALUE_MS) return ZERO_BUCKET;
  return Math.min(MAX_INDEX, Math.ceil(Math.log(ms) / LN_GAMMA));
}
const NONE = new Float64Array(0);

export class LatencySummary {
  private zero = 0;
  /** Counts of buckets base .. base + counts.length − 1, grown to cover what is seen (no Map: hot path). */
  private counts: Float64Array = NONE;
  private base = 0;
  private n = 0;
  private lo = Number.POSITIVE_INFINITY;
  private hi = Number.NEGATIVE_INFINITY;

  get count(): number {
    return this.n;
  }

  /** Records one duration in milliseconds (negative or non-finite values are ignored). */
  add(ms: number): void {
    this.addInBucket(ms, bucketOf(ms));
  }

  /** `add` with the bucket already known (`bucketOf(ms)`): one logarithm per event, not per window. */
  addInBucket(ms: number, bucket: number): void {
    if (Number.isNaN(bucket)) return;
    this.n++;
    if (ms < this.lo) this.lo = ms;
    if (ms > this.hi) this.hi = ms;
    if (bucket === ZERO_BUCKET) this.zero++;
    else this.bump(bucket, 1);
  }

  merge(other: LatencySummary): this {
    this.n += other.n;
    this.zero += other.zero;
    if (other.lo < this.lo) this.lo = other.lo;
    if (other.hi > this.hi) this.hi = other.hi;
    const theirs = other.counts;
    for (let o = 0; o < theirs.length; o++) {
      const c = theirs[o] as number;
      if (c > 0) this.bump(other.base + o, c);
    }
    return this;
  }

  clone(): LatencySummary {
    return new LatencySummary().merge(this);
  }

  /**
   * The value at rank ⌈q·n⌉ (nearest-rank definition), within the relative error above; NaN when
   * empty. Clamped to the observed [min, max], which can only bring it closer to the true value.
   */
  quantile(q: number): number {
    return this.quantiles([q])[0] as number;
  }

  /** Several quantiles in one pass over the buckets; `qs` ascending. */
  quantiles(qs: readonly number[]): number[] {
    if (this.n === 0) return qs.map(() => Number.NaN);
    const out: number[] = [];
    const counts = this.counts;
    let seen = this.zero;
    let o = 0;
    for (const q of qs) {
      const rank = Math.max(1, Math.ceil(q * this.n));
      if (rank <= this.zero) {
        out.push(Math.max(0, this.lo));
        continue;
      }
      while (seen < rank && o < counts.length) seen += counts[o++] as number;
      if (seen < rank) {
        out.push(this.hi);
        continue;
      }
      const v = (2 * GAMMA ** (this.base + o - 1)) / (GAMMA + 1);
      out.push(Math.min(this.hi, Math.max(this.lo, v)));
    }
    return out;
  }

  percentiles(): Percentiles | null {
    if (this.n === 0) return null;
    const r = (x: number) => Math.round(x * 100) / 100;
    const [p50, p90, p99] = this.quantiles([0.5, 0.9, 0.99]) as [number, number, number];
    return { p50: r(p50), p90: r(p90), p99: r(p99), count: this.n };
  }

  toJSON(): LatencyJson {
    const buckets: Array<[number, number]> = [];
    for (let o = 0; o < this.counts.length; o++) {
      const c = this.counts[o] as number;
      if (c > 0) buckets.push([this.base + o, c]);
    }
    return {
      zero: this.zero,
      buckets,
      min: this.n === 0 ? null : this.lo,
      max: this.n === 0 ? null : this.hi,
    };
  }

  /** Reads `toJSON()` output; throws on anything malformed. */
  static fromJSON(j: LatencyJson): LatencySummary {
    const fail = (why: string): never => {
      throw new Error(`invalid latency summary: ${why}`);
    };
    const s = new LatencySummary();
    const whole = (x: unknown): x is number => Number.isSafeInteger(x) && (x as number) >= 0;
    if (!whole(j.zero)) fail("zero");
    s.zero = j.zero;
    s.n = j.zero;
    if (!Array.isArray(j.buckets)) fail("buckets");
    let prev = Number.NEGATIVE_INFINITY;
    for (const pair of j.buckets) {
      const [i, c] = Array.isArray(pair) ? pair : [];
      if (!Number.isSafeInteger(i) || (i as number) < MIN_INDEX || (i as number) > MAX_INDEX)
        fail("bucket index");
      if (!whole(c) || c === 0) fail("bucket count");
      if ((i as number) <= prev) fail("buckets not ascending");
      prev = i as number;
      s.bump(i as number, c as number);
      s.n += c as number;
    }
    if (s.n > 0) {
      if (typeof j.min !== "number" || typeof j.max !== "number" || j.min > j.max) fail("min/max");
      s.lo = j.min as number;
      s.hi = j.max as number;
    }
    return s;
  }

  private bump(i: number, c: number): void {
    let o = i - this.base;
    if (o < 0 || o >= this.counts.length) {
      this.cover(i);
      o = i - this.base;
    }
    this.counts[o] = (this.counts[o] as number) + c;
  }

  /** Grows the bucket range (at least doubling) to include index i. */
  private cover(i: number): void {
    const len = this.counts.length;
    const pad = Math.max(128, len);
    const from = Math.max(MIN_INDEX, len === 0 ? i - pad : Math.min(this.base, i - pad));
    const to = Math.min(MAX_INDEX + 1, len === 0 ? i + pad : Math.max(this.base + len, i + pad));
    const next = new Float64Array(to - from);
    if (len > 0) next.set(this.counts, this.base - from);
    this.counts = next;
    this.base = from;
  }
}
