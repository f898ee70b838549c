/** The catalog: courses and their lessons and exercises, imported from curriculum files. */
import { createHash } from "node:crypto";
import { and, asc, eq, ilike, or, sql } from "drizzle-orm";
import type {
  CourseDetail,
  CourseItem,
  CourseSummary,
  Exercise,
  Lesson,
  Level,
} from "../../../common/api.ts";
import { emit } from "../../platform/bus.ts";
import type { Cache } from "../../platform/cache.ts";
import type { Db } from "../../platform/db.ts";
import { AppError } from "../../platform/errors.ts";
import type { CourseFile, ExerciseFile, LessonFile } from "./curriculum/types.ts";
import { courses, courseVersions, items, type OutlineModule } from "./schema.ts";

type CourseRow = typeof courses.$inferSelect;
type ItemRow = typeof items.$inferSelect;

export interface OutlineItem {
  kind: "lesson" | "exercise";
  id: string;
  title: string;
}
export interface CourseOutline {
  id: string;
  slug: string;
  title: string;
  items: OutlineItem[];
}
export interface RunnableExercise {
  id: string;
  courseId: string;
  version: string;
  starter: Record<string, string>;
  tests: Record<string, string>;
  limits: Record<string, number>;
  hints: string[];
  goVersion: string;
}
export interface ImportResult {
  imported: string[];
  unchanged: string[];
}

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const exerciseVersion = (e: ExerciseFile): string =>
  sha256(JSON.stringify([e.id, e.tests, e.limits, e.goVersion, Object.keys(e.starter).sort()]));

function summary(c: CourseRow, its: Pick<ItemRow, "kind" | "minutes">[]): CourseSummary {
  return {
    id: c.id,
    slug: c.slug,
    title: c.title,
    summary: c.summary,
    level: c.level,
    tags: c.tags,
    lessonCount: its.filter((i) => i.kind === "lesson").length,
    exerciseCount: its.filter((i) => i.kind === "exercise").length,
    minutes: its.reduce((n, i) => n + i.minutes, 0),
  };
}

/**
 * Catalog reads are cached: content changes only on import, which clears the cache here and, through
 * the live bus, in every other process (index.ts). The TTL bounds what a lost message can cost.
 */
const CACHE_TTL_MS = 30_000;

export class CatalogService {
  private readonly db: Db;
  private readonly afterCommit: () => void;
  private readonly cache: Cache;

  constructor(db: Db, afterCommit: () => void, cache: Cache) {
    this.db = db;
    this.afterCommit = afterCommit;
    this.cache = cache;
  }

  private async cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.cache.get<T>(`catalog:${key}`);
    if (hit !== undefined) return hit;
    const value = await load();
    this.cache.set(`catalog:${key}`, value, CACHE_TTL_MS);
    return value;
  }

  /** Idempotent: a course whose content hash is unchanged is left alone. */
  async importCourses(files: CourseFile[]): Promise<ImportResult> {
    const result: ImportResult = { imported: [], unchanged: [] };
    for (const c of files) {
      const [existing] = await this.db.select().from(courses).where(eq(courses.id, c.id));
      if (existing?.contentHash === c.contentHash) {
        result.unchanged.push(c.slug);
        continue;
      }
      await this.db.transaction(async (tx) => {
        const outline: OutlineModule[] = c.modules.map((m) => ({
          id: m.id,
          title: m.title,
          itemIds: m.items.map((i) => i.id),
        }));
        const row = {
          id: c.id,
          slug: c.slug,
          title: c.title,
          summary: c.summary,
          description: c.description,
          level: c.level,
          tags: c.tags,
          outline,
          contentHash: c.contentHash,
          updatedAt: new Date(),
        };
        await tx.insert(courses).values(row).onConflictDoUpdate({ target: courses.id, set: row });
        await tx.delete(items).where(eq(items.courseId, c.id));
        const all = c.modules.flatMap((m) => m.items);
        if (all.length > 0)
          await tx.insert(items).values(all.map((it, position) => itemRow(c.id, position, it)));
        await tx
          .insert(courseVersions)
          .values({ courseId: c.id, contentHash: c.contentHash })
          .onConflictDoNothing();
        await emit(tx, {
          type: "course.published",
          actor: "system",
          aggregateId: c.id,
          payload: { courseId: c.id, slug: c.slug, contentHash: c.contentHash },
        });
      });
      result.imported.push(c.slug);
    }
    if (result.imported.length > 0) {
      this.forgetCached();
      this.afterCommit();
    }
    return result;
  }

  /** Drops every cached catalog read of this process. */
  forgetCached(): void {
    this.cache.invalidate("catalog:");
  }

  async list(q: {
    q?: string | undefined;
    level?: Level | undefined;
    tag?: string | undefined;
  }): Promise<{ courses: CourseSummary[]; tags: string[] }> {
    return this.cached(`list:${JSON.stringify([q.q ?? "", q.level ?? "", q.tag ?? ""])}`, () =>
      this.listUncached(q),
    );
  }

  private async listUncached(q: {
    q?: string | undefined;
    level?: Level | undefined;
    tag?: string | undefined;
  }): Promise<{ courses: CourseSummary[]; tags: string[] }> {
    const conds = [];
    if (q.level) conds.push(eq(courses.level, q.level));
    if (q.tag) conds.push(sql`${courses.tags} @> ${JSON.stringify([q.tag])}::jsonb`);
    if (q.q?.trim()) {
      const like = `%${q.q.trim().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      conds.push(
        or(
          ilike(courses.title, like),
          ilike(courses.summary, like),
          sql`${courses.tags}::text ilike ${like}`,
        ),
      );
    }
    const rows = await this.db
      .select()
      .from(courses)
      .where(and(...conds))
      .orderBy(asc(courses.title));
    const counts = await this.db
      .select({ courseId: items.courseId, kind: items.kind, minutes: items.minutes })
      .from(items);
    const all = await this.db.select({ tags: courses.tags }).from(courses);
    const tags = [...new Set(all.flatMap((r) => r.tags))].sort();
    return {
      courses: rows.map((c) =>
        summary(
          c,
          counts.filter((i) => i.courseId === c.id),
        ),
      ),
      tags,
    };
  }

  async course(slug: string): Promise<CourseDetail> {
    return this.cached(`course:${slug}`, () => this.courseUncached(slug));
  }

  private async courseUncached(slug: string): Promise<CourseDetail> {
    const c = await this.courseRow(slug);
    const its = await this.db
      .select({
        id: items.id,
        kind: items.kind,
        slug: items.slug,
        title: items.title,
        minutes: items.minutes,
        difficulty: items.difficulty,
      })
      .from(items)
      .where(eq(items.courseId, c.id));
    const byId = new Map(its.map((i) => [i.id, i]));
    return {
      ...summary(c, its),
      description: c.description,
      modules: c.outline.map((m) => ({
        id: m.id,
        title: m.title,
        items: m.itemIds.flatMap((id): CourseItem[] => {
          const i = byId.get(id);
          if (!i) return [];
          return [
            {
              kind: i.kind,
              id: i.id,
              slug: i.slug,
              title: i.title,
              minutes: i.minutes,
              ...(i.difficulty ? { difficulty: i.difficulty } : {}),
            },
          ];
        }),
      })),
    };
  }

  async outline(courseIdOrSlug: string): Promise<CourseOutline> {
    return this.cached(`outline:${courseIdOrSlug}`, () => this.outlineUncached(courseIdOrSlug));
  }

  private async outlineUncached(courseIdOrSlug: string): Promise<CourseOutline> {
    const c = await this.courseRow(courseIdOrSlug);
    const its = await this.db
      .select({ id: items.id, kind: items.kind, title: items.title })
      .from(items)
      .where(eq(items.courseId, c.id))
      .orderBy(asc(items.position));
    return { id: c.id, slug: c.slug, title: c.title, items: its };
  }

  async lesson(id: string): Promise<Lesson> {
    const { row, course, prev, next } = await this.itemInCourse(id, "lesson");
    return {
      id: row.id,
      slug: row.slug,
      title: row.title,
      minutes: row.minutes,
      body: row.body,
      courseId: course.id,
      courseSlug: course.slug,
      courseTitle: course.title,
      prev,
      next,
    };
  }

  async exercise(id: string): Promise<Exercise> {
    const { row, course, prev, next } = await this.itemInCourse(id, "exercise");
    return {
      id: row.id,
      slug: row.slug,
      title: row.title,
      difficulty: row.difficulty ?? "easy",
      minutes: row.minutes,
      concepts: row.concepts ?? [],
      instructions: row.body,
      hintCount: row.hints?.length ?? 0,
      starter: row.starter ?? {},
      courseId: course.id,
      courseSlug: course.slug,
      courseTitle: course.title,
      prev,
      next,
    };
  }

  /** Cached like every catalog read: each attempt, draft, hint and live session run asks for it. */
  runnable(id: string): Promise<RunnableExercise> {
    return this.cached(`runnable:${id}`, () => this.runnableUncached(id));
  }

  private async runnableUncached(id: string): Promise<RunnableExercise> {
    const [row] = await this.db
      .select()
      .from(items)
      .where(and(eq(items.id, id), eq(items.kind, "exercise")));
    if (!row) throw new AppError("not_found", "Exercise not found");
    return {
      id: row.id,
      courseId: row.courseId,
      version: row.version,
      starter: row.starter ?? {},
      tests: row.tests ?? {},
      limits: row.limits ?? {},
      hints: row.hints ?? [],
      goVersion: row.goVersion,
    };
  }

  item(id: string): Promise<{ id: string; kind: "lesson" | "exercise"; courseId: string; title: string }> {
    return this.cached(`item:${id}`, () => this.itemUncached(id));
  }

  private async itemUncached(
    id: string,
  ): Promise<{ id: string; kind: "lesson" | "exercise"; courseId: string; title: string }> {
    const [row] = await this.db
      .select({ id: items.id, kind: items.kind, courseId: items.courseId, title: items.title })
      .from(items)
      .where(eq(items.id, id));
    if (!row) throw new AppError("not_found", "Lesson or exercise not found");
    return row;
  }

  private async courseRow(idOrSlug: string): Promise<CourseRow> {
    const [c] = await this.db
      .select()
      .from(courses)
      .where(or(eq(courses.slug, idOrSlug), eq(courses.id, idOrSlug)));
    if (!c) throw new AppError("not_found", "Course not found");
    return c;
  }

  private async itemInCourse(id: string, kind: "lesson" | "exercise") {
    const [row] = await this.db
      .select()
      .from(items)
      .where(and(eq(items.id, id), eq(items.kind, kind)));
    if (!row) throw new AppError("not_found", `${kind === "lesson" ? "Lesson" : "Exercise"} not found`);
    const o = await this.outline(row.courseId);
    const at = o.items.findIndex((i) => i.id === id);
    const ref = (i: OutlineItem | undefined) => (i ? { kind: i.kind, id: i.id, title: i.title } : null);
    const course = { id: o.id, slug: o.slug, title: o.title };
    return { row, course, prev: ref(o.items[at - 1]), next: ref(o.items[at + 1]) };
  }
}

function itemRow(
  courseId: string,
  position: number,
  it: LessonFile | ExerciseFile,
): typeof items.$inferInsert {
  if (it.kind === "lesson") {
    return {
      id: it.id,
      courseId,
      position,
      kind: "lesson",
      slug: it.slug,
      title: it.title,
      minutes: it.minutes,
      body: it.body,
      version: sha256(it.body),
    };
  }
  return {
    id: it.id,
    courseId,
    position,
    kind: "exercise",
    slug: it.slug,
    title: it.title,
    minutes: it.minutes,
    body: it.instructions,
    difficulty: it.difficulty,
    concepts: it.concepts,
    hints: it.hints,
    starter: it.starter,
    solution: it.solution,
    tests: it.tests,
    limits: { ...it.limits },
    goVersion: it.goVersion,
    version: exerciseVersion(it),
  };
}
