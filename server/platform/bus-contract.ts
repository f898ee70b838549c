/**
 * The behaviour every `EventBus` must show, as node:test tests. A test file calls `busContract` with a
 * factory that opens a bus (with its relay) over a database; each test opens its own bus, uses its
 * own consumer names and aggregate ids, and closes it. bus-inprocess.test.ts runs it on the
 * in-process bus, test/kafka/kafka-bus.test.ts on a real Kafka broker.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { consume, type EventBus, emit, type OutboxRelay } from "./bus.ts";
import type { Db, Tx } from "./db.ts";
import type { DomainEvent, NewEvent, Topic } from "./events.ts";

export interface BusUnderTest {
  bus: EventBus;
  /** Started; publishes the outbox of `db` to `bus`. */
  relay: OutboxRelay;
  /** Holds the platform schema and the `contract_effects` table (see `CONTRACT_EFFECTS_DDL`). */
  db: Db;
  /** Puts something on `topic` that is not a valid event and mentions `marker`, keyed by `key`. */
  injectPoison(topic: Topic, key: string, marker: string): Promise<void>;
  /** How many dead letters (of this bus's kind) mention `marker`. */
  deadLetters(topic: Topic, marker: string): Promise<number>;
  close(): Promise<void>;
}

/** Run once on the test database before the contract. */
export const CONTRACT_EFFECTS_DDL = sql`create table if not exists contract_effects (
  n serial primary key, consumer text not null, event_id text not null, aggregate text not null,
  type text not null, seq int not null)`;

/** Generous bound for "eventually": a liveness limit for a broken bus, not a performance target. */
const EVENTUALLY_MS = 90_000;

async function eventually(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + EVENTUALLY_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Effect {
  consumer: string;
  eventId: string;
  aggregate: string;
  type: string;
  seq: number;
}

async function effects(db: Db, consumer: string): Promise<Effect[]> {
  const r = await db.execute(
    sql`select consumer, event_id as "eventId", aggregate, type, seq from contract_effects
        where consumer = ${consumer} order by n`,
  );
  return (r as unknown as { rows: Effect[] }).rows;
}

/** A learning event whose props carry a sequence number and a marker. */
const learning = (aggregate: string, seq: number, marker = ""): NewEvent => ({
  type: "learning.custom",
  actor: aggregate,
  aggregateId: aggregate,
  payload: { userId: aggregate, courseId: null, name: "contract", props: { seq, marker } },
});

const registered = (aggregate: string): NewEvent => ({
  type: "user.registered",
  actor: aggregate,
  aggregateId: aggregate,
  payload: { userId: aggregate, email: `${aggregate}@contract.test`, displayName: "Contract" },
});

const seqOf = (e: DomainEvent): number =>
  e.type === "learning.custom" && typeof e.payload.props.seq === "number" ? e.payload.props.seq : -1;

/** Registers an idempotent consumer that records each applied event in contract_effects. */
function recordEffects(
  h: BusUnderTest,
  consumer: string,
  topics: Topic[],
  before?: (e: DomainEvent) => void,
): void {
  consume(h.bus, h.db, consumer, topics, async (e: DomainEvent, tx: Tx) => {
    before?.(e);
    await tx.execute(
      sql`insert into contract_effects (consumer, event_id, aggregate, type, seq)
          values (${consumer}, ${e.id}, ${e.aggregateId}, ${e.type}, ${seqOf(e)})`,
    );
  });
}

async function emitCommitted(h: BusUnderTest, ...events: NewEvent[]): Promise<DomainEvent[]> {
  const out = await h.db.transaction((tx) => emit(tx, ...events));
  h.relay.wake();
  return out;
}

const unique = (label: string) => `${label}-${randomUUID().slice(0, 8)}`;

export function busContract(kind: string, open: () => Promise<BusUnderTest>): void {
  const withBus = async (run: (h: BusUnderTest) => Promise<void>) => {
    const h = await open();
    try {
      await run(h);
    } finally {
      await h.close();
    }
  };

  describe(`EventBus contract (${kind})`, () => {
    test("events reach the subscribers of their topic only", () =>
      withBus(async (h) => {
        const users = unique("c-users");
        const learners = unique("c-learning");
        recordEffects(h, users, ["user-events"]);
        recordEffects(h, learners, ["learning-events"]);
        const a = unique("agg");
        const [reg] = await emitCommitted(h, registered(a));
        const [learn] = await emitCommitted(h, learning(a, 0));
        await eventually("both deliveries", async () => {
          return (await effects(h.db, users)).length >= 1 && (await effects(h.db, learners)).length >= 1;
        });
        // A sentinel after each, on the same key: once it is seen, a misrouted copy would have been too.
        await emitCommitted(h, registered(a), learning(a, 1));
        await eventually("the sentinels", async () => {
          return (await effects(h.db, users)).length >= 2 && (await effects(h.db, learners)).length >= 2;
        });
        const u = await effects(h.db, users);
        const l = await effects(h.db, learners);
        assert.deepEqual(
          u.map((e) => e.type),
          ["user.registered", "user.registered"],
        );
        assert.deepEqual(
          l.map((e) => e.type),
          ["learning.custom", "learning.custom"],
        );
        assert.equal(u[0]?.eventId, reg?.id);
        assert.equal(l[0]?.eventId, learn?.id);
      }));

    test("one aggregate's events arrive in the order they were emitted", () =>
      withBus(async (h) => {
        const c = unique("c-order");
        recordEffects(h, c, ["learning-events"]);
        const aggregates = [unique("a"), unique("b"), unique("c"), unique("d")];
        const perAggregate = 8;
        for (let i = 0; i < perAggregate; i++) {
          for (const a of aggregates) await emitCommitted(h, learning(a, i));
        }
        // Some events emitted together in one transaction, too.
        await emitCommitted(h, ...aggregates.map((a) => learning(a, perAggregate)));
        const total = aggregates.length * (perAggregate + 1);
        await eventually(`${total} effects`, async () => (await effects(h.db, c)).length >= total);
        const seen = await effects(h.db, c);
        assert.equal(seen.length, total, "each event applied once");
        for (const a of aggregates) {
          assert.deepEqual(
            seen.filter((e) => e.aggregate === a).map((e) => e.seq),
            Array.from({ length: perAggregate + 1 }, (_, i) => i),
            `order of ${a}`,
          );
        }
      }));

    test("consumers in two groups each get every event", () =>
      withBus(async (h) => {
        const g1 = unique("c-group1");
        const g2 = unique("c-group2");
        recordEffects(h, g1, ["learning-events"]);
        recordEffects(h, g2, ["learning-events"]);
        const events: DomainEvent[] = [];
        for (let i = 0; i < 6; i++) events.push(...(await emitCommitted(h, learning(unique("agg"), i))));
        const ids = events.map((e) => e.id).sort();
        await eventually("both groups", async () => {
          return (await effects(h.db, g1)).length >= 6 && (await effects(h.db, g2)).length >= 6;
        });
        assert.deepEqual((await effects(h.db, g1)).map((e) => e.eventId).sort(), ids);
        assert.deepEqual((await effects(h.db, g2)).map((e) => e.eventId).sort(), ids);
      }));

    test("an event published twice (relay died before marking it) takes effect once", () =>
      withBus(async (h) => {
        const c = unique("c-dup");
        const deliveries = new Map<string, number>();
        // A plain subscriber sees every copy; the consume() one applies each event once.
        h.bus.subscribe(unique("c-dup-raw"), ["learning-events"], async (e) => {
          deliveries.set(e.id, (deliveries.get(e.id) ?? 0) + 1);
        });
        recordEffects(h, c, ["learning-events"]);
        const a = unique("agg");
        const [first] = await emitCommitted(h, learning(a, 0));
        assert.ok(first);
        await eventually("the first delivery", async () => (await effects(h.db, c)).length >= 1);
        await h.bus.publish("learning-events", first);
        // A later event of the same aggregate arrives after the duplicate.
        await emitCommitted(h, learning(a, 1));
        await eventually("the later event", async () => (await effects(h.db, c)).length >= 2);
        await eventually("the raw subscriber", async () => deliveries.size >= 2);
        assert.equal(deliveries.get(first.id), 2, "delivered twice");
        const seen = await effects(h.db, c);
        assert.deepEqual(
          seen.map((e) => e.seq),
          [0, 1],
          "applied once",
        );
      }));

    test("a handler that fails twice then succeeds is retried and takes effect once", () =>
      withBus(async (h) => {
        const c = unique("c-flaky");
        const a = unique("agg");
        let calls = 0;
        recordEffects(h, c, ["learning-events"], (e) => {
          if (e.aggregateId !== a) return;
          calls++;
          if (calls <= 2) throw new Error(`flaky handler, call ${calls}`);
        });
        await emitCommitted(h, learning(a, 0));
        await eventually("the effect", async () => (await effects(h.db, c)).length >= 1);
        await emitCommitted(h, learning(a, 1));
        await eventually("the next event", async () => (await effects(h.db, c)).length >= 2);
        assert.equal(calls, 4, "three calls for the flaky event, one for the next");
        assert.deepEqual(
          (await effects(h.db, c)).map((e) => e.seq),
          [0, 1],
        );
      }));

    test("a poison record ends in dead letters and later events still flow", () =>
      withBus(async (h) => {
        const c = unique("c-poison");
        recordEffects(h, c, ["learning-events"]);
        const a = unique("agg");
        const marker = unique("poison");
        await h.injectPoison("learning-events", a, marker);
        await emitCommitted(h, learning(a, 0), learning(a, 1));
        await eventually("events after the poison", async () => (await effects(h.db, c)).length >= 2);
        await eventually(
          "the dead letter",
          async () => (await h.deadLetters("learning-events", marker)) >= 1,
        );
        assert.equal(await h.deadLetters("learning-events", marker), 1);
        assert.deepEqual(
          (await effects(h.db, c)).map((e) => e.seq),
          [0, 1],
        );
      }));

    test("a rolled-back transaction emits nothing", () =>
      withBus(async (h) => {
        const c = unique("c-rollback");
        recordEffects(h, c, ["learning-events"]);
        const a = unique("agg");
        await assert.rejects(
          h.db.transaction(async (tx) => {
            await emit(tx, learning(a, 0, "rolled-back"));
            throw new Error("the change failed");
          }),
          /the change failed/,
        );
        h.relay.wake();
        await emitCommitted(h, learning(a, 1));
        await eventually("the committed event", async () => (await effects(h.db, c)).length >= 1);
        assert.deepEqual(
          (await effects(h.db, c)).map((e) => e.seq),
          [1],
        );
      }));
  });
}
