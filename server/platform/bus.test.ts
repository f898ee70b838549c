import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { consume, emit, InProcessBus, OutboxRelay } from "./bus.ts";
import { type Database, openDatabase, type Tx } from "./db.ts";
import type { DomainEvent } from "./events.ts";
import { createLogger } from "./logger.ts";

const log = createLogger("silent");
let database: Database;

before(async () => {
  database = await openDatabase({ dataDir: "memory://", logger: log });
  await database.migrate(new URL("./migrations", import.meta.url).pathname, "platform");
  await database.db.execute(sql`create table effects (event_id text, consumer text)`);
});
after(() => database.close());

const registered = (userId: string) =>
  ({
    type: "user.registered",
    actor: userId,
    aggregateId: userId,
    payload: { userId, email: `${userId}@x.test`, displayName: "X" },
  }) as const;

async function effects(consumer: string): Promise<number> {
  const r = await database.db.execute(
    sql`select count(*)::int as n from effects where consumer = ${consumer}`,
  );
  return Number((r as unknown as { rows: Array<{ n: number }> }).rows[0]?.n);
}

describe("outbox and in-process bus", () => {
  test("a committed event reaches a consumer once, even when published twice", async () => {
    const bus = new InProcessBus();
    const relay = new OutboxRelay(database.db, bus, log);
    let deliveries = 0;
    bus.subscribe("counter", ["user-events"], async () => {
      deliveries++;
    });
    consume(bus, database.db, "c1", ["user-events"], async (e, tx) => {
      await tx.execute(sql`insert into effects values (${e.id}, 'c1')`);
    });
    const [e] = await database.db.transaction((tx) => emit(tx, registered("u1")));
    await relay.drain();
    assert.equal(await effects("c1"), 1);
    // The relay died between publish and mark: the same event is delivered again.
    assert.ok(e);
    await bus.publish("user-events", e);
    assert.equal(await effects("c1"), 1);
    assert.equal(deliveries, 2, "delivered twice, applied once");
  });

  test("a rolled-back transaction emits nothing", async () => {
    const bus = new InProcessBus();
    const relay = new OutboxRelay(database.db, bus, log);
    let delivered = 0;
    bus.subscribe("c2", ["user-events"], async () => {
      delivered++;
    });
    await assert.rejects(
      database.db.transaction(async (tx) => {
        await emit(tx, registered("u2"));
        throw new Error("the change failed");
      }),
    );
    await relay.drain();
    assert.equal(delivered, 0);
  });

  test("a failing consumer is retried later and nothing is lost", async () => {
    const bus = new InProcessBus();
    const relay = new OutboxRelay(database.db, bus, log, 20);
    let fail = true;
    consume(bus, database.db, "c3", ["user-events"], async (e, tx) => {
      if (fail) throw new Error("consumer down");
      await tx.execute(sql`insert into effects values (${e.id}, 'c3')`);
    });
    await database.db.transaction((tx) => emit(tx, registered("u3")));
    await relay.drain();
    assert.equal(await effects("c3"), 0);
    assert.ok((await relay.backlog()) >= 1);
    fail = false;
    relay.start();
    const deadline = Date.now() + 10_000;
    while ((await relay.backlog()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await relay.stop();
    assert.equal(await relay.backlog(), 0);
    assert.ok((await effects("c3")) >= 1);
  });

  test("the relay delivers ready rows as one batch in one consumer transaction, in order", async () => {
    const bus = new InProcessBus();
    const relay = new OutboxRelay(database.db, bus, log);
    const batches: number[] = [];
    const order: string[] = [];
    bus.subscribe(
      "batch-seen",
      ["user-events"],
      async (e) => {
        batches.push(1);
        order.push(e.aggregateId);
      },
      async (events) => {
        batches.push(events.length);
        order.push(...events.map((e) => e.aggregateId));
      },
    );
    consume(bus, database.db, "c4", ["user-events"], async (e, tx) => {
      await tx.execute(sql`insert into effects values (${e.id}, 'c4')`);
    });
    const ids = ["b1", "b2", "b3", "b4", "b5"];
    await database.db.transaction((tx) => emit(tx, ...ids.map(registered)));
    await relay.drain();
    assert.deepEqual(batches, [5]);
    assert.deepEqual(order, ids);
    assert.equal(await effects("c4"), 5);
    assert.equal(await relay.backlog(), 0);
  });

  test("one event a consumer rejects fails its batch; the rest are then applied once, one at a time", async () => {
    const bus = new InProcessBus();
    const relay = new OutboxRelay(database.db, bus, log);
    let batchCalls = 0;
    consume(bus, database.db, "c5", ["user-events"], {
      apply: async (e: DomainEvent, tx: Tx) => {
        if (e.aggregateId === "p3") throw new Error("poison");
        await tx.execute(sql`insert into effects values (${e.id}, 'c5')`);
      },
      applyMany: async (events: DomainEvent[], tx: Tx) => {
        batchCalls++;
        for (const e of events) {
          if (e.aggregateId === "p3") throw new Error("poison");
          await tx.execute(sql`insert into effects values (${e.id}, 'c5')`);
        }
      },
    });
    await database.db.transaction((tx) => emit(tx, ...["p1", "p2", "p3", "p4"].map(registered)));
    await relay.drain();
    assert.equal(batchCalls, 1);
    // p1 and p2 went before p3 failed and back-off held the pass; p4 follows on a later pass.
    const deadline = Date.now() + 10_000;
    while ((await effects("c5")) < 3 && Date.now() < deadline) {
      relay.wake();
      await relay.drain();
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(await effects("c5"), 3, "everything but the poison event, each once");
    const stuck = await database.db.execute(
      sql`select attempts, last_error as "lastError" from platform.outbox
          where published_at is null and event->>'aggregateId' = 'p3'`,
    );
    const row = (stuck as unknown as { rows: Array<{ attempts: number; lastError: string }> }).rows[0];
    assert.ok(row && row.attempts >= 1 && /poison/.test(row.lastError), JSON.stringify(row));
  });
});
