/** Tables of the platform kernel itself (not of any module): the outbox and consumer bookkeeping. */
import { bigserial, index, integer, jsonb, pgSchema, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

export const platform = pgSchema("platform");

export const outbox = platform.table(
  "outbox",
  {
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    id: text("id").notNull().unique(),
    topic: text("topic").notNull(),
    key: text("key").notNull(),
    type: text("type").notNull(),
    event: jsonb("event").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lastError: text("last_error"),
  },
  (t) => [index("outbox_unpublished_idx").on(t.publishedAt, t.seq)],
);

export const processedEvents = platform.table(
  "processed_events",
  {
    consumer: text("consumer").notNull(),
    eventId: text("event_id").notNull(),
    processedAt: timestamp("processed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.consumer, t.eventId] })],
);

export const deadLetters = platform.table("dead_letters", {
  seq: bigserial("seq", { mode: "number" }).primaryKey(),
  eventId: text("event_id").notNull(),
  consumer: text("consumer").notNull(),
  event: jsonb("event").notNull(),
  error: text("error").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
