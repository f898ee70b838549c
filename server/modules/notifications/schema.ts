import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  index,
  integer,
  pgSchema,
  primaryKey,
  text,
  timestamp,
} from "drizzle-orm/pg-core";

export const notificationsSchema = pgSchema("notifications");

/** The in-app inbox. `seq` orders it (newest first) and is the pagination cursor. */
export const inbox = notificationsSchema.table(
  "inbox",
  {
    id: text("id").primaryKey(),
    seq: bigserial("seq", { mode: "number" }).notNull().unique(),
    userId: text("user_id").notNull(),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    link: text("link"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp("read_at", { withTimezone: true }),
  },
  (t) => [
    index("inbox_user_seq_idx").on(t.userId, t.seq),
    index("inbox_unread_idx").on(t.userId).where(sql`${t.readAt} is null`),
    index("inbox_created_idx").on(t.createdAt),
  ],
);

/** Explicit choices only: a missing row means the kind's default for that channel. */
export const preferences = notificationsSchema.table(
  "preferences",
  {
    userId: text("user_id").notNull(),
    kind: text("kind").notNull(),
    channel: text("channel", { enum: ["in_app", "email"] }).notNull(),
    enabled: boolean("enabled").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind, t.channel] })],
);

/**
 * Outgoing mail. Without SMTP_URL a message is `captured` (kept here for the admin mailbox); with it a
 * message is `pending` until the sender delivers it (`sent`) or gives up (`failed`).
 */
export const mail = notificationsSchema.table(
  "mail",
  {
    id: text("id").primaryKey(),
    seq: bigserial("seq", { mode: "number" }).notNull().unique(),
    userId: text("user_id"),
    notificationId: text("notification_id"),
    kind: text("kind").notNull(),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    html: text("html").notNull(),
    status: text("status", { enum: ["captured", "pending", "sent", "failed"] }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    error: text("error"),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [index("mail_due_idx").on(t.status, t.nextAttemptAt), index("mail_to_idx").on(t.to, t.seq)],
);

/**
 * What a learner did each day, counted from the events this module consumes: the weekly digest is
 * built from it (and the inbox) without reading any other module's tables.
 */
export const activityDays = notificationsSchema.table(
  "activity_days",
  {
    userId: text("user_id").notNull(),
    day: text("day").notNull(),
    lessonsCompleted: integer("lessons_completed").notNull().default(0),
    exercisesPassed: integer("exercises_passed").notNull().default(0),
    attempts: integer("attempts").notNull().default(0),
    coursesCompleted: integer("courses_completed").notNull().default(0),
    achievementsUnlocked: integer("achievements_unlocked").notNull().default(0),
    mentions: integer("mentions").notNull().default(0),
    bestStreak: integer("best_streak").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.userId, t.day] }), index("activity_days_day_idx").on(t.day)],
);

/** One row: when the timer sends the next weekly digest (claimed atomically, so one replica sends it). */
export const digestSchedule = notificationsSchema.table("digest_schedule", {
  id: integer("id").primaryKey(),
  nextRunAt: timestamp("next_run_at", { withTimezone: true }).notNull(),
  lastRunAt: timestamp("last_run_at", { withTimezone: true }),
});
