import { sql } from "drizzle-orm";
import {
  bigint,
  customType,
  index,
  integer,
  jsonb,
  pgSchema,
  primaryKey,
  text,
  timestamp,
} from "drizzle-orm/pg-core";
import type { LatencyJson } from "./latency.ts";
import type { SourceMark } from "./windows.ts";

export const analyticsSchema = pgSchema("analytics");

/** bytea as bytes: pg gives a Buffer, PGlite a Uint8Array; both are Uint8Array. */
const bytes = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
  toDriver: (v) => Buffer.from(v.buffer, v.byteOffset, v.byteLength),
  fromDriver: (v) => v,
});

/**
 * One row per window and scope: `global` or `course:<id>`, at 1m, 1h or 1d. Revision 0 while the
 * window is open (a live, provisional value), 1 once the watermark closes it, +1 per late update.
 */
export const series = analyticsSchema.table(
  "series",
  {
    scope: text("scope").notNull(),
    resolution: text("resolution", { enum: ["1m", "1h", "1d"] }).notNull(),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    windowEnd: timestamp("window_end", { withTimezone: true }).notNull(),
    revision: integer("revision").notNull().default(0),
    /** Serialized HyperLogLog of the learners (hll.ts). */
    learners: bytes("learners").notNull(),
    /** Its estimate, kept beside it so reads need not decode the sketch. */
    uniqueLearners: integer("unique_learners").notNull(),
    lessonViews: integer("lesson_views").notNull().default(0),
    lessonCompletions: integer("lesson_completions").notNull().default(0),
    exercisesStarted: integer("exercises_started").notNull().default(0),
    attempts: integer("attempts").notNull().default(0),
    passedAttempts: integer("passed_attempts").notNull().default(0),
    passes: integer("passes").notNull().default(0),
    hintsRevealed: integer("hints_revealed").notNull().default(0),
    customEvents: integer("custom_events").notNull().default(0),
    events: integer("events").notNull().default(0),
    /** Verdict latency summary (latency.ts). */
    latency: jsonb("latency").$type<LatencyJson>().notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.scope, t.resolution, t.windowStart] }),
    // Windows still open, found by end when the watermark moves.
    index("series_open_idx").on(t.windowEnd).where(sql`${t.revision} = 0`),
    // Top courses and retention scans by time.
    index("series_resolution_start_idx").on(t.resolution, t.windowStart),
  ],
);

/** The watermark of a consumer stream, and how many events it dropped as too late. */
export const streams = analyticsSchema.table("streams", {
  stream: text("stream").primaryKey(),
  /** Epoch ms; null until the first event. */
  watermark: bigint("watermark", { mode: "number" }),
  maxEventTime: bigint("max_event_time", { mode: "number" }),
  droppedLate: bigint("dropped_late", { mode: "number" }).notNull().default(0),
  /** Watermark per ordered source (Kafka topic#partition, or the outbox): see windows.ts. */
  sources: jsonb("sources").$type<Record<string, SourceMark>>().notNull().default({}),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
