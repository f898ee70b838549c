import { boolean, index, integer, jsonb, pgSchema, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import type { Verdict } from "../../../common/api.ts";

export const progress = pgSchema("progress");

export const completions = progress.table(
  "completions",
  {
    userId: text("user_id").notNull(),
    itemId: text("item_id").notNull(),
    courseId: text("course_id").notNull(),
    kind: text("kind", { enum: ["lesson", "exercise"] }).notNull(),
    completedAt: timestamp("completed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.itemId] }),
    index("completions_course_idx").on(t.userId, t.courseId),
  ],
);

export const attempts = progress.table(
  "attempts",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull(),
    exerciseId: text("exercise_id").notNull(),
    courseId: text("course_id").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    passed: boolean("passed").notNull(),
    status: text("status").notNull(),
    testsPassed: integer("tests_passed").notNull(),
    testsTotal: integer("tests_total").notNull(),
    verdict: jsonb("verdict").$type<Verdict>().notNull(),
    files: jsonb("files").$type<Record<string, string>>().notNull(),
  },
  (t) => [index("attempts_user_exercise_idx").on(t.userId, t.exerciseId, t.createdAt)],
);

export const drafts = progress.table(
  "drafts",
  {
    userId: text("user_id").notNull(),
    exerciseId: text("exercise_id").notNull(),
    files: jsonb("files").$type<Record<string, string>>().notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.exerciseId] })],
);

export const hintsRevealed = progress.table(
  "hints_revealed",
  {
    userId: text("user_id").notNull(),
    exerciseId: text("exercise_id").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.exerciseId] })],
);

export const achievements = progress.table(
  "achievements",
  {
    userId: text("user_id").notNull(),
    code: text("code").notNull(),
    unlockedAt: timestamp("unlocked_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.code] })],
);

export const streaks = progress.table("streaks", {
  userId: text("user_id").primaryKey(),
  current: integer("current").notNull(),
  longest: integer("longest").notNull(),
  lastActiveDay: text("last_active_day"),
});

export const courseCompletions = progress.table(
  "course_completions",
  {
    userId: text("user_id").notNull(),
    courseId: text("course_id").notNull(),
    completedAt: timestamp("completed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.courseId] })],
);
