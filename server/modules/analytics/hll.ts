/**
 * HyperLogLog for unique learners per window.
 *
 * - Precision p = 12: m = 4096 one-byte registers (4 KiB dense). Standard error 1.04/√m ≈ 1.63 %.
 *   We chose 2¹² over 2¹⁴ (0.81 %, 16 KiB) because a busy window's sketch is read and rewritten in the
 *   database on every event of that window; four times the bytes per event buys a precision that a
 *   dashboard does not need.
 * - Exact while small: up to EXACT_LIMIT = m/8 = 512 distinct learners the sketch is the set of their
 *   53-bit hashes (no error, and stored in no more bytes than the dense form), then it switches to
 *   registers.
 * - Estimation: Otmar Ertl's improved raw estimator ("New cardinality estimation algorithms for
 *   HyperLogLog sketches", 2017). Its σ term corrects the small-range bias that the classic raw
 *   estimator has (the range where the original paper switches to linear counting) and its τ term the
 *   large range, with no empirical bias tables.
 * - Merging is exact: registers take the maximum, exact sets take the union, and whether a sketch is
 *   exact depends only on how many distinct hashes it has seen. So merging the sketches of any
 *   partitions of a stream gives byte for byte the sketch of the whole stream.
 */
import { hash53, LOW_BITS } from "./hash.ts";

export const HLL_PRECISION = 12;
export const HLL_REGISTERS = 1 << HLL_PRECISION;
/** Relative standard error of a dense estimate: 1.04/√m. */
export const HLL_STANDARD_ERROR = 1.04 / Math.sqrt(HLL_REGISTERS);
/** Above this many distinct hashes the sketch goes dense (8 stored bytes per exact hash: the dense size). */
export const EXACT_LIMIT = HLL_REGISTERS / 8;

/** Bits left for the rank after the register index: the hash has 53. */
const Q = 53 - HLL_PRECISION;
const LOW_SCALE = 2 ** LOW_BITS;
const INDEX_SHIFT = 32 - HLL_PRECISION;
const ALPHA_INF = 1 / (2 * Math.LN2);

const FORMAT_VERSION = 1;
const MODE_EXACT = 0;
const MODE_DENSE = 1;
const HEADER = 3;

/** σ(x) = x + Σ_{k≥1} x^(2^k)·2^(k−1). */
function sigma(x: number): number {
  if (x === 1) return Number.POSITIVE_INFINITY;
  let y = 1;
  let z = x;
  for (;;) {
    x *= x;
    const prev = z;
    z += x * y;
    y += y;
    if (z === prev) return z;
  }
}

/** τ(x) = (1 − x − Σ_{k≥1} (1 − x^(2^−k))²·2^−k) / 3. */
function tau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let y = 1;
  let z = 1 - x;
  for (;;) {
    x = Math.sqrt(x);
    const prev = z;
    y *= 0.5;
    z -= (1 - x) ** 2 * y;
    if (z === prev) return z / 3;
  }
}

/**
 * Arrays of sketches that were reset (the aggregator resets a minute's sketches once they are folded
 * into its hour), for the next sketches to reuse: allocating a typed array of this size costs about a
 * microsecond, clearing one a tenth of that. At most POOL_MAX of each kind are kept.
 */
const FREE_TABLES: Uint16Array<ArrayBuffer>[] = [];
const FREE_LISTS: Float64Array<ArrayBuffer>[] = [];
const FREE_REGISTERS: Uint8Array<ArrayBuffer>[] = [];
const FREE_HISTS: Float64Array<ArrayBuffer>[] = [];
const POOL_MAX = 64;
/** Table length of an exact set that can hold EXACT_LIMIT hashes at most half full. */
const FULL_TABLE = 2 * EXACT_LIMIT;

/**
 * The exact mode's set of hashes: the hashes in a list, in insertion order (iterating and growing walk
 * `size` entries, not a table), and an open-addressing index over the list, at most half full. An index
 * slot holds a position in the list + 1 (0 is a free slot, so a fresh array is all free) in 16 bits:
 * at full size the index an insert probes is 2 KiB, a quarter of a table of the 8-byte hashes
 * themselves. The aggregator keeps a set per course for every open minute and probes one per event;
 * with the hashes in the table those probes were the largest cost of applying an event (they missed
 * the processor's cache). A Set<number> would box each 53-bit hash on insert.
 */
class HashSet53 {
  table = new Uint16Array(8);
  list = new Float64Array(4);
  size = 0;

  /** Adds `h`; false when it was already there. */
  add(h: number): boolean {
    let table = this.table;
    let mask = table.length - 1;
    const list = this.list;
    // ToInt32 keeps the low 32 bits: 21 bits of h2 and 11 of h1, all well mixed.
    let i = h & mask;
    for (;;) {
      const at = table[i] as number;
      if (at === 0) break;
      if (list[at - 1] === h) return false;
      i = (i + 1) & mask;
    }
    const n = this.size;
    // Half full at most, except the one hash past EXACT_LIMIT that sends the sketch dense anyway.
    if ((n + 1) * 2 > table.length && n < EXACT_LIMIT) {
      this.grow();
      table = this.table;
      mask = table.length - 1;
      i = h & mask;
      while (table[i] !== 0) i = (i + 1) & mask;
    }
    table[i] = n + 1;
    this.list[n] = h;
    this.size = n + 1;
    return true;
  }

  values(): number[] {
    return Array.from(this.list.subarray(0, this.size));
  }

  /** Adds every hash of this set to `into` (no intermediate array). */
  addAllTo(into: HyperLogLog): void {
    const list = this.list;
    for (let k = 0; k < this.size; k++) into.add(list[k] as number);
  }

  /** Gives its full-size arrays to the pool; the set must not be used afterwards. */
  release(): void {
    if (this.table.length === FULL_TABLE && FREE_TABLES.length < POOL_MAX) {
      FREE_TABLES.push(this.table);
      FREE_LISTS.push(this.list);
    }
  }

  clone(): HashSet53 {
    const c = new HashSet53();
    c.table = this.table.slice();
    c.list = this.list.slice();
    c.size = this.size;
    return c;
  }

  private grow(): void {
    // Straight from the small start to the size that holds EXACT_LIMIT: allocating a typed array
    // this size costs about a microsecond whatever its length, so two allocations beat five doublings.
    const size = Math.max(this.table.length * 2, FULL_TABLE);
    const pooled = size === FULL_TABLE ? FREE_TABLES.pop() : undefined;
    const table = pooled === undefined ? new Uint16Array(size) : pooled.fill(0);
    // The list needs no clearing: only the entries below the set's size are read.
    const list =
      pooled === undefined ? new Float64Array(size / 2 + 1) : (FREE_LISTS.pop() as Float64Array<ArrayBuffer>);
    const mask = size - 1;
    const old = this.list;
    for (let k = 0; k < this.size; k++) {
      const h = old[k] as number;
      list[k] = h;
      let i = h & mask;
      while (table[i] !== 0) i = (i + 1) & mask;
      table[i] = k + 1;
    }
    this.table = table;
    this.list = list;
  }
}

export class HyperLogLog {
  private exact: HashSet53 | null = new HashSet53();
  private registers: Uint8Array | null = null;
  /** How many registers hold each value 0..q+1, kept as registers change (the estimator reads it). */
  private hist: Float64Array | null = null;
  private cached = -1;

  /** Adds a learner id (hashed with hash53). */
  addId(id: string): void {
    this.add(hash53(id));
  }

  /** Adds a 53-bit hash. */
  add(hash: number): void {
    const exact = this.exact;
    if (exact !== null) {
      if (!exact.add(hash)) return;
      this.cached = -1;
      if (exact.size > EXACT_LIMIT) this.densify();
      return;
    }
    this.setRegister(hash);
  }

  get isExact(): boolean {
    return this.exact !== null;
  }

  /** Distinct learners: exact while small, else the estimate rounded to a whole number. */
  count(): number {
    if (this.exact !== null) return this.exact.size;
    if (this.cached < 0) this.cached = Math.round(this.estimate());
    return this.cached;
  }

  /** Folds `other` into this sketch (the union of what both have seen). */
  merge(other: HyperLogLog): this {
    if (other.exact !== null) {
      other.exact.addAllTo(this);
      return this;
    }
    const theirs = other.registers as Uint8Array;
    if (this.exact !== null) {
      const mine = this.exact.values();
      this.exact.release();
      this.exact = null;
      this.registers = theirs.slice();
      this.hist = (other.hist as Float64Array).slice();
      for (const h of mine) this.setRegister(h);
    } else {
      const regs = this.registers as Uint8Array;
      const hist = this.hist as Float64Array;
      for (let i = 0; i < HLL_REGISTERS; i++) {
        const r = theirs[i] as number;
        const mine = regs[i] as number;
        if (r > mine) {
          regs[i] = r;
          hist[mine] = (hist[mine] as number) - 1;
          hist[r] = (hist[r] as number) + 1;
        }
      }
    }
    this.cached = -1;
    return this;
  }

  clone(): HyperLogLog {
    const c = new HyperLogLog();
    c.exact = this.exact === null ? null : this.exact.clone();
    c.registers = this.registers === null ? null : this.registers.slice();
    c.hist = this.hist === null ? null : this.hist.slice();
    c.cached = this.cached;
    return c;
  }

  /**
   * Bytes for the database: [version, p, mode] then either a u32 count and that many 53-bit hashes
   * (u32 high, u32 low, little-endian, ascending), or the m registers. Equal sketches give equal bytes.
   */
  serialize(): Uint8Array {
    if (this.exact !== null) {
      const hashes = this.exact.values().sort((a, b) => a - b);
      const out = new Uint8Array(HEADER + 4 + hashes.length * 8);
      const view = new DataView(out.buffer);
      out.set([FORMAT_VERSION, HLL_PRECISION, MODE_EXACT]);
      view.setUint32(HEADER, hashes.length, true);
      let o = HEADER + 4;
      for (const h of hashes) {
        const hi = Math.floor(h / LOW_SCALE);
        view.setUint32(o, hi, true);
        view.setUint32(o + 4, h - hi * LOW_SCALE, true);
        o += 8;
      }
      return out;
    }
    const out = new Uint8Array(HEADER + HLL_REGISTERS);
    out.set([FORMAT_VERSION, HLL_PRECISION, MODE_DENSE]);
    out.set(this.registers as Uint8Array, HEADER);
    return out;
  }

  /** Reads `serialize()` output; throws on anything malformed or of another precision. */
  static deserialize(bytes: Uint8Array): HyperLogLog {
    const fail = (why: string): never => {
      throw new Error(`invalid HyperLogLog bytes: ${why}`);
    };
    if (bytes.length < HEADER) fail("too short");
    if (bytes[0] !== FORMAT_VERSION) fail(`unknown version ${bytes[0]}`);
    if (bytes[1] !== HLL_PRECISION) fail(`precision ${bytes[1]}, expected ${HLL_PRECISION}`);
    const s = new HyperLogLog();
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes[2] === MODE_EXACT) {
      if (bytes.length < HEADER + 4) fail("too short");
      const n = view.getUint32(HEADER, true);
      if (n > EXACT_LIMIT) fail(`${n} exact hashes, at most ${EXACT_LIMIT}`);
      if (bytes.length !== HEADER + 4 + n * 8) fail("length does not match the count");
      const set = new HashSet53();
      let prev = -1;
      for (let i = 0, o = HEADER + 4; i < n; i++, o += 8) {
        const lo = view.getUint32(o + 4, true);
        if (lo >= LOW_SCALE) fail("hash out of range");
        const h = view.getUint32(o, true) * LOW_SCALE + lo;
        if (h <= prev) fail("hashes not strictly ascending");
        prev = h;
        set.add(h);
      }
      s.exact = set;
      return s;
    }
    if (bytes[2] !== MODE_DENSE) fail(`unknown mode ${bytes[2]}`);
    if (bytes.length !== HEADER + HLL_REGISTERS) fail("dense length");
    const regs = bytes.slice(HEADER);
    const hist = new Float64Array(Q + 2);
    for (const r of regs) {
      if (r > Q + 1) fail("register out of range");
      hist[r] = (hist[r] as number) + 1;
    }
    s.exact = null;
    s.registers = regs;
    s.hist = hist;
    return s;
  }

  private densify(): void {
    const exact = this.exact as HashSet53;
    this.exact = null;
    const pooled = FREE_REGISTERS.pop();
    this.registers = pooled === undefined ? new Uint8Array(HLL_REGISTERS) : pooled.fill(0);
    this.hist = pooled === undefined ? new Float64Array(Q + 2) : (FREE_HISTS.pop() as Float64Array).fill(0);
    this.hist[0] = HLL_REGISTERS;
    const list = exact.list;
    for (let k = 0; k < exact.size; k++) this.setRegister(list[k] as number);
    exact.release();
  }

  /**
   * Empties the sketch and gives its large arrays to the pool for the next sketches. For a sketch
   * that nothing will read again; it stays usable (empty) all the same.
   */
  reset(): void {
    if (this.exact !== null) this.exact.release();
    else if (FREE_REGISTERS.length < POOL_MAX) {
      FREE_REGISTERS.push(this.registers as Uint8Array<ArrayBuffer>);
      FREE_HISTS.push(this.hist as Float64Array<ArrayBuffer>);
    }
    this.exact = new HashSet53();
    this.registers = null;
    this.hist = null;
    this.cached = -1;
  }

  /** Register index = the top p bits; rank = 1 + leading zeros of the remaining 41 bits. */
  private setRegister(hash: number): void {
    const hi = Math.floor(hash / LOW_SCALE);
    const index = hi >>> INDEX_SHIFT;
    const rest = (hi << HLL_PRECISION) >>> 0;
    // The low part holds 21 bits at the bottom of a 32-bit word, so clz32 counts 11 extra zeros.
    const rank =
      rest !== 0
        ? Math.clz32(rest) + 1
        : INDEX_SHIFT + Math.clz32(hash - hi * LOW_SCALE) - (32 - LOW_BITS) + 1;
    const regs = this.registers as Uint8Array;
    const old = regs[index] as number;
    if (rank > old) {
      regs[index] = rank;
      const hist = this.hist as Float64Array;
      hist[old] = (hist[old] as number) - 1;
      hist[rank] = (hist[rank] as number) + 1;
      this.cached = -1;
    }
  }

  private estimate(): number {
    const hist = this.hist as Float64Array;
    const m = HLL_REGISTERS;
    let z = m * tau(1 - (hist[Q + 1] as number) / m);
    for (let k = Q; k >= 1; k--) z = 0.5 * (z + (hist[k] as number));
    z += m * sigma((hist[0] as number) / m);
    return (ALPHA_INF * m * m) / z;
  }
}
