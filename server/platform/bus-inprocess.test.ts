/**
 * The EventBus contract on the embedded default: the in-process bus fed by the outbox relay, over an
 * in-memory PGlite. Poison rows are outbox rows that are not valid events; the relay parks them in
 * platform.dead_letters.
 */
import { randomUUID } from "node:crypto";
import { after, before } from "node:test";
import { sql } from "drizzle-orm";
import { InProcessBus, OutboxRelay } from "./bus.ts";
import { busContract, CONTRACT_EFFECTS_DDL } from "./bus-contract.ts";
import { type Database, openDatabase } from "./db.ts";
import { createLogger } from "./logger.ts";
import { outbox } from "./schema.ts";

const log = createLogger("silent");
let database: Database;

before(async () => {
  database = await openDatabase({ dataDir: "memory://", logger: log });
  await database.migrate(new URL("./migrations", import.meta.url).pathname, "platform");
  await database.db.execute(CONTRACT_EFFECTS_DDL);
});
after(() => database?.close());

busContract("in-process", async () => {
  const bus = new InProcessBus();
  const relay = new OutboxRelay(database.db, bus, log, 20);
  relay.start();
  const db = database.db;
  return {
    bus,
    relay,
    db,
    async injectPoison(topic, key, marker) {
      await db.insert(outbox).values({
        id: randomUUID(),
        topic,
        key,
        type: "learning.custom",
        event: { marker, note: "not an event" },
      });
      relay.wake();
    },
    async deadLetters(_topic, marker) {
      const r = await db.execute(
        sql`select count(*)::int as n from platform.dead_letters where event::text like ${`%${marker}%`}`,
      );
      return Number((r as unknown as { rows: Array<{ n: number }> }).rows[0]?.n ?? 0);
    },
    async close() {
      await relay.stop();
      await bus.close();
    },
  };
});
