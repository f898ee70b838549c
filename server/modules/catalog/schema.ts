import { index, integer, jsonb, pgSchema, text, timestamp } from "drizzle-orm/pg-core";

export const catalog = pgSchema("catalog");

export interface OutlineModule {
  id: string;
  title: string;
  itemIds: string[];
}

export const courses = catalog.table("courses", {
  id: text("id").primaryKey(),
  slug: text("slug").notNull().unique(),
  title: text("title").notNull(),
  summary: text("summary").notNull(),
  description: text("description").notNull(),
  level: text("level", { enum: ["beginner", "intermediate", "advanced"] }).notNull(),
  tags: jsonb("tags").$type<string[]>().notNull(),
  outline: jsonb("outline").$type<OutlineModule[]>().notNull(),
  contentHash: text("content_hash").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Lessons and exercises. Exercise-only columns are null for lessons. */
export const items = catalog.table(
  "items",
  {
    id: text("id").primaryKey(),
    courseId: text("course_id")
      .notNull()
      .references(() => courses.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    kind: text("kind", { enum: ["lesson", "exercise"] }).notNull(),
    slug: text("slug").notNull(),
    title: text("title").notNull(),
    minutes: integer("minutes").notNull(),
    body: text("body").notNull(),
    difficulty: text("difficulty", { enum: ["easy", "medium", "hard"] }),
    concepts: jsonb("concepts").$type<string[]>(),
    hints: jsonb("hints").$type<string[]>(),
    starter: jsonb("starter").$type<Record<string, string>>(),
    solution: jsonb("solution").$type<Record<string, string>>(),
    tests: jsonb("tests").$type<Record<string, string>>(),
    limits: jsonb("limits").$type<Record<string, number>>(),
    /** The go.mod language version the exercise's runs use. */
    goVersion: text("go_version").notNull().default("1.22"),
    /** sha256 of everything that decides a verdict: part of the runner's cache key. */
    version: text("version").notNull(),
  },
  (t) => [index("items_course_idx").on(t.courseId, t.position)],
);

/** Every content version ever imported, for audit and cache keys. */
export const courseVersions = catalog.table("course_versions", {
  courseId: text("course_id").notNull(),
  contentHash: text("content_hash").notNull().primaryKey(),
  importedAt: timestamp("imported_at", { withTimezone: true }).notNull().defaultNow(),
});
