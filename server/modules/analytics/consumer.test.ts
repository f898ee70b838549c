/**
 * The analytics consumer on a real (embedded) database: events delivered through the bus, windows
 * stored, results emitted to the outbox, redelivery, lateness, the processing-clock tick, listeners.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, beforeEach, describe, test } from "node:test";
import { asc, eq, sql } from "drizzle-orm";
import { Registry } from "prom-client";
import type { AnalyticsUpdate } from "../../../common/api.ts";
import { InProcessBus, OutboxRelay } from "../../platform/bus.ts";
import { MemoryCache } from "../../platform/cache.ts";
import { loadConfig } from "../../platform/config.ts";
import { type Database, openDatabase } from "../../platform/db.ts";
import { AppError } from "../../platform/errors.ts";
import type { DomainEvent, EventOf } from "../../platform/events.ts";
import { InProcessLive } from "../../platform/live.ts";
import { createLogger } from "../../platform/logger.ts";
import type { AppContext } from "../../platform/module.ts";
import { outbox } from "../../platform/schema.ts";
import { MemoryLimitStore } from "../../platform/sliding-limit.ts";
import type { CatalogClient, CourseOutline } from "../catalog/index.ts";
import { createAnalytics, migrations } from "./index.ts";

const T0 = Date.UTC(2026, 2, 1, 10, 0, 0);
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

let clock = T0;
let database: Database;
let bus: InProcessBus;
let analytics: Awaited<ReturnType<typeof createAnalytics>>;
let metrics: Registry;

const catalog: CatalogClient = {
  async outline(id: string): Promise<CourseOutline> {
    if (id !== "c1" && id !== "course-one") throw new AppError("not_found", "Course not found");
    return { id: "c1", slug: "course-one", title: "Course One", items: [] };
  },
  item: () => Promise.reject(new Error("unused")),
  runnable: () => Promise.reject(new Error("unused")),
  importFrom: () => Promise.reject(new Error("unused")),
};

function viewed(at: number, userId: string, courseId = "c1", id = randomUUID()): DomainEvent {
  const e: EventOf<"lesson.viewed"> = {
    id,
    type: "lesson.viewed",
    version: 1,
    occurredAt: iso(at),
    actor: userId,
    aggregateId: userId,
    payload: { userId, courseId, lessonId: "l1" },
  };
  return e;
}
function attempted(at: number, userId: string, durationMs: number, passed: boolean): DomainEvent {
  const e: EventOf<"exercise.attempted"> = {
    id: randomUUID(),
    type: "exercise.attempted",
    version: 1,
    occurredAt: iso(at),
    actor: userId,
    aggregateId: userId,
    payload: {
      userId,
      courseId: "c1",
      exerciseId: "x1",
      attemptId: randomUUID(),
      status: passed ? "passed" : "failed",
      passed,
      testsPassed: passed ? 1 : 0,
      testsTotal: 1,
      durationMs,
    },
  };
  return e;
}
const deliver = async (...events: DomainEvent[]) => {
  for (const e of events) await bus.publish("learning-events", e);
};
const results = async () =>
  (
    await database.db
      .select({ event: outbox.event })
      .from(outbox)
      .where(eq(outbox.type, "analytics.window_updated"))
      .orderBy(asc(outbox.seq))
  ).map((r) => (r.event as EventOf<"analytics.window_updated">).payload);
const point = async (scope: string, resolution: "1m" | "1h" | "1d", start: number) => {
  const s = await analytics.client.series({ scope, resolution, from: iso(start), to: iso(start + 1) });
  assert.equal(s.points.length, 1);
  return s.points[0] as NonNullable<(typeof s.points)[0]>;
};

describe("analytics consumer (embedded Postgres)", () => {
  before(async () => {
    const log = createLogger("silent");
    database = await openDatabase({ dataDir: "memory://", logger: log });
    await database.migrate(new URL("../../platform/migrations", import.meta.url).pathname, "platform");
    await database.migrate(migrations.folder, migrations.schema);
    bus = new InProcessBus();
    metrics = new Registry();
    const ctx: AppContext = {
      config: loadConfig({ DATA_DIR: "memory://", LOG_LEVEL: "silent" }),
      log,
      database,
      db: database.db,
      bus,
      relay: new OutboxRelay(database.db, bus, log),
      metrics,
      cache: new MemoryCache(),
      limits: new MemoryLimitStore(),
      live: new InProcessLive(log),
      now: () => new Date(clock),
    };
    analytics = await createAnalytics(ctx, {
      catalog,
      settings: { tickMs: 0, outOfOrderMs: 5_000, allowedLatenessMs: 3 * MIN, maxDelayMs: 30_000 },
    });
  });
  after(() => database?.close());
  beforeEach(async () => {
    await database.db.execute(
      sql`TRUNCATE analytics.series, analytics.streams, platform.processed_events, platform.outbox`,
    );
    await analytics.service.init();
    clock = T0 + 10 * MIN;
  });

  test("events become window rows; a redelivered event changes nothing", async () => {
    const first = viewed(T0 + 1_000, "ann");
    await deliver(
      first,
      viewed(T0 + 2_000, "bob"),
      viewed(T0 + 3_000, "ann"),
      attempted(T0 + 4_000, "bob", 900, true),
    );
    await deliver(first, first);
    for (const [scope, res, start] of [
      ["global", "1m", T0],
      ["course:c1", "1m", T0],
      ["global", "1h", T0],
      ["course:c1", "1d", Date.UTC(2026, 2, 1)],
    ] as const) {
      const p = await point(scope, res, start);
      assert.equal(p.events, 4, `${scope} ${res}`);
      assert.equal(p.lessonViews, 3);
      assert.equal(p.uniqueLearners, 2);
      assert.equal(p.attempts, 1);
      assert.equal(p.passRate, 1);
      assert.ok(p.latencyMs && Math.abs(p.latencyMs.p50 - 900) <= 9);
      assert.equal(p.revision, 0);
      assert.equal(p.closed, false);
    }
    assert.deepEqual(await results(), [], "nothing is emitted while windows are open");
  });

  test("closing emits revision 1, late events revision + 1, too-late events are dropped and counted", async () => {
    const updates: AnalyticsUpdate[] = [];
    const off = analytics.client.onUpdate((u) => updates.push(u));
    try {
      await deliver(viewed(T0 + 10_000, "ann"));
      assert.ok(updates.some((u) => u.scope === "global" && u.resolution === "1m" && u.revision === 0));
      await deliver(viewed(T0 + MIN + 5_000, "bob")); // watermark = T0 + 1 min: the first minute closes
      assert.deepEqual(
        (await results())
          .map((r) => [r.scope, r.resolution, r.windowStart, r.revision, r.uniqueLearners, r.events])
          .sort(),
        [
          ["course:c1", "1m", iso(T0), 1, 1, 1],
          ["global", "1m", iso(T0), 1, 1, 1],
        ],
      );
      assert.ok(
        updates.some(
          (u) => u.scope === "global" && u.windowStart === iso(T0) && u.revision === 1 && u.closed,
        ),
      );

      await deliver(viewed(T0 + 20_000, "cat")); // late, within 3 minutes
      const late = (await results()).slice(2);
      assert.deepEqual(late.map((r) => [r.scope, r.resolution, r.revision, r.uniqueLearners]).sort(), [
        ["course:c1", "1m", 2, 2],
        ["global", "1m", 2, 2],
      ]);
      const p = await point("global", "1m", T0);
      assert.deepEqual([p.revision, p.closed, p.uniqueLearners], [2, true, 2]);

      await deliver(viewed(T0 + 10 * MIN, "dan"));
      const before = await results();
      await deliver(viewed(T0 + 30_000, "eve")); // its minute closed 9 minutes ago: too late
      assert.deepEqual(await results(), before);
      assert.equal((await point("global", "1m", T0)).uniqueLearners, 2);
      assert.equal((await analytics.service.stream()).droppedLate, 1);
      const overview = await analytics.client.overview();
      assert.equal(overview.droppedLateEvents, 1);
      const dropped = (await metrics.getSingleMetric("gopro_analytics_events_total")?.get())?.values.find(
        (v) => v.labels.outcome === "dropped",
      );
      assert.equal(dropped?.value, 1);
    } finally {
      off();
    }
  });

  test("the processing clock closes windows once the source is idle; hours and days follow", async () => {
    await deliver(viewed(T0 + 10_000, "ann"), viewed(T0 + 20_000, "bob", "c1"));
    const updates: AnalyticsUpdate[] = [];
    const off = analytics.client.onUpdate((u) => updates.push(u));
    clock = T0 + MIN + 29_000; // now − 30 s is still inside the first minute
    await analytics.tick();
    assert.deepEqual(await results(), []);
    clock = T0 + MIN + 30_000;
    await analytics.tick();
    assert.equal((await results()).length, 2);
    assert.ok(updates.every((u) => u.revision === 1 && u.closed));
    off();
    clock = Date.UTC(2026, 2, 2, 0, 1);
    await analytics.tick();
    const all = await results();
    assert.deepEqual(
      all
        .slice(2)
        .map((r) => `${r.scope} ${r.resolution} r${r.revision} ${r.uniqueLearners}`)
        .sort(),
      ["course:c1 1d r1 2", "course:c1 1h r1 2", "global 1d r1 2", "global 1h r1 2"],
    );
    // The stored roll-ups equal what their minutes add up to.
    const hour = await point("global", "1h", T0);
    const minutes = await analytics.client.series({
      scope: "global",
      resolution: "1m",
      from: iso(T0),
      to: iso(T0 + 3_600_000),
    });
    assert.equal(minutes.points.length, 60);
    assert.equal(
      hour.events,
      minutes.points.reduce((n, p) => n + p.events, 0),
    );
  });

  test("series validates its range; a course's stats come by id or slug", async () => {
    await deliver(viewed(T0 + 1_000, "ann"));
    await assert.rejects(
      analytics.client.series({
        scope: "global",
        resolution: "1m",
        from: iso(T0),
        to: iso(T0 + 2 * 86_400_000),
      }),
      /at most 1500/,
    );
    await assert.rejects(
      analytics.client.series({ scope: "global", resolution: "1m", from: iso(T0 + MIN), to: iso(T0) }),
      /before/,
    );
    const ok = await analytics.client.series({
      scope: "global",
      resolution: "1h",
      from: iso(T0),
      to: iso(T0 + 1_500 * 3_600_000),
    });
    assert.equal(ok.points.length, 1500);
    clock = T0 + 30_000;
    const stats = await analytics.client.courseStats("course-one");
    assert.equal(stats.course.id, "c1");
    assert.equal(stats.activeLearners5m, 1);
    assert.equal(stats.lastHour.length, 60);
    assert.equal(stats.lastHour.at(-1)?.windowStart, iso(T0));
    assert.equal(stats.last30Days.length, 30);
    assert.equal(stats.last24h.lessonViews, 1);
    assert.deepEqual(
      stats.funnel.map((f) => f.events),
      [1, 0, 0, 0],
    );
    const overview = await analytics.client.overview();
    assert.deepEqual(
      overview.topCourses.map((c) => [c.courseId, c.slug, c.events]),
      [["c1", "course-one", 1]],
    );
  });

  test("a batch from the relay gives the windows, results and drops that one event at a time gives", async () => {
    // A fixed mix over six minutes: in order, out of order, late (within 3 min), too late, repeats.
    const events: DomainEvent[] = [];
    let n = 0;
    for (let i = 0; i < 90; i++) {
      const drift = [0, 0, 0, -20_000, 0, -70_000, 0, 0, -200_000, 0][i % 10] ?? 0;
      const at = T0 + i * 4_000 + drift;
      const user = `u${(i * 7) % 13}`;
      events.push(i % 6 === 0 ? attempted(at, user, 100 + i * 10, i % 12 === 0) : viewed(at, user));
      if (i % 17 === 0) events.push(events[events.length - 1] as DomainEvent); // redelivered
      n++;
    }
    assert.equal(n, 90);
    const snapshot = async () => {
      const rows = await database.db.execute(
        sql`select scope, resolution, window_start as "start", revision > 0 as closed, events,
                   unique_learners as "learners", lesson_views as "views", attempts, passes
            from analytics.series order by scope, resolution, window_start`,
      );
      const stream = await analytics.service.stream();
      // The newest result per window (one at a time emits more revisions; the last must agree).
      const last = new Map<string, string>();
      for (const r of await results())
        last.set(`${r.scope} ${r.resolution} ${r.windowStart}`, `${r.uniqueLearners}/${r.events}`);
      return {
        rows: (rows as unknown as { rows: unknown[] }).rows,
        watermark: stream.watermark,
        dropped: stream.droppedLate,
        results: [...last.entries()].sort(),
      };
    };
    for (const e of events) await bus.publish("learning-events", e);
    const oneByOne = await snapshot();
    assert.ok(oneByOne.dropped > 0, "the mix has too-late events");
    assert.ok(oneByOne.results.length > 0, "the mix closes windows");

    await database.db.execute(
      sql`TRUNCATE analytics.series, analytics.streams, platform.processed_events, platform.outbox`,
    );
    await analytics.service.init();
    for (let i = 0; i < events.length; i += 25) {
      await bus.publishMany(events.slice(i, i + 25).map((event) => ({ topic: "learning-events", event })));
    }
    assert.deepEqual(await snapshot(), oneByOne);
  });

  test("dashboard answers are reused within a second of the clock, never across a committed change", async () => {
    clock = T0 + 30_000;
    await deliver(viewed(T0 + 1_000, "ann"));
    const first = await analytics.client.overview();
    assert.equal(first.last24h.events, 1);
    assert.equal(await analytics.client.overview(), first, "the same answer, from memory");
    const series = await analytics.client.series({ scope: "global", resolution: "1m" });
    assert.equal(await analytics.client.series({ scope: "global", resolution: "1m" }), series);

    await deliver(viewed(T0 + 2_000, "bob"));
    const changed = await analytics.client.overview();
    assert.notEqual(changed, first);
    assert.equal(changed.last24h.events, 2);
    assert.equal(
      (await analytics.client.series({ scope: "global", resolution: "1m" })).points.at(-1)?.events,
      2,
    );

    clock += 1_000;
    const later = await analytics.client.overview();
    assert.notEqual(later, changed, "a new second of the clock asks again");
    assert.equal(later.generatedAt, iso(clock));
  });

  test("a lagging partition holds the watermark back, so its events are on time; once quiet it does not", async () => {
    clock = T0 + 10 * MIN;
    const apply = (events: DomainEvent[], source: string) =>
      database.db.transaction((tx) => analytics.service.applyEvents(events, tx, source));
    // Partition 1 is at minute 1; partition 0 has raced ahead to minute 8.
    await apply([viewed(T0 + 1 * MIN + 10_000, "bob")], "learning-events#1");
    await apply([viewed(T0 + 8 * MIN, "ann")], "learning-events#0");
    let stream = await analytics.service.stream();
    assert.equal(stream.watermark, T0 + MIN + 5_000, "the slower partition's watermark");
    // Partition 1's next events are in minutes 1 and 2: on time, nothing dropped (one shared
    // watermark at minute 8 would have dropped the first as too late with 3 minutes of lateness).
    const r = await apply(
      [viewed(T0 + MIN + 20_000, "cat"), viewed(T0 + 2 * MIN, "dan")],
      "learning-events#1",
    );
    assert.deepEqual(r.outcomes, { on_time: 2, late: 0, dropped: 0, ignored: 0 });
    assert.equal((await point("global", "1m", T0 + MIN)).uniqueLearners, 2);
    stream = await analytics.service.stream();
    assert.deepEqual(Object.keys(stream.sources).sort(), ["learning-events#0", "learning-events#1"]);

    // Partition 1 goes quiet for over a minute: partition 0 alone moves the watermark.
    clock += 61_000;
    await apply([viewed(T0 + 9 * MIN, "eve")], "learning-events#0");
    stream = await analytics.service.stream();
    assert.equal(stream.watermark, T0 + 9 * MIN - 5_000);
    assert.equal(stream.droppedLate, 0);
  });
});
