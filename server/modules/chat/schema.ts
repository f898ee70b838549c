import { index, jsonb, pgSchema, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

export const chatSchema = pgSchema("chat");

/** One row per message of a course's room; deleted messages keep their row with the body cleared. */
export const messages = chatSchema.table(
  "messages",
  {
    id: text("id").primaryKey(),
    courseId: text("course_id").notNull(),
    userId: text("user_id").notNull(),
    /** The author's display name when the message was posted. */
    authorName: text("author_name").notNull(),
    body: text("body").notNull(),
    mentions: jsonb("mentions").$type<string[]>().notNull().default([]),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    editedAt: timestamp("edited_at", { withTimezone: true }),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    deletedBy: text("deleted_by"),
  },
  // History pages walk a room newest first.
  (t) => [index("messages_room_idx").on(t.courseId, t.createdAt, t.id)],
);

/** A learner muted in a course's room until a time (by an administrator). */
export const mutes = chatSchema.table(
  "mutes",
  {
    courseId: text("course_id").notNull(),
    userId: text("user_id").notNull(),
    until: timestamp("until", { withTimezone: true }).notNull(),
    mutedBy: text("muted_by").notNull(),
  },
  (t) => [primaryKey({ columns: [t.courseId, t.userId] })],
);
