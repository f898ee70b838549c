/**
 * The web app's live-series rules, as plain functions: how pushed analytics windows merge into a
 * fetched series, and how long the live connection waits before reconnecting.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { emptyPoint, isNewer, mergePoints } from "../../web/src/analytics.ts";
import { backoffDelay } from "../../web/src/live.ts";

const MIN = 60_000;
const T0 = Date.parse("2026-03-01T10:00:00.000Z");
const at = (minute: number) => new Date(T0 + minute * MIN).toISOString();
const point = (minute: number, events: number, revision = 0) => ({
  ...emptyPoint(at(minute)),
  events,
  uniqueLearners: events > 0 ? 1 : 0,
  revision,
  closed: revision > 0,
});

describe("mergePoints", () => {
  test("a newer state of a window replaces it; an older one does not", () => {
    const base = [point(0, 1), point(1, 2)];
    assert.deepEqual(
      mergePoints(base, [point(1, 5)], "1m", 60).map((p) => p.events),
      [1, 5],
    );
    // Same revision, fewer events: a stale snapshot (e.g. an overview fetched before the push).
    assert.deepEqual(
      mergePoints(base, [point(1, 1)], "1m", 60).map((p) => p.events),
      [1, 2],
    );
    // A closed (or late-updated) window wins over the open one even with fewer events.
    assert.deepEqual(
      mergePoints([point(0, 4)], [point(0, 3, 1)], "1m", 60).map((p) => [p.events, p.revision]),
      [[3, 1]],
    );
  });

  test("a later window is appended, gaps become zero windows, only the newest `keep` stay", () => {
    const base = [point(0, 1), point(1, 2), point(2, 3)];
    const merged = mergePoints(base, [point(5, 7)], "1m", 4);
    assert.deepEqual(
      merged.map((p) => [p.windowStart, p.events]),
      [
        [at(2), 3],
        [at(3), 0],
        [at(4), 0],
        [at(5), 7],
      ],
    );
  });

  test("windows older than the kept range are ignored; nothing in, nothing out", () => {
    const base = [point(10, 1), point(11, 1)];
    assert.deepEqual(
      mergePoints(base, [point(0, 9)], "1m", 2).map((p) => p.windowStart),
      [at(10), at(11)],
    );
    assert.deepEqual(mergePoints([], [], "1m", 60), []);
  });

  test("isNewer: revision first, then the event count", () => {
    assert.equal(isNewer(point(0, 5, 0), point(0, 1, 1)), true);
    assert.equal(isNewer(point(0, 5, 1), point(0, 9, 0)), false);
    assert.equal(isNewer(point(0, 5, 0), point(0, 6, 0)), true);
    assert.equal(isNewer(point(0, 5, 0), point(0, 4, 0)), false);
  });
});

describe("backoffDelay", () => {
  test("grows exponentially to a 30 s cap, with half of each delay random", () => {
    assert.equal(
      backoffDelay(0, () => 0),
      250,
    );
    assert.equal(
      backoffDelay(0, () => 1),
      500,
    );
    assert.equal(
      backoffDelay(3, () => 0),
      2000,
    );
    assert.equal(
      backoffDelay(3, () => 1),
      4000,
    );
    assert.equal(
      backoffDelay(20, () => 0),
      15_000,
    );
    assert.equal(
      backoffDelay(20, () => 1),
      30_000,
    );
    for (let attempt = 0; attempt < 12; attempt++) {
      const d = backoffDelay(attempt);
      const cap = Math.min(30_000, 500 * 2 ** attempt);
      assert.ok(d >= cap / 2 && d <= cap, `attempt ${attempt}: ${d}`);
    }
  });
});
