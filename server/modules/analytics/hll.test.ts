import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { hash53, murmur3x86x128 } from "./hash.ts";
import { EXACT_LIMIT, HLL_REGISTERS, HLL_STANDARD_ERROR, HyperLogLog } from "./hll.ts";

const hex = (h: number[]) => h.map((x) => x.toString(16).padStart(8, "0")).join("");
const bytes = (s: string) => new TextEncoder().encode(s);
const sketchOf = (ids: Iterable<string>): HyperLogLog => {
  const h = new HyperLogLog();
  for (const id of ids) h.addId(id);
  return h;
};
const ids = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

describe("hash", () => {
  test("MurmurHash3 x86_128 matches published vectors (body, tail, seed)", () => {
    const cases: Array<[string, number, string]> = [
      ["", 0, "00000000000000000000000000000000"],
      ["Hello, world!", 123, "61c9129e5a1aacd7a41621629e37c886"],
      ["Hello, world!", 321, "d5fbdcb3c26c4193045880c5a7170f0f"],
      ["xxxxxxxxxxxxxxxxxxxxxxxxxxxx", 123, "5e40bab278825a164cf929d31fec6047"],
    ];
    for (const [s, seed, want] of cases) {
      const b = bytes(s);
      assert.equal(hex(murmur3x86x128(b, b.length, seed)), want, `${JSON.stringify(s)} seed ${seed}`);
    }
  });

  test("hash53 is a 53-bit integer, hashes UTF-8 (not UTF-16) and is stable", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 80 }), (s) => {
        const h = hash53(s);
        assert.ok(Number.isSafeInteger(h) && h >= 0);
        const b = bytes(s);
        const [h1, h2] = murmur3x86x128(b, b.length);
        assert.equal(h, (h1 as number) * 2 ** 21 + ((h2 as number) >>> 11));
        assert.equal(hash53(s), h);
      }),
    );
    // ASCII takes the in-place path: every tail length, and ids like the server's.
    for (let n = 0; n <= 40; n++) {
      const s = "0123456789abcdef-ghijklmnopqrstuvwxyz0123456".slice(0, n);
      const [h1, h2] = murmur3x86x128(bytes(s), n);
      assert.equal(hash53(s), (h1 as number) * 2 ** 21 + ((h2 as number) >>> 11), `length ${n}`);
    }
  });
});

describe("HyperLogLog", () => {
  test("exact up to the limit, dense after it", () => {
    const h = sketchOf(ids("a", EXACT_LIMIT));
    assert.ok(h.isExact);
    assert.equal(h.count(), EXACT_LIMIT);
    h.addId("a-0");
    assert.equal(h.count(), EXACT_LIMIT, "a repeated learner is not counted again");
    h.addId("one-more");
    assert.ok(!h.isExact);
    assert.ok(Math.abs(h.count() - (EXACT_LIMIT + 1)) <= 3 * HLL_STANDARD_ERROR * (EXACT_LIMIT + 1));
    assert.equal(new HyperLogLog().count(), 0);
  });

  // Per window the bound is 3.5σ, not 3σ: among the ~60 dense windows, a single excursion past 3σ
  // has a ≈15 % chance even for a perfect estimator. The RMS and bias checks catch a worse one.
  test(`relative error ≈ 1.04/√m (m = ${HLL_REGISTERS}) over 100 windows of 10 to 200 000 learners`, () => {
    const errors: number[] = [];
    for (let w = 0; w < 100; w++) {
      const n = Math.round(10 * 20_000 ** (w / 99));
      const h = new HyperLogLog();
      for (let i = 0; i < n; i++) h.addId(`window-${w}/learner-${i}`);
      // A few repeats of each learner must not move the count.
      for (let i = 0; i < n; i += 7) h.addId(`window-${w}/learner-${i}`);
      const err = (h.count() - n) / n;
      if (n <= EXACT_LIMIT) assert.equal(err, 0, `exact below ${EXACT_LIMIT} (n = ${n})`);
      assert.ok(Math.abs(err) <= 3.5 * HLL_STANDARD_ERROR, `n = ${n}: relative error ${err.toFixed(4)}`);
      if (n > EXACT_LIMIT) errors.push(err);
    }
    // Over the dense windows the errors look like the stated standard error and have no bias.
    const rms = Math.sqrt(errors.reduce((a, e) => a + e * e, 0) / errors.length);
    const mean = errors.reduce((a, e) => a + e, 0) / errors.length;
    assert.ok(rms <= 1.3 * HLL_STANDARD_ERROR, `rms ${rms.toFixed(4)}`);
    assert.ok(
      Math.abs(mean) <= (3 * HLL_STANDARD_ERROR) / Math.sqrt(errors.length),
      `bias ${mean.toFixed(4)}`,
    );
  });

  // size "max": lengths spread over the whole range, so about four in five sets go dense.
  const learnerSets = fc.array(fc.integer({ min: 0, max: 3000 }), { maxLength: 2500, size: "max" });
  const part = fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 2500, maxLength: 2500 });

  test("property: merging the sketches of three partitions gives the sketch of the whole, byte for byte", () => {
    fc.assert(
      fc.property(learnerSets, part, (xs, where) => {
        const parts = [new HyperLogLog(), new HyperLogLog(), new HyperLogLog()];
        for (const [i, x] of xs.entries()) parts[where[i] as number]?.addId(`u${x}`);
        const [a, b, c] = parts as [HyperLogLog, HyperLogLog, HyperLogLog];
        const whole = sketchOf(xs.map((x) => `u${x}`));
        const merged = a.clone().merge(b).merge(c);
        assert.deepEqual(merged.serialize(), whole.serialize());
        assert.equal(merged.isExact, new Set(xs).size <= EXACT_LIMIT);
        assert.equal(merged.count(), whole.count());
      }),
      { numRuns: 60 },
    );
  });

  test("property: merge is associative and commutative, and leaves its argument alone", () => {
    const sketch = learnerSets.map((xs) => sketchOf(xs.map((x) => `u${x}`)));
    fc.assert(
      fc.property(sketch, sketch, sketch, (a, b, c) => {
        const before = b.serialize();
        const left = a.clone().merge(b.clone().merge(c));
        const right = a.clone().merge(b).merge(c);
        assert.deepEqual(left.serialize(), right.serialize());
        assert.deepEqual(a.clone().merge(b).serialize(), b.clone().merge(a).serialize());
        assert.deepEqual(b.serialize(), before);
        assert.deepEqual(a.clone().merge(a).serialize(), a.serialize(), "idempotent");
      }),
      { numRuns: 60 },
    );
  });

  test("property: serialize then deserialize gives the same sketch", () => {
    fc.assert(
      fc.property(learnerSets, (xs) => {
        const h = sketchOf(xs.map((x) => `u${x}`));
        const back = HyperLogLog.deserialize(h.serialize());
        assert.equal(back.count(), h.count());
        assert.equal(back.isExact, h.isExact);
        assert.deepEqual(back.serialize(), h.serialize());
        // One learner more: counted exactly while the sketch stays exact; once it turns dense the
        // estimate may sit a little below the exact count it had (it is an estimate), within the bound.
        back.addId("another");
        const truth = new Set(xs).size + 1;
        if (back.isExact) assert.equal(back.count(), truth);
        else assert.ok(Math.abs(back.count() - truth) <= 3.5 * HLL_STANDARD_ERROR * truth);
      }),
      { numRuns: 60 },
    );
  });

  test("deserialize refuses malformed bytes", () => {
    const exact = sketchOf(ids("e", 3)).serialize();
    const dense = sketchOf(ids("d", EXACT_LIMIT + 10)).serialize();
    const bad: Array<[string, Uint8Array]> = [
      ["empty", new Uint8Array()],
      ["version", Uint8Array.from([9, ...exact.slice(1)])],
      ["precision", Uint8Array.from([exact[0] as number, 14, ...exact.slice(2)])],
      ["mode", Uint8Array.from([...exact.slice(0, 2), 7, ...exact.slice(3)])],
      ["truncated exact", exact.slice(0, -1)],
      ["truncated dense", dense.slice(0, -1)],
      ["register too large", Uint8Array.from([...dense.slice(0, -1), 200])],
    ];
    const swapped = exact.slice();
    swapped.set(exact.slice(7, 15), 15);
    swapped.set(exact.slice(15, 23), 7);
    bad.push(["unsorted", swapped]);
    for (const [why, b] of bad) assert.throws(() => HyperLogLog.deserialize(b), /invalid HyperLogLog/, why);
  });

  test("reset sketches hand their arrays to new ones, which count exactly as fresh ones do", () => {
    // Exact (past the first small table), dense, and one that went dense by a merge.
    const sizes = [300, EXACT_LIMIT + 1, 5_000];
    const fresh = sizes.map((n, i) => sketchOf(ids(`w${i}`, n)));
    const want = fresh.map((h) => h.serialize());
    const counts = fresh.map((h) => h.count());
    for (let round = 0; round < 3; round++) {
      // Sketches full of other hashes, reset: their arrays go back to the pool...
      const old = sizes.map((n, i) => sketchOf(ids(`old${round}-${i}`, n)));
      old[0]?.merge(sketchOf(ids("merged", 2_000)));
      for (const h of old) h.reset();
      for (const h of old) assert.equal(h.count(), 0, "a reset sketch is empty");
      // ...and the next sketches take them: the same bytes and counts as with new arrays.
      const again = sizes.map((n, i) => sketchOf(ids(`w${i}`, n)));
      assert.deepEqual(
        again.map((h) => h.serialize()),
        want,
      );
      assert.deepEqual(
        again.map((h) => h.count()),
        counts,
      );
      // A reset sketch stays usable.
      old[1]?.addId("x");
      assert.equal(old[1]?.count(), 1);
    }
  });
});
