/**
 * Faults on the Kafka path. The relay dying between publishing an event and marking it published
 * publishes it twice but applies it once. A broker outage of a minute, on a whole GO-PRO server over
 * HTTP: writes keep succeeding into the outbox, /readyz says degraded, and once the broker is back the
 * backlog drains with every effect present exactly once. The outage test stops a broker of its own
 * (scripts/test-kafka.ts), never the one the other test files share.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { startTestKafka } from "../../scripts/test-kafka.ts";
import { consume, type EventBus, emit, OutboxRelay } from "../../server/platform/bus.ts";
import { type Database, type Db, openDatabase } from "../../server/platform/db.ts";
import { KafkaBus } from "../../server/platform/kafka-bus.ts";
import { createLogger } from "../../server/platform/logger.ts";
import { courses } from "../support/curriculum.ts";
import { Client, startTestServer, type TestServer } from "../support/server.ts";
import { TopicReader, testKafkaBrokers } from "./support.ts";

const brokers = testKafkaBrokers();
const log = createLogger(process.env.TEST_LOG_LEVEL ?? "silent");
const OUTAGE_MS = 60_000;

async function until(what: string, ok: () => Promise<boolean> | boolean, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function rows<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

if (!brokers) {
  test("Kafka faults (skipped: no GOPRO_TEST_KAFKA_BROKERS; run `node scripts/test.ts kafka`)", {
    skip: true,
  });
} else {
  const kafka = brokers;

  describe("the relay dies between publish and mark", () => {
    let database: Database;
    before(async () => {
      database = await openDatabase({ dataDir: "memory://", logger: log });
      await database.migrate(
        new URL("../../server/platform/migrations", import.meta.url).pathname,
        "platform",
      );
      await database.db.execute(sql`create table effects (event_id text not null)`);
    });
    after(() => database?.close());

    test("the restarted relay publishes the event again; it takes effect once", async () => {
      const db = database.db;
      const namespace = `t-${randomUUID().slice(0, 8)}`;
      // The process that dies: its relay publishes the row, then never gets to mark it.
      const doomed = new KafkaBus({ brokers: kafka, logger: log, namespace });
      let published: () => void = () => {};
      const publishedOnce = new Promise<void>((r) => {
        published = r;
      });
      const dying: EventBus = {
        async publish(topic, event) {
          await doomed.publish(topic, event);
          published();
          await new Promise<never>(() => {}); // killed: nothing after the publish runs
        },
        subscribe() {},
        async close() {},
      };
      // The process that takes over: a new relay and the consumer.
      const bus = new KafkaBus({ brokers: kafka, logger: log, namespace });
      const reader = new TopicReader(kafka, bus.topicName("learning-events"));
      consume(bus, db, "c-after-crash", ["learning-events"], async (e, tx) => {
        await tx.execute(sql`insert into effects values (${e.id})`);
      });
      const relay = new OutboxRelay(db, bus, log, 20);
      try {
        await reader.ready();
        const [event] = await db.transaction((tx) =>
          emit(tx, {
            type: "learning.custom",
            actor: "crash",
            aggregateId: "crash",
            payload: { userId: "crash", courseId: null, name: "crash", props: {} },
          }),
        );
        assert.ok(event);
        new OutboxRelay(db, dying, log, 20).start();
        await publishedOnce;
        const [row] = await rows<{ published: boolean }>(
          db,
          sql`select published_at is not null as published from platform.outbox where id = ${event.id}`,
        );
        assert.equal(row?.published, false, "the dead relay never marked the row");

        relay.start();
        await until("the row marked published", async () => {
          const [r] = await rows<{ published: boolean }>(
            db,
            sql`select published_at is not null as published from platform.outbox where id = ${event.id}`,
          );
          return r?.published === true;
        });
        await until("two copies on the topic", () => reader.records.length >= 2);
        await until("the effect", async () => (await rows(db, sql`select 1 from effects`)).length >= 1);
        // A sentinel on the same key comes after both copies: once it is applied, so were they.
        await db.transaction((tx) =>
          emit(tx, {
            type: "learning.custom",
            actor: "crash",
            aggregateId: "crash",
            payload: { userId: "crash", courseId: null, name: "sentinel", props: {} },
          }),
        );
        relay.wake();
        await until("the sentinel", async () => (await rows(db, sql`select 1 from effects`)).length >= 2);
        const copies = reader.records.filter((r) => r.value.includes(event.id));
        assert.equal(copies.length, 2, "published twice");
        const applied = await rows<{ n: number }>(
          db,
          sql`select count(*)::int as n from effects where event_id = ${event.id}`,
        );
        assert.equal(applied[0]?.n, 1, "applied once");
      } finally {
        await relay.stop();
        await bus.close();
        await doomed.close();
        await reader.close();
      }
    });
  });

  describe("the broker is down for a minute under a running server", () => {
    const COURSE = "go-first-steps";

    test("writes succeed, the backlog grows, /readyz degrades; after restart it drains and nothing is lost or doubled", async (t) => {
      const lesson = courses
        .find((c) => c.slug === COURSE)
        ?.modules.flatMap((m) => m.items)
        .find((i) => i.kind === "lesson")?.id;
      assert.ok(lesson, `${COURSE} has a lesson`);

      const broker = await startTestKafka();
      assert.ok(broker, "java is here (GOPRO_TEST_KAFKA_BROKERS is set), so a second broker must start");
      let server: TestServer | undefined;
      // The server first (its consumers leave their groups while the broker is up), then the broker.
      t.after(async () => {
        await server?.stop();
        await broker.stop();
      });
      server = await startTestServer("pglite", { KAFKA_BROKERS: broker.brokers });
      const url = server.url;
      const db = server.platform.ctx.db;

      interface Ready {
        status: string;
        checks: { bus: { kind: string; ok: boolean }; database: { outboxBacklog: number } };
      }
      const ready = async () => {
        const r = await new Client(url).req("GET", "/readyz");
        assert.equal(r.status, 200, "a bus outage degrades; it does not make the server unavailable");
        return r.json<Ready>();
      };
      const learner = async (): Promise<string> => {
        const c = new Client(url);
        const { user } = await c.register();
        assert.equal((await c.req("POST", `/api/v1/courses/${COURSE}/enrollment`)).status, 201);
        assert.equal((await c.req("POST", `/api/v1/lessons/${lesson}/completion`)).status, 200);
        return user.id;
      };
      const firstLessonUnlocked = async (): Promise<Set<string>> =>
        new Set(
          (
            await rows<{ user_id: string }>(
              db,
              sql`select user_id from progress.achievements where code = 'first-lesson'`,
            )
          ).map((r) => r.user_id),
        );

      // Up: the Kafka path works end to end.
      const users = [await learner(), await learner()];
      await until("achievements through Kafka", async () => {
        const got = await firstLessonUnlocked();
        return users.every((u) => got.has(u));
      });
      const up = await ready();
      assert.equal(up.checks.bus.kind, "kafka");
      assert.equal(up.checks.bus.ok, true);

      // Down for a minute: every write still succeeds, into the outbox.
      await broker.pause();
      const downAt = Date.now();
      const backlog: number[] = [];
      const during: string[] = [];
      while (Date.now() - downAt < OUTAGE_MS) {
        during.push(await learner());
        const r = await ready();
        assert.equal(r.status, "degraded");
        assert.equal(r.checks.bus.ok, false);
        backlog.push(r.checks.database.outboxBacklog);
        await new Promise((res) => setTimeout(res, 10_000));
      }
      assert.ok(during.length >= 2);
      assert.ok((backlog[0] ?? 0) > 0, "events wait in the outbox");
      assert.ok((backlog.at(-1) ?? 0) > (backlog[0] ?? 0), `the backlog grows: ${backlog.join(", ")}`);
      const unlockedDuring = await firstLessonUnlocked();
      assert.ok(
        during.every((u) => !unlockedDuring.has(u)),
        "nothing reached the consumer while Kafka was down",
      );

      // Back: the backlog drains and every effect is there exactly once.
      await broker.resume();
      const everyone = [...users, ...during];
      await until("the backlog to drain and every effect to land", async () => {
        const got = await firstLessonUnlocked();
        return everyone.every((u) => got.has(u)) && (await ready()).checks.database.outboxBacklog === 0;
      });
      const after = await ready();
      assert.equal(after.checks.bus.ok, true);
      assert.equal(after.checks.database.outboxBacklog, 0);

      const perUser = async (type: string, extra = sql``) =>
        new Map(
          (
            await rows<{ key: string; n: number }>(
              db,
              sql`select key, count(*)::int as n from platform.outbox where type = ${type} ${extra} group by key`,
            )
          ).map((r) => [r.key, r.n]),
        );
      const unlocked = await perUser(
        "achievement.unlocked",
        sql`and event->'payload'->>'code' = 'first-lesson'`,
      );
      const streaks = await perUser("streak.extended");
      const completed = await perUser("lesson.completed");
      for (const u of everyone) {
        assert.equal(completed.get(u), 1, `one lesson.completed for ${u}`);
        assert.equal(unlocked.get(u), 1, `first-lesson unlocked once for ${u}`);
        assert.equal(streaks.get(u), 1, `the streak extended once for ${u}`);
      }
      const processed = await rows<{ n: number }>(
        db,
        sql`select count(*)::int as n from platform.processed_events p
            join platform.outbox o on o.id = p.event_id
            where p.consumer = 'progress.learning' and o.type = 'lesson.completed'`,
      );
      assert.equal(processed[0]?.n, everyone.length, "every lesson.completed applied by the consumer");
      const dead = await rows<{ n: number }>(db, sql`select count(*)::int as n from platform.dead_letters`);
      assert.equal(dead[0]?.n, 0, "an outage sends nothing to dead letters");
    });
  });
}
