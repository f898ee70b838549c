import { pgSchema, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

export const enrollmentSchema = pgSchema("enrollment");

export const enrollments = enrollmentSchema.table(
  "enrollments",
  {
    userId: text("user_id").notNull(),
    courseId: text("course_id").notNull(),
    courseSlug: text("course_slug").notNull(),
    enrolledAt: timestamp("enrolled_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.courseId] })],
);
