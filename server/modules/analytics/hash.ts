/**
 * Learner hashes for the HyperLogLog sketch.
 *
 * Choice: MurmurHash3 x86_128 (Austin Appleby, public domain), computed over the UTF-8 bytes of the id.
 * - The sketch needs uniformly mixed bits, not resistance to a chosen-input attacker: learner ids are
 *   UUIDs the server generates (the ingest endpoint takes the user from the access token, never from
 *   the body), so a fast non-cryptographic hash is enough. MurmurHash3 passes SMHasher's distribution
 *   and avalanche tests and is the hash behind many production HLLs.
 * - node:crypto (sha1, sha256) would be as good statistically, but every call crosses into C++ and
 *   allocates a Buffer; for a 36-character id that costs about as much as parsing the whole event,
 *   which the aggregator's budget (≥ 0.7× a bare JSON.parse loop) cannot afford.
 * - The x86 variant needs only 32-bit multiplies, which JavaScript does exactly with Math.imul, so no
 *   BigInt; and a fixed published algorithm keeps serialized sketches meaningful across releases.
 *
 * Of the 128 output bits we keep the first 64 (h1, h2) and from them 53 bits: all of h1 and the top 21
 * bits of h2. 53 bits fit a JavaScript number exactly, so an exact-mode sketch is a plain Set<number>.
 * Collisions among a million distinct learners have probability ≈ n²/2⁵⁴ ≈ 6·10⁻⁵.
 */

const C1 = 0x239b961b;
const C2 = 0xab0e9789;
const C3 = 0x38b34ae5;
const C4 = 0xa1e38b93;

const rotl = (x: number, r: number): number => (x << r) | (x >>> (32 - r));

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

const word = (b: Uint8Array, i: number): number =>
  (b[i] as number) |
  ((b[i + 1] as number) << 8) |
  ((b[i + 2] as number) << 16) |
  ((b[i + 3] as number) << 24);

/** MurmurHash3 x86_128 of `len` bytes of `b`: the four 32-bit words h1..h4 (unsigned). */
export function murmur3x86x128(b: Uint8Array, len: number, seed = 0): [number, number, number, number] {
  let h1 = seed | 0;
  let h2 = seed | 0;
  let h3 = seed | 0;
  let h4 = seed | 0;
  const blocks = len & ~15;
  for (let i = 0; i < blocks; i += 16) {
    let k1 = word(b, i);
    let k2 = word(b, i + 4);
    let k3 = word(b, i + 8);
    let k4 = word(b, i + 12);

    k1 = Math.imul(rotl(Math.imul(k1, C1), 15), C2);
    h1 ^= k1;
    h1 = (Math.imul(rotl(h1, 19) + h2, 5) + 0x561ccd1b) | 0;

    k2 = Math.imul(rotl(Math.imul(k2, C2), 16), C3);
    h2 ^= k2;
    h2 = (Math.imul(rotl(h2, 17) + h3, 5) + 0x0bcaa747) | 0;

    k3 = Math.imul(rotl(Math.imul(k3, C3), 17), C4);
    h3 ^= k3;
    h3 = (Math.imul(rotl(h3, 15) + h4, 5) + 0x96cd1c35) | 0;

    k4 = Math.imul(rotl(Math.imul(k4, C4), 18), C1);
    h4 ^= k4;
    h4 = (Math.imul(rotl(h4, 13) + h1, 5) + 0x32ac3b17) | 0;
  }

  // The last 0–15 bytes, little-endian, into up to four lanes.
  const rest = len & 15;
  if (rest > 0) {
    let k1 = 0;
    let k2 = 0;
    let k3 = 0;
    let k4 = 0;
    for (let j = rest - 1; j >= 0; j--) {
      const byte = b[blocks + j] as number;
      const shift = (j & 3) << 3;
      if (j >= 12) k4 |= byte << shift;
      else if (j >= 8) k3 |= byte << shift;
      else if (j >= 4) k2 |= byte << shift;
      else k1 |= byte << shift;
    }
    if (rest > 12) h4 ^= Math.imul(rotl(Math.imul(k4, C4), 18), C1);
    if (rest > 8) h3 ^= Math.imul(rotl(Math.imul(k3, C3), 17), C4);
    if (rest > 4) h2 ^= Math.imul(rotl(Math.imul(k2, C2), 16), C3);
    h1 ^= Math.imul(rotl(Math.imul(k1, C1), 15), C2);
  }

  h1 ^= len;
  h2 ^= len;
  h3 ^= len;
  h4 ^= len;
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h3 = fmix(h3);
  h4 = fmix(h4);
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

let scratch = new Uint8Array(256);
const encoder = new TextEncoder();

/** 2²¹: the 53-bit hash is h1 · 2²¹ + (h2 >>> 11). */
export const LOW_BITS = 21;
const LOW_SCALE = 2 ** LOW_BITS;

function hashBytes53(s: string): number {
  if (scratch.length < s.length * 3) scratch = new Uint8Array(s.length * 3);
  const n = encoder.encodeInto(s, scratch).written;
  const h = murmur3x86x128(scratch, n);
  return h[0] * LOW_SCALE + (h[1] >>> 11);
}

/**
 * A 53-bit hash of a string (an exact, non-negative JavaScript integer): the first 53 bits of
 * MurmurHash3 x86_128 of its UTF-8 bytes. ASCII strings (ids are) are read in place, in one pass,
 * without copying or allocating; a string with any other character is encoded first. Either way the
 * result equals murmur3x86x128 on the UTF-8 bytes (the tests check it).
 */
export function hash53(s: string): number {
  const len = s.length;
  // OR of every character: above 0x7f means not ASCII.
  let any = 0;
  let h1 = 0;
  let h2 = 0;
  let h3 = 0;
  let h4 = 0;
  const blocks = len & ~15;
  for (let i = 0; i < blocks; i += 16) {
    const a0 = s.charCodeAt(i);
    const a1 = s.charCodeAt(i + 1);
    const a2 = s.charCodeAt(i + 2);
    const a3 = s.charCodeAt(i + 3);
    const b0 = s.charCodeAt(i + 4);
    const b1 = s.charCodeAt(i + 5);
    const b2 = s.charCodeAt(i + 6);
    const b3 = s.charCodeAt(i + 7);
    const c0 = s.charCodeAt(i + 8);
    const c1 = s.charCodeAt(i + 9);
    const c2 = s.charCodeAt(i + 10);
    const c3 = s.charCodeAt(i + 11);
    const d0 = s.charCodeAt(i + 12);
    const d1 = s.charCodeAt(i + 13);
    const d2 = s.charCodeAt(i + 14);
    const d3 = s.charCodeAt(i + 15);
    any |= a0 | a1 | a2 | a3 | b0 | b1 | b2 | b3 | c0 | c1 | c2 | c3 | d0 | d1 | d2 | d3;
    const k1 = a0 | (a1 << 8) | (a2 << 16) | (a3 << 24);
    const k2 = b0 | (b1 << 8) | (b2 << 16) | (b3 << 24);
    const k3 = c0 | (c1 << 8) | (c2 << 16) | (c3 << 24);
    const k4 = d0 | (d1 << 8) | (d2 << 16) | (d3 << 24);
    h1 ^= Math.imul(rotl(Math.imul(k1, C1), 15), C2);
    h1 = (Math.imul(rotl(h1, 19) + h2, 5) + 0x561ccd1b) | 0;
    h2 ^= Math.imul(rotl(Math.imul(k2, C2), 16), C3);
    h2 = (Math.imul(rotl(h2, 17) + h3, 5) + 0x0bcaa747) | 0;
    h3 ^= Math.imul(rotl(Math.imul(k3, C3), 17), C4);
    h3 = (Math.imul(rotl(h3, 15) + h4, 5) + 0x96cd1c35) | 0;
    h4 ^= Math.imul(rotl(Math.imul(k4, C4), 18), C1);
    h4 = (Math.imul(rotl(h4, 13) + h1, 5) + 0x32ac3b17) | 0;
  }
  const rest = len & 15;
  if (rest > 0) {
    let k1 = 0;
    let k2 = 0;
    let k3 = 0;
    let k4 = 0;
    for (let j = rest - 1; j >= 0; j--) {
      const c = s.charCodeAt(blocks + j);
      any |= c;
      const shift = (j & 3) << 3;
      if (j >= 12) k4 |= c << shift;
      else if (j >= 8) k3 |= c << shift;
      else if (j >= 4) k2 |= c << shift;
      else k1 |= c << shift;
    }
    if (rest > 12) h4 ^= Math.imul(rotl(Math.imul(k4, C4), 18), C1);
    if (rest > 8) h3 ^= Math.imul(rotl(Math.imul(k3, C3), 17), C4);
    if (rest > 4) h2 ^= Math.imul(rotl(Math.imul(k2, C2), 16), C3);
    h1 ^= Math.imul(rotl(Math.imul(k1, C1), 15), C2);
  }
  if (any > 0x7f) return hashBytes53(s);
  h1 ^= len;
  h2 ^= len;
  h3 ^= len;
  h4 ^= len;
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h3 = fmix(h3);
  h4 = fmix(h4);
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  return (h1 >>> 0) * LOW_SCALE + (h2 >>> 11);
}
