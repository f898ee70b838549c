import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { type Fact, KINDS, type Kind, parseTime, toFact } from "./facts.ts";
import { hash53 } from "./hash.ts";
import { bucketOf } from "./latency.ts";
import {
  advanceWatermark,
  aggregate,
  canonical,
  cloneState,
  combineWatermarks,
  courseScope,
  emptyState,
  GLOBAL_SCOPE,
  mergeAggregates,
  mergeState,
  RESOLUTION_MS,
  RESOLUTIONS,
  rollUp,
  timeliness,
  totals,
  WindowAggregator,
  type WindowResult,
  type WindowState,
  windowKey,
  windowStart,
  windowsOf,
} from "./windows.ts";

const T0 = Date.UTC(2026, 2, 1, 10, 0, 0);
const MIN = 60_000;
const cfg = { outOfOrderMs: 5_000, allowedLatenessMs: 3 * MIN };

const kind = fc.constantFrom(...(Object.values(KINDS) as Kind[]));
const factArb = (spanMs: number) =>
  fc
    .record({
      offset: fc.integer({ min: 0, max: spanMs }),
      kind,
      user: fc.integer({ min: 0, max: 40 }),
      course: fc.option(fc.constantFrom("c1", "c2", "c3"), { nil: null }),
      durationMs: fc.integer({ min: 0, max: 120_000 }),
      passed: fc.boolean(),
    })
    .map(
      (r): Fact => ({
        id: `e${r.offset}-${r.user}`,
        time: T0 + r.offset,
        kind: r.kind,
        learner: hash53(`user-${r.user}`),
        courseId: r.course,
        durationMs: r.kind === KINDS["exercise.attempted"] ? r.durationMs : -1,
        latencyBucket: r.kind === KINDS["exercise.attempted"] ? bucketOf(r.durationMs) : Number.NaN,
        passed: r.kind === KINDS["exercise.attempted"] && r.passed,
      }),
    );
const facts = (spanMs: number, maxLength = 120) => fc.array(factArb(spanMs), { maxLength });

const canon = (m: Map<string, WindowState>) =>
  Object.fromEntries(
    [...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, s]) => [k, canonical(s)]),
  );

describe("window assignment", () => {
  test("property: every time lands in exactly the window containing it, for each resolution", () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 44), max: 2 ** 44 }), (t) => {
        for (const res of RESOLUTIONS) {
          const size = RESOLUTION_MS[res];
          const start = windowStart(t, res);
          assert.ok(start <= t && t < start + size, `${res} ${t}`);
          assert.equal(((start % size) + size) % size, 0);
          // No other aligned window contains it.
          assert.ok(!(start - size <= t && t < start) && !(start + size <= t && t < start + 2 * size));
        }
      }),
    );
  });

  test("boundaries: a window's start is in it, its end is in the next one; days are UTC days", () => {
    const m = Date.UTC(2026, 2, 1, 10, 7);
    assert.equal(windowStart(m, "1m"), m);
    assert.equal(windowStart(m - 1, "1m"), m - MIN);
    assert.equal(windowStart(m + MIN - 1, "1m"), m);
    assert.equal(windowStart(m, "1h"), Date.UTC(2026, 2, 1, 10));
    assert.equal(windowStart(Date.UTC(2026, 2, 1, 23, 59, 59, 999), "1d"), Date.UTC(2026, 2, 1));
    assert.equal(windowStart(Date.UTC(2026, 2, 2), "1d"), Date.UTC(2026, 2, 2));
  });

  test("property: an event counts once in each window of each scope it belongs to, nowhere else", () => {
    fc.assert(
      fc.property(facts(3 * 86_400_000), (fs) => {
        const windows = aggregate(fs);
        for (const [key, state] of windows) {
          const [scope, res, start] = key.split("|") as [string, keyof typeof RESOLUTION_MS, string];
          const inside = fs.filter(
            (f) =>
              windowStart(f.time, res) === Number(start) &&
              (scope === GLOBAL_SCOPE || (f.courseId !== null && scope === courseScope(f.courseId))),
          );
          assert.equal(state.events, inside.length, key);
          assert.equal(state.learners.count(), new Set(inside.map((f) => f.learner)).size, key);
        }
        const total = [...windows.entries()]
          .filter(([k]) => k.startsWith(`${GLOBAL_SCOPE}|1m|`))
          .reduce((n, [, s]) => n + s.events, 0);
        assert.equal(total, fs.length);
        for (const f of fs) assert.equal(windowsOf(f).length, f.courseId === null ? 3 : 6);
      }),
    );
  });
});

describe("merging and roll-ups", () => {
  test("property: three partitions aggregated separately and merged equal the one stream", () => {
    fc.assert(
      fc.property(
        facts(2 * 3_600_000, 200),
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 200 }),
        (fs, where) => {
          const parts: Fact[][] = [[], [], []];
          for (const [i, f] of fs.entries()) parts[where[i] as number]?.push(f);
          const [a, b, c] = parts.map(aggregate) as [Map<string, WindowState>, ...Map<string, WindowState>[]];
          const merged = mergeAggregates(
            mergeAggregates(a, b as Map<string, WindowState>),
            c as Map<string, WindowState>,
          );
          assert.deepEqual(canon(merged), canon(aggregate(fs)));
        },
      ),
      { numRuns: 60 },
    );
  });

  test("property: merging window states is associative and commutative", () => {
    const state = facts(MIN - 1, 60).map(
      (fs) => aggregate(fs).get(windowKey(GLOBAL_SCOPE, "1m", T0)) ?? emptyState(),
    );
    fc.assert(
      fc.property(state, state, state, (a, b, c) => {
        const left = mergeState(cloneState(a), mergeState(cloneState(b), c));
        const right = mergeState(mergeState(cloneState(a), b), c);
        assert.deepEqual(canonical(left), canonical(right));
        assert.deepEqual(canonical(mergeState(cloneState(a), b)), canonical(mergeState(cloneState(b), a)));
      }),
      { numRuns: 80 },
    );
  });

  test("property: hours are the merge of their minutes, days of their hours (and of their minutes)", () => {
    fc.assert(
      fc.property(facts(2 * 86_400_000, 150), (fs) => {
        const all = aggregate(fs);
        const only = (res: string) => new Map([...all].filter(([k]) => k.split("|")[1] === res));
        assert.deepEqual(canon(rollUp(all, "1m", "1h")), canon(only("1h")));
        assert.deepEqual(canon(rollUp(all, "1h", "1d")), canon(only("1d")));
        assert.deepEqual(canon(rollUp(all, "1m", "1d")), canon(only("1d")));
      }),
      { numRuns: 50 },
    );
  });
});

describe("watermark and lateness", () => {
  /** The rules restated from docs/analytics.md, as a plain loop to compare the aggregator against. */
  function reference(fs: Fact[]) {
    let wm = Number.NEGATIVE_INFINITY;
    const verdicts: string[] = [];
    for (const f of fs) {
      const end = windowStart(f.time, "1m") + MIN;
      const v = end > wm ? "on_time" : end + cfg.allowedLatenessMs > wm ? "late" : "too_late";
      verdicts.push(v);
      wm = Math.max(wm, f.time - cfg.outOfOrderMs);
    }
    return { verdicts, watermark: wm };
  }

  /** Events mostly in order with jitter, some far behind: exercises on time, late and too late. */
  const disordered = fc.array(
    fc.record({
      step: fc.integer({ min: 0, max: 20_000 }),
      back: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 8 * MIN })),
    }),
    { maxLength: 150 },
  );
  const toFacts = (steps: Array<{ step: number; back: number }>): Fact[] => {
    let clock = T0;
    return steps.map((s, i) => {
      clock += s.step;
      return {
        id: `e${i}`,
        time: clock - s.back,
        kind: KINDS["lesson.viewed"],
        learner: hash53(`u${i % 7}`),
        courseId: i % 2 === 0 ? "c1" : null,
        durationMs: -1,
        latencyBucket: Number.NaN,
        passed: false,
      };
    });
  };

  test("property: verdicts, drop count and watermark follow the rules", () => {
    fc.assert(
      fc.property(disordered, (steps) => {
        const fs = toFacts(steps);
        const ref = reference(fs);
        const agg = new WindowAggregator({ ...cfg, retain: true });
        assert.deepEqual(
          fs.map((f) => agg.ingest(f)),
          ref.verdicts,
        );
        assert.equal(agg.watermark, ref.watermark);
        assert.equal(agg.counts.dropped, ref.verdicts.filter((v) => v === "too_late").length);
        assert.equal(agg.counts.late, ref.verdicts.filter((v) => v === "late").length);
        // Windows hold exactly the events not dropped.
        const kept = fs.filter((_, i) => ref.verdicts[i] !== "too_late");
        assert.deepEqual(
          canon(new Map([...agg.windows()].map(([k, w]) => [k, w.state]))),
          canon(aggregate(kept)),
        );
      }),
      { numRuns: 200 },
    );
  });

  test("property: results — revision 1 on close, +1 per late event, in order, never for open windows", () => {
    fc.assert(
      fc.property(disordered, (steps) => {
        const fs = toFacts(steps);
        const results: WindowResult[] = [];
        const agg = new WindowAggregator({ ...cfg, retain: true, onResult: (r) => results.push(r) });
        let wm = Number.NEGATIVE_INFINITY;
        const expected = new Map<string, number>();
        const closedAt = new Map<string, boolean>();
        for (const f of fs) {
          const v = agg.ingest(f);
          const key = windowKey(GLOBAL_SCOPE, "1m", windowStart(f.time, "1m"));
          if (v === "late") expected.set(key, (expected.get(key) ?? 0) + 1);
          if (v === "on_time") closedAt.set(key, false);
          wm = agg.watermark;
        }
        for (const [key, closed] of closedAt) {
          const start = Number(key.split("|")[2]);
          if (!closed && start + MIN <= wm) expected.set(key, (expected.get(key) ?? 0) + 1);
        }
        const mine = results.filter((r) => r.scope === GLOBAL_SCOPE && r.resolution === "1m");
        const byKey = new Map<string, number[]>();
        for (const r of mine) {
          const k = windowKey(r.scope, r.resolution, r.windowStart);
          byKey.set(k, [...(byKey.get(k) ?? []), r.revision]);
          assert.ok(r.final && r.windowStart + MIN <= wm);
        }
        for (const [k, revs] of byKey)
          assert.deepEqual(
            revs,
            revs.map((_, i) => i + 1),
            k,
          );
        assert.deepEqual(
          new Map([...byKey].map(([k, revs]) => [k, revs.length])),
          new Map([...expected].filter(([, n]) => n > 0)),
        );
      }),
      { numRuns: 200 },
    );
  });

  test("property: across hours and midnight, each window's last result is what its kept events give", () => {
    // Minutes fold into hours and hours into days as they pass their lateness, then leave memory
    // (their sketches' arrays go to the next minutes): the results must not show any of that.
    const stream = fc.array(
      fc.record({
        step: fc.integer({ min: 0, max: 4 * MIN }),
        back: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 8 * MIN })),
        kind,
        user: fc.integer({ min: 0, max: 60 }),
        course: fc.option(fc.constantFrom("c1", "c2", "c3"), { nil: null }),
        durationMs: fc.integer({ min: 0, max: 120_000 }),
      }),
      { maxLength: 200 },
    );
    fc.assert(
      fc.property(stream, (steps) => {
        let clock = Date.UTC(2026, 2, 1, 22, 0, 0);
        const fs = steps.map((r, i): Fact => {
          clock += r.step;
          const attempt = r.kind === KINDS["exercise.attempted"];
          return {
            id: `e${i}`,
            time: clock - r.back,
            kind: r.kind,
            learner: hash53(`user-${r.user}`),
            courseId: r.course,
            durationMs: attempt ? r.durationMs : -1,
            latencyBucket: attempt ? bucketOf(r.durationMs) : Number.NaN,
            passed: attempt && r.user % 2 === 0,
          };
        });
        const last = new Map<string, WindowResult>();
        const agg = new WindowAggregator({
          ...cfg,
          onResult: (r) => last.set(windowKey(r.scope, r.resolution, r.windowStart), r),
        });
        const kept = fs.filter((f) => agg.ingest(f) !== "too_late");
        agg.advanceTo(clock + 2 * RESOLUTION_MS["1d"]);
        const want = aggregate(kept);
        assert.deepEqual([...last.keys()].sort(), [...want.keys()].sort());
        for (const [k, state] of want) assert.deepEqual(last.get(k)?.totals, totals(state), k);
      }),
      { numRuns: 150 },
    );
  });

  test("a late event re-emits its minute, hour and day; a too-late one is dropped and counted", () => {
    const results: WindowResult[] = [];
    const agg = new WindowAggregator({ ...cfg, onResult: (r) => results.push(r) });
    const at = (ms: number, id: string, user = "a"): Fact => ({
      id,
      time: ms,
      kind: KINDS["exercise.attempted"],
      learner: hash53(user),
      courseId: "c1",
      durationMs: 1200,
      latencyBucket: bucketOf(1200),
      passed: true,
    });
    agg.ingest(at(T0 + 10_000, "1"));
    assert.equal(results.length, 0, "nothing is emitted while the window is open");
    agg.ingest(at(T0 + MIN + 4_999, "2"));
    assert.equal(results.length, 0, "watermark 1 ms before the first minute's end: still open");
    agg.ingest(at(T0 + MIN + 5_000, "3"));
    assert.deepEqual(
      results.map((r) => [r.scope, r.resolution, r.revision, r.totals.events]),
      [
        ["global", "1m", 1, 1],
        ["course:c1", "1m", 1, 1],
      ],
    );
    results.length = 0;
    agg.ingest(at(T0 + 30_000, "late", "b"));
    assert.deepEqual(
      results.map((r) => [r.scope, r.resolution, r.revision, r.totals.uniqueLearners]),
      [
        ["global", "1m", 2, 2],
        ["course:c1", "1m", 2, 2],
      ],
      "the hour and day are still open: only the minute is re-emitted",
    );
    const latency = results[0]?.totals.latencyMs;
    assert.ok(latency && latency.count === 2 && Math.abs(latency.p50 - 1200) <= 12);
    results.length = 0;
    // Close the hour and the day, then a late event for a minute of that hour.
    const nextDay = Date.UTC(2026, 2, 2, 0, 0, 30);
    agg.ingest(at(nextDay - 2 * MIN, "4"));
    agg.ingest(at(nextDay + 10_000, "5"));
    results.length = 0;
    agg.ingest(at(nextDay - 2 * MIN + 20_000, "late-2")); // 23:58:50, the minute "4" is in
    assert.deepEqual(results.map((r) => `${r.scope} ${r.resolution} r${r.revision}`).sort(), [
      "course:c1 1d r2",
      "course:c1 1h r2",
      "course:c1 1m r2",
      "global 1d r2",
      "global 1h r2",
      "global 1m r2",
    ]);
    results.length = 0;
    const dropped = agg.counts.dropped;
    assert.equal(agg.ingest(at(nextDay - cfg.allowedLatenessMs - 2 * MIN, "too-late")), "too_late");
    assert.equal(agg.counts.dropped, dropped + 1);
    assert.equal(results.length, 0);
  });

  test("property: the watermark never moves back and never runs ahead of the processing clock", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -1e6, max: 1e6 }), fc.integer({ min: -1e6, max: 1e6 }))),
        (xs) => {
          let wm = Number.NEGATIVE_INFINITY;
          const now = T0;
          for (const [dt, _] of xs) {
            const next = advanceWatermark(wm, T0 + dt, cfg, now);
            assert.ok(next >= wm);
            assert.ok(next <= now - cfg.outOfOrderMs);
            wm = next;
          }
        },
      ),
    );
    // A client clock an hour ahead closes nothing early.
    const agg = new WindowAggregator(cfg);
    agg.ingest(
      {
        id: "f",
        time: T0 + 3_600_000,
        kind: 6,
        learner: 1,
        courseId: null,
        durationMs: -1,
        latencyBucket: Number.NaN,
        passed: false,
      },
      T0,
    );
    assert.equal(agg.watermark, T0 - cfg.outOfOrderMs);
    assert.equal(timeliness(T0 + 1, agg.watermark, cfg), "on_time");
  });

  test("the processing clock closes windows when events stop", () => {
    const results: WindowResult[] = [];
    const agg = new WindowAggregator({ ...cfg, onResult: (r) => results.push(r) });
    agg.ingest({
      id: "1",
      time: T0 + 1000,
      kind: 0,
      learner: 1,
      courseId: null,
      durationMs: -1,
      latencyBucket: Number.NaN,
      passed: false,
    });
    agg.advanceTo(T0 + MIN - 1);
    assert.equal(results.length, 0);
    agg.advanceTo(T0 + MIN);
    assert.deepEqual(
      results.map((r) => [r.resolution, r.revision]),
      [["1m", 1]],
    );
  });
});

describe("facts", () => {
  test("property: parseTime reads what toISOString writes, and other ISO forms via Date.parse", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1970-01-01"), max: new Date("2200-01-01"), noInvalidDate: true }),
        (d) => {
          assert.equal(parseTime(d.toISOString()), d.getTime());
          assert.equal(parseTime(d.toISOString().replace("Z", "+00:00")), d.getTime());
        },
      ),
    );
    // Any string of the canonical shape, digits or not, reads as Date.parse reads it (NaN included).
    // Neighbours of the digits too: "/" is one below "0", ":" to "?" are 10 to 15, "@" is 16.
    const ch = fc.constantFrom(..."0123456789a:;?@/".split(""));
    const digits = (n: number) => fc.array(ch, { minLength: n, maxLength: n }).map((a) => a.join(""));
    fc.assert(
      fc.property(
        fc.tuple(digits(4), digits(2), digits(2), digits(2), digits(2), digits(2), digits(3)),
        ([y, mo, d, h, mi, sec, ms]) => {
          const text = `${y}-${mo}-${d}T${h}:${mi}:${sec}.${ms}Z`;
          assert.equal(parseTime(text), Date.parse(text), text);
        },
      ),
      { numRuns: 2000 },
    );
    assert.ok(Number.isNaN(parseTime("2026-13-01T00:00:00.000Z")));
    assert.ok(Number.isNaN(parseTime("not a time")));
  });

  test("toFact takes what the windows need and refuses what lacks it", () => {
    const base = {
      id: "e1",
      type: "exercise.attempted",
      version: 1,
      occurredAt: "2026-03-01T10:00:00.000Z",
      actor: "u1",
      aggregateId: "u1",
      payload: {
        userId: "u1",
        courseId: "c1",
        exerciseId: "x",
        attemptId: "a",
        status: "passed",
        passed: true,
        testsPassed: 1,
        testsTotal: 1,
        durationMs: 812,
      },
    };
    assert.deepEqual(toFact(base), {
      id: "e1",
      time: Date.parse(base.occurredAt),
      kind: KINDS["exercise.attempted"],
      learner: hash53("u1"),
      courseId: "c1",
      durationMs: 812,
      latencyBucket: bucketOf(812),
      passed: true,
    });
    const custom = {
      ...base,
      type: "learning.custom",
      payload: { userId: "u1", courseId: null, name: "x", props: {} },
    };
    assert.equal(toFact(custom)?.courseId, null);
    for (const bad of [
      null,
      { ...base, type: "user.registered" },
      { ...base, type: "toString" },
      { ...base, occurredAt: "yesterday" },
      { ...base, payload: { ...base.payload, userId: 7 } },
      { ...base, payload: { ...base.payload, durationMs: -1 } },
      { ...base, type: "lesson.viewed", payload: { userId: "u1", courseId: null, lessonId: "l" } },
    ])
      assert.equal(toFact(bad), null, JSON.stringify(bad));
  });
});

describe("watermarks per source", () => {
  const NOW = T0 + 60 * MIN;
  const IDLE = MIN;

  test("the stream waits for its slowest active source; a quiet one stops holding it back", () => {
    const sources = {
      "learning-events#0": { watermark: T0 + 30 * MIN, seenAt: NOW },
      "learning-events#1": { watermark: T0 + 10 * MIN, seenAt: NOW - 30_000 },
    };
    assert.equal(combineWatermarks(T0, sources, NOW, IDLE), T0 + 10 * MIN);
    // Partition 1 has said nothing for over a minute: partition 0 alone decides.
    assert.equal(combineWatermarks(T0, sources, NOW + 31_000, IDLE), T0 + 30 * MIN);
    // With no active source the watermark stays where it is (the processing-time tick moves it).
    assert.equal(combineWatermarks(T0 + 5 * MIN, sources, NOW + 10 * MIN, IDLE), T0 + 5 * MIN);
  });

  test("property: never moves back, never passes an active source, equals a lone source", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 120 * MIN }),
        fc.array(
          fc.record({
            wm: fc.integer({ min: 0, max: 120 * MIN }),
            age: fc.integer({ min: 0, max: 3 * MIN }),
          }),
          {
            minLength: 1,
            maxLength: 6,
          },
        ),
        (current, list) => {
          const sources = Object.fromEntries(
            list.map((s, i) => [`t#${i}`, { watermark: T0 + s.wm, seenAt: NOW - s.age }]),
          );
          const out = combineWatermarks(T0 + current, sources, NOW, IDLE);
          assert.ok(out >= T0 + current, "never moves back");
          for (const s of list) if (s.age <= IDLE) assert.ok(out <= Math.max(T0 + current, T0 + s.wm));
          if (list.length === 1 && (list[0]?.age ?? IDLE + 1) <= IDLE)
            assert.equal(out, Math.max(T0 + current, T0 + (list[0]?.wm ?? 0)));
        },
      ),
    );
  });
});
