import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { LATENCY_RELATIVE_ERROR, LatencySummary, MIN_VALUE_MS } from "./latency.ts";

const summaryOf = (xs: number[]): LatencySummary => {
  const s = new LatencySummary();
  for (const x of xs) s.add(x);
  return s;
};
/** The nearest-rank quantile of the raw values: what the summary approximates. */
const exactQuantile = (xs: number[], q: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1] as number;
};
const durations = fc.array(fc.double({ min: MIN_VALUE_MS, max: 600_000, noNaN: true }), {
  minLength: 1,
  maxLength: 400,
});

describe("latency summary", () => {
  test(`property: p50, p90, p99 within ${LATENCY_RELATIVE_ERROR * 100} % of the exact nearest-rank quantile`, () => {
    fc.assert(
      fc.property(durations, fc.constantFrom(0.5, 0.9, 0.99, 0.01, 1), (xs, q) => {
        const want = exactQuantile(xs, q);
        const got = summaryOf(xs).quantile(q);
        // A hair of slack for floating point at bucket edges.
        assert.ok(
          Math.abs(got - want) <= want * LATENCY_RELATIVE_ERROR * (1 + 1e-9),
          `q ${q}: ${got} vs ${want}`,
        );
      }),
      { numRuns: 300 },
    );
  });

  test("typical verdict latencies: percentiles, zero durations, empty", () => {
    const xs = Array.from({ length: 1000 }, (_, i) => i + 1); // 1..1000 ms
    const p = summaryOf(xs).percentiles();
    assert.ok(p);
    assert.equal(p.count, 1000);
    assert.ok(Math.abs(p.p50 - 500) <= 5 && Math.abs(p.p90 - 900) <= 9 && Math.abs(p.p99 - 990) <= 9.9);
    const zeros = summaryOf([0, 0, 0, 10]);
    assert.equal(zeros.quantile(0.5), 0, "cached verdicts take 0 ms");
    assert.ok(Math.abs(zeros.quantile(1) - 10) <= 0.1);
    assert.equal(new LatencySummary().percentiles(), null);
    const ignored = summaryOf([-1, Number.NaN, Number.POSITIVE_INFINITY]);
    assert.equal(ignored.count, 0);
  });

  test("property: merge of partitions equals the summary of the whole; associative and commutative", () => {
    fc.assert(
      fc.property(durations, durations, durations, (a, b, c) => {
        const [sa, sb, sc] = [summaryOf(a), summaryOf(b), summaryOf(c)];
        assert.deepEqual(sa.clone().merge(sb).merge(sc).toJSON(), summaryOf([...a, ...b, ...c]).toJSON());
        assert.deepEqual(
          sa.clone().merge(sb.clone().merge(sc)).toJSON(),
          sa.clone().merge(sb).merge(sc).toJSON(),
        );
        assert.deepEqual(sa.clone().merge(sb).toJSON(), sb.clone().merge(sa).toJSON());
      }),
      { numRuns: 100 },
    );
  });

  test("property: JSON round trip; malformed JSON is refused", () => {
    fc.assert(
      fc.property(durations, (xs) => {
        const s = summaryOf(xs);
        const back = LatencySummary.fromJSON(JSON.parse(JSON.stringify(s.toJSON())));
        assert.deepEqual(back.toJSON(), s.toJSON());
        assert.equal(back.quantile(0.9), s.quantile(0.9));
      }),
    );
    const good = summaryOf([1, 2, 3]).toJSON();
    for (const bad of [
      { ...good, zero: -1 },
      { ...good, buckets: [[1, 0]] },
      { ...good, buckets: [[1.5, 1]] },
      { ...good, buckets: [...good.buckets, ...good.buckets] },
      { ...good, min: null },
    ])
      assert.throws(() => LatencySummary.fromJSON(bad as typeof good), /invalid latency summary/);
  });
});
