import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import {
  courseProgress,
  extendStreak,
  newlyEarned,
  type OutlineEntry,
  type StreakState,
  visibleStreak,
  weekStart,
} from "./rules.ts";

const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
const empty: StreakState = { current: 0, longest: 0, lastActiveDay: null };

describe("streaks", () => {
  test("first activity starts a streak of one", () => {
    assert.deepEqual(extendStreak(empty, day(0)), { current: 1, longest: 1, lastActiveDay: day(0) });
  });

  test("activity on consecutive days grows it; a second event the same day does not", () => {
    let s = extendStreak(empty, day(0));
    s = extendStreak(s, day(0));
    s = extendStreak(s, day(1));
    s = extendStreak(s, day(2));
    assert.deepEqual(s, { current: 3, longest: 3, lastActiveDay: day(2) });
  });

  test("a missed day restarts at one but keeps the longest", () => {
    let s = extendStreak(empty, day(0));
    s = extendStreak(s, day(1));
    s = extendStreak(s, day(3));
    assert.deepEqual(s, { current: 1, longest: 2, lastActiveDay: day(3) });
  });

  test("crosses month and year boundaries", () => {
    const a = extendStreak(extendStreak(empty, "2026-12-31"), "2027-01-01");
    assert.equal(a.current, 2);
  });

  test("a late event from an earlier day never shortens the streak", () => {
    const s = extendStreak(extendStreak(empty, day(5)), day(6));
    assert.equal(extendStreak(s, day(2)), s);
  });

  test("shown as 0 once a whole day passes without activity, alive the day after", () => {
    const s = extendStreak(extendStreak(empty, day(0)), day(1));
    assert.equal(visibleStreak(s, day(2)).current, 2);
    assert.equal(visibleStreak(s, day(3)).current, 0);
    assert.equal(visibleStreak(s, day(3)).longest, 2);
  });

  test("property: longest ≥ current ≥ 1 and current ≤ distinct active days", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 80 }), (days) => {
        let s = empty;
        for (const d of days) s = extendStreak(s, day(d));
        assert.ok(s.current >= 1);
        assert.ok(s.longest >= s.current);
        assert.ok(s.current <= new Set(days).size);
      }),
    );
  });

  test("property: for days in order, current equals the run of consecutive days ending at the last", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 40 }), (raw) => {
        const days = [...raw].sort((a, b) => a - b);
        let s = empty;
        for (const d of days) s = extendStreak(s, day(d));
        let run = 1;
        for (let i = days.length - 1; i > 0 && days[i] === (days[i - 1] ?? Number.NaN) + 1; i--) run++;
        assert.equal(s.current, run);
      }),
    );
  });
});

describe("achievements", () => {
  const none = { lessonsCompleted: 0, exercisesPassed: 0, coursesCompleted: 0, longestStreak: 0 };

  test("nothing done earns nothing", () => {
    assert.deepEqual(newlyEarned(none, new Set()), []);
  });

  test("first passing exercise, first course, 3-day streak", () => {
    assert.deepEqual(newlyEarned({ ...none, exercisesPassed: 1 }, new Set()), ["first-pass"]);
    assert.ok(newlyEarned({ ...none, coursesCompleted: 1 }, new Set()).includes("first-course"));
    assert.deepEqual(newlyEarned({ ...none, longestStreak: 2 }, new Set()), []);
    assert.deepEqual(newlyEarned({ ...none, longestStreak: 3 }, new Set()), ["streak-3"]);
  });

  test("an achievement already held is not unlocked again", () => {
    assert.deepEqual(newlyEarned({ ...none, exercisesPassed: 5 }, new Set(["first-pass"])), ["five-passes"]);
  });
});

describe("course progress", () => {
  const outline: OutlineEntry[] = [
    { kind: "lesson", id: "l1", title: "L1" },
    { kind: "exercise", id: "e1", title: "E1" },
    { kind: "lesson", id: "l2", title: "L2" },
    { kind: "exercise", id: "e2", title: "E2" },
  ];

  test("counts, percent (rounded down) and where to continue", () => {
    const p = courseProgress(outline, new Set(["l1", "e1", "l2"]), new Set(["e1", "e2"]));
    assert.equal(p.lessonsDone, 2);
    assert.equal(p.exercisesDone, 1);
    assert.equal(p.percent, 75);
    assert.deepEqual(p.continueAt, { kind: "exercise", id: "e2", title: "E2" });
    assert.equal(p.items.e2, "attempted");
    assert.equal(p.complete, false);
  });

  test("continue points at the first item not done, even after later ones", () => {
    const p = courseProgress(outline, new Set(["e1", "l2"]), new Set());
    assert.equal(p.continueAt?.id, "l1");
  });

  test("two of three is 66 %, not 67 %; all done is 100 % and complete", () => {
    const three = outline.slice(0, 3);
    assert.equal(courseProgress(three, new Set(["l1", "e1"]), new Set()).percent, 66);
    const all = courseProgress(outline, new Set(outline.map((o) => o.id)), new Set());
    assert.equal(all.percent, 100);
    assert.equal(all.complete, true);
    assert.equal(all.continueAt, null);
  });

  test("an empty course is 0 % and not complete", () => {
    const p = courseProgress([], new Set(), new Set());
    assert.equal(p.percent, 0);
    assert.equal(p.complete, false);
  });

  test("property: percent is 100 exactly when complete, and ids outside the course are ignored", () => {
    fc.assert(
      fc.property(fc.subarray(outline.map((o) => o.id)), fc.array(fc.string()), (done, noise) => {
        const p = courseProgress(outline, new Set([...done, ...noise.map((n) => `x-${n}`)]), new Set());
        assert.equal(p.percent === 100, p.complete);
        assert.equal(p.lessonsDone + p.exercisesDone, done.length);
      }),
    );
  });
});

describe("leaderboard weeks", () => {
  test("a week starts on Monday 00:00 UTC", () => {
    // 2026-12-05 is a Saturday; 2026-11-30 the Monday before it.
    assert.equal(weekStart(new Date("2026-12-05T18:30:00Z")).toISOString(), "2026-11-30T00:00:00.000Z");
    assert.equal(weekStart(new Date("2026-11-30T00:00:00Z")).toISOString(), "2026-11-30T00:00:00.000Z");
    assert.equal(weekStart(new Date("2026-11-29T23:59:59Z")).toISOString(), "2026-11-23T00:00:00.000Z");
  });

  test("property: Monday, at or before the time, less than a week before it", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), (ms) => {
        const start = weekStart(new Date(ms));
        assert.equal(start.getUTCDay(), 1);
        assert.equal(
          start.getUTCHours() + start.getUTCMinutes() + start.getUTCSeconds() + start.getUTCMilliseconds(),
          0,
        );
        assert.ok(start.getTime() <= ms && ms - start.getTime() < 7 * 86_400_000);
      }),
    );
  });
});
