/**
 * KafkaBus against a real broker (GOPRO_TEST_KAFKA_BROKERS, started by scripts/test.ts): the shared
 * EventBus contract, then what only Kafka has: the record format and the dead-letter topic. Every bus
 * gets its own namespace, so its topics and groups are its own.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { Producer } from "@platformatic/kafka";
import { consume, emit, OutboxRelay } from "../../server/platform/bus.ts";
import { busContract, CONTRACT_EFFECTS_DDL } from "../../server/platform/bus-contract.ts";
import { type Database, openDatabase } from "../../server/platform/db.ts";
import type { Topic } from "../../server/platform/events.ts";
import { deadLetterTopic, HEADERS, KafkaBus } from "../../server/platform/kafka-bus.ts";
import { createLogger } from "../../server/platform/logger.ts";
import { TopicReader, testKafkaBrokers } from "./support.ts";

const brokers = testKafkaBrokers();
const log = createLogger(process.env.TEST_LOG_LEVEL ?? "silent");

if (!brokers) {
  test("KafkaBus (skipped: no GOPRO_TEST_KAFKA_BROKERS; run `node scripts/test.ts kafka`)", { skip: true });
} else {
  const kafka = brokers;
  let database: Database;
  let raw: Producer;

  before(async () => {
    database = await openDatabase({ dataDir: "memory://", logger: log });
    await database.migrate(new URL("../../server/platform/migrations", import.meta.url).pathname, "platform");
    await database.db.execute(CONTRACT_EFFECTS_DDL);
    raw = new Producer({ clientId: "gopro-test-raw", bootstrapBrokers: kafka, autocreateTopics: true });
  });
  after(async () => {
    await raw?.close();
    await database?.close();
  });

  const newBus = () =>
    new KafkaBus({
      brokers: kafka,
      logger: log,
      namespace: `t-${randomUUID().slice(0, 8)}`,
      retryBaseMs: 50,
    });

  busContract("kafka", async () => {
    const bus = newBus();
    const relay = new OutboxRelay(database.db, bus, log, 20);
    relay.start();
    const readers = new Map<string, TopicReader>();
    return {
      bus,
      relay,
      db: database.db,
      async injectPoison(topic, key, marker) {
        await raw.send({
          messages: [
            {
              topic: bus.topicName(topic),
              key: Buffer.from(key),
              value: Buffer.from(`{"marker":"${marker}","note":"not an event"`),
            },
          ],
        });
      },
      async deadLetters(topic: Topic, marker: string) {
        const dlt = deadLetterTopic(bus.topicName(topic));
        let reader = readers.get(dlt);
        if (!reader) {
          reader = new TopicReader(kafka, dlt);
          readers.set(dlt, reader);
          await reader.ready();
        }
        return reader.records.filter((r) => r.value.includes(marker)).length;
      },
      async close() {
        await relay.stop();
        await bus.close();
        for (const r of readers.values()) await r.close();
      },
    };
  });

  describe("KafkaBus specifics", () => {
    test("a record is keyed by aggregate id, carries the event as JSON and its type in a header", async () => {
      const bus = newBus();
      const reader = new TopicReader(kafka, bus.topicName("user-events"));
      try {
        await reader.ready();
        const e = {
          id: randomUUID(),
          type: "user.registered" as const,
          version: 1 as const,
          occurredAt: new Date().toISOString(),
          actor: "u-format",
          aggregateId: "u-format",
          payload: { userId: "u-format", email: "f@x.test", displayName: "F" },
        };
        await bus.publish("user-events", e);
        await waitFor("the record", () => reader.records.length >= 1);
        const r = reader.records[0];
        assert.equal(r?.key, "u-format");
        assert.deepEqual(JSON.parse(r?.value ?? "null"), e);
        assert.equal(r?.headers.get(HEADERS.eventType), "user.registered");
        assert.equal(r?.headers.get(HEADERS.eventId), e.id);
      } finally {
        await reader.close();
        await bus.close();
      }
    });

    test("records already fetched go to a batch handler together, in order, each once", async () => {
      const bus = newBus();
      const aggregate = `agg-${randomUUID().slice(0, 8)}`;
      const events = Array.from({ length: 60 }, (_, seq) => ({
        id: randomUUID(),
        type: "learning.custom" as const,
        version: 1 as const,
        occurredAt: new Date().toISOString(),
        actor: aggregate,
        aggregateId: aggregate,
        payload: { userId: aggregate, courseId: null, name: "batched", props: { seq } },
      }));
      // Published before the group exists: its first fetch finds all of them waiting.
      await bus.publishMany(events.map((event) => ({ topic: "learning-events" as const, event })));
      const seen: number[] = [];
      const batches: number[] = [];
      const sources = new Set<string>();
      const seqOf = (e: (typeof events)[number] | { type: string }) =>
        e.type === "learning.custom" && "payload" in e ? Number(e.payload.props.seq) : -1;
      bus.subscribe(
        `c-batch-${randomUUID().slice(0, 8)}`,
        ["learning-events"],
        async (e, origin) => {
          batches.push(1);
          seen.push(seqOf(e));
          sources.add(origin.source);
        },
        async (es, origin) => {
          batches.push(es.length);
          seen.push(...es.map(seqOf));
          sources.add(origin.source);
        },
      );
      try {
        await waitFor("all 60 events", () => seen.length >= 60);
        assert.deepEqual(
          seen,
          events.map((_, i) => i),
        );
        assert.ok(
          batches.some((n) => n > 1),
          `some records went together (${batches.join(", ")})`,
        );
        // One aggregate, one partition: every delivery names it as its source.
        assert.equal(sources.size, 1);
        assert.match([...sources][0] ?? "", new RegExp(`^${bus.topicName("learning-events")}#\\d+$`));
      } finally {
        await bus.close();
      }
    });

    test("a handler that keeps failing: the record goes to <topic>.dlt with the error, the partition moves on", async () => {
      const bus = newBus();
      const relay = new OutboxRelay(database.db, bus, log, 20);
      const consumer = `c-doomed-${randomUUID().slice(0, 8)}`;
      const aggregate = `agg-${randomUUID().slice(0, 8)}`;
      let calls = 0;
      const applied: number[] = [];
      consume(bus, database.db, consumer, ["learning-events"], async (e) => {
        if (e.type !== "learning.custom" || e.aggregateId !== aggregate) return;
        const seq = Number(e.payload.props.seq);
        if (seq === 0) {
          calls++;
          throw new Error("this handler cannot cope with seq 0");
        }
        applied.push(seq);
      });
      const dlt = new TopicReader(kafka, deadLetterTopic(bus.topicName("learning-events")));
      relay.start();
      try {
        await dlt.ready();
        const events = [0, 1].map((seq) => ({
          type: "learning.custom" as const,
          actor: aggregate,
          aggregateId: aggregate,
          payload: { userId: aggregate, courseId: null, name: "doomed", props: { seq } },
        }));
        const [doomed] = await database.db.transaction((tx) => emit(tx, ...events));
        relay.wake();
        await waitFor("the later event", () => applied.length >= 1);
        await waitFor("the dead letter", () => dlt.records.length >= 1);
        assert.deepEqual(applied, [1]);
        assert.equal(calls, bus.handlerAttempts, "tried as often as configured");
        const d = dlt.records[0];
        assert.equal(d?.key, aggregate);
        assert.equal(JSON.parse(d?.value ?? "null").id, doomed?.id, "the raw record, unchanged");
        assert.match(d?.headers.get(HEADERS.dltError) ?? "", /cannot cope with seq 0/);
        assert.equal(d?.headers.get(HEADERS.dltConsumer), consumer);
        assert.equal(d?.headers.get(HEADERS.dltTopic), bus.topicName("learning-events"));
        assert.equal(d?.headers.get(HEADERS.dltAttempts), String(bus.handlerAttempts));
        assert.equal(d?.headers.get(HEADERS.eventType), "learning.custom", "original headers kept");
      } finally {
        await relay.stop();
        await bus.close();
        await dlt.close();
      }
    });

    test("health: ok with a reachable broker, not ok with an unreachable one", async () => {
      const bus = newBus();
      const down = new KafkaBus({ brokers: ["127.0.0.1:1"], logger: log });
      try {
        const up = await bus.health();
        assert.equal(up.ok, true);
        assert.equal(up.kind, "kafka");
        const h = await down.health();
        assert.equal(h.ok, false);
        assert.ok(h.error);
        await assert.rejects(
          down.publish("user-events", {
            id: randomUUID(),
            type: "user.logged_in",
            version: 1,
            occurredAt: new Date().toISOString(),
            actor: "u",
            aggregateId: "u",
            payload: { userId: "u" },
          }),
          { name: "BusUnavailableError" },
        );
      } finally {
        await bus.close();
        await down.close();
      }
    });
  });
}

async function waitFor(what: string, ok: () => boolean): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
