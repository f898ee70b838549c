import { customType, index, jsonb, pgSchema, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import type { SessionRun } from "../../../common/api.ts";

export const sessionsSchema = pgSchema("sessions");

/** bytea as bytes: pg gives a Buffer, PGlite a Uint8Array; both are Uint8Array. */
const bytes = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
  toDriver: (v) => Buffer.from(v.buffer, v.byteOffset, v.byteLength),
  fromDriver: (v) => v,
});

/** A live coding session on an exercise: its host, its shared document (a Yjs update), its last run. */
export const sessions = sessionsSchema.table(
  "sessions",
  {
    id: text("id").primaryKey(),
    exerciseId: text("exercise_id").notNull(),
    courseId: text("course_id").notNull(),
    hostId: text("host_id").notNull(),
    hostName: text("host_name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    /** The whole document as one Yjs update (every process's changes merged in). */
    doc: bytes("doc").notNull(),
    docUpdatedAt: timestamp("doc_updated_at", { withTimezone: true }).notNull(),
    lastRun: jsonb("last_run").$type<SessionRun>(),
  },
  (t) => [index("sessions_host_idx").on(t.hostId, t.createdAt)],
);

/** Everyone who opened the session's link (the host included). */
export const participants = sessionsSchema.table(
  "participants",
  {
    sessionId: text("session_id").notNull(),
    userId: text("user_id").notNull(),
    displayName: text("display_name").notNull(),
    joinedAt: timestamp("joined_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.userId] }), index("participants_user_idx").on(t.userId)],
);

/** The session's own chat. */
export const messages = sessionsSchema.table(
  "messages",
  {
    id: text("id").primaryKey(),
    sessionId: text("session_id").notNull(),
    userId: text("user_id").notNull(),
    authorName: text("author_name").notNull(),
    body: text("body").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("session_messages_idx").on(t.sessionId, t.createdAt, t.id)],
);
