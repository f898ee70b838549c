import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import type { NotificationKind } from "../../../common/api.ts";
import { isPermanentFailure, MAX_DELAY_MS, retryDelayMs } from "./mailer.ts";
import {
  CHANNELS,
  DEFAULTS,
  digestLines,
  digestSummary,
  hasActivity,
  isEnabled,
  KINDS,
  type PreferenceRow,
  preferenceChanges,
  resolvePreferences,
  sumWeek,
} from "./rules.ts";

test("defaults: in-app for every kind; email only for course completion and the weekly digest", () => {
  for (const kind of KINDS) assert.equal(isEnabled([], kind, "in_app"), true, kind);
  assert.equal(isEnabled([], "course_completed", "email"), true);
  assert.equal(isEnabled([], "weekly_digest", "email"), true);
  assert.equal(isEnabled([], "achievement_unlocked", "email"), false);
  assert.equal(isEnabled([], "mention", "email"), false);
});

test("a stored choice overrides the default for its kind and channel only", () => {
  const rows: PreferenceRow[] = [
    { kind: "course_completed", channel: "email", enabled: false },
    { kind: "achievement_unlocked", channel: "email", enabled: true },
  ];
  assert.equal(isEnabled(rows, "course_completed", "email"), false);
  assert.equal(isEnabled(rows, "course_completed", "in_app"), true);
  assert.equal(isEnabled(rows, "achievement_unlocked", "email"), true);
  assert.equal(isEnabled(rows, "mention", "email"), false);
});

test("resolved preferences list every kind once, and agree with isEnabled for any stored rows", () => {
  const kind = fc.constantFrom(...KINDS);
  const channel = fc.constantFrom(...CHANNELS);
  const row = fc.record({ kind, channel, enabled: fc.boolean() });
  fc.assert(
    fc.property(fc.array(row, { maxLength: 12 }), (raw) => {
      // The table has one row per (kind, channel): keep the last of duplicates, like an upsert.
      const rows = [...new Map(raw.map((r) => [`${r.kind}:${r.channel}`, r])).values()];
      const resolved = resolvePreferences(rows);
      assert.deepEqual(
        resolved.map((p) => p.kind),
        [...KINDS],
      );
      for (const p of resolved) {
        assert.equal(p.inApp, isEnabled(rows, p.kind, "in_app"));
        assert.equal(p.email, isEnabled(rows, p.kind, "email"));
        const stored = rows.find((r) => r.kind === p.kind && r.channel === "email");
        assert.equal(p.email, stored ? stored.enabled : DEFAULTS[p.kind].email);
      }
    }),
  );
});

test("an update stores only the channels it names; the last entry for a kind wins", () => {
  const changes = preferenceChanges([
    { kind: "mention", email: true },
    { kind: "course_completed", inApp: false, email: false },
    { kind: "mention", email: false },
  ]);
  const key = (r: PreferenceRow) => `${r.kind}:${r.channel}=${r.enabled}`;
  assert.deepEqual(changes.map(key).sort(), [
    "course_completed:email=false",
    "course_completed:in_app=false",
    "mention:email=false",
  ]);
  assert.deepEqual(preferenceChanges([{ kind: "weekly_digest" as NotificationKind }]), []);
});

test("a week is summed from its days; the digest shows only what happened", () => {
  const day = (d: string, over: Partial<Parameters<typeof sumWeek>[0][number]>) => ({
    day: d,
    lessonsCompleted: 0,
    exercisesPassed: 0,
    attempts: 0,
    coursesCompleted: 0,
    achievementsUnlocked: 0,
    mentions: 0,
    bestStreak: 0,
    ...over,
  });
  const w = sumWeek([
    day("2026-01-05", { lessonsCompleted: 2, attempts: 3, exercisesPassed: 1, bestStreak: 1 }),
    day("2026-01-06", { lessonsCompleted: 1, exercisesPassed: 1, attempts: 1, bestStreak: 2 }),
    day("2026-01-07", { achievementsUnlocked: 1, mentions: 2 }),
  ]);
  assert.equal(w.lessonsCompleted, 3);
  assert.equal(w.exercisesPassed, 2);
  assert.equal(w.bestStreak, 2);
  assert.equal(w.activeDays, 2, "a day with only a mention is not an active learning day");
  assert.deepEqual(digestLines(w), [
    "3 lessons completed",
    "2 exercises passed",
    "4 test runs",
    "1 achievement unlocked",
    "2 mentions in course chat",
    "a 2-day streak",
    "active on 2 days of 7",
  ]);
  assert.match(digestSummary(w), /^This week: 3 lessons completed, /);
  assert.equal(hasActivity(sumWeek([]), 0), false);
  assert.equal(hasActivity(sumWeek([]), 1), true);
  assert.deepEqual(digestLines(sumWeek([])), []);
});

test("retry delays double from the base and stop growing at the cap", () => {
  assert.equal(retryDelayMs(1, 1000), 1000);
  assert.equal(retryDelayMs(2, 1000), 2000);
  assert.equal(retryDelayMs(5, 1000), 16_000);
  assert.equal(retryDelayMs(40, 1000), MAX_DELAY_MS);
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 10, max: 3_600_000 }), (n, base) => {
      const d = retryDelayMs(n, base);
      assert.ok(d >= Math.min(base, MAX_DELAY_MS) && d <= MAX_DELAY_MS);
      assert.ok(retryDelayMs(n + 1, base) >= d);
    }),
  );
});

test("only a real 5xx refusal is permanent; outages, 4xx, 503 and bad credentials are retried", () => {
  assert.equal(isPermanentFailure({ code: "EENVELOPE", responseCode: 550 }), true);
  assert.equal(isPermanentFailure({ code: "EMESSAGE", responseCode: 554 }), true);
  assert.equal(isPermanentFailure({ code: "ECONNECTION" }), false);
  assert.equal(isPermanentFailure(new Error("connect ECONNREFUSED 127.0.0.1:2525")), false);
  assert.equal(isPermanentFailure({ code: "EENVELOPE", responseCode: 451 }), false);
  assert.equal(isPermanentFailure({ code: "EPROTOCOL", responseCode: 503 }), false);
  assert.equal(isPermanentFailure({ code: "EAUTH", responseCode: 535 }), false);
});
