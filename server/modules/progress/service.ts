/** A learner's work: drafts, attempts, hints, completions, streaks and achievements. */
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, gte, inArray, lte, or, sql } from "drizzle-orm";
import type {
  Achievement,
  Attempt,
  AttemptSummary,
  CourseProgress,
  Dashboard,
  Draft,
  Files,
  Hints,
  Leaderboard,
  LeaderboardEntry,
  LeaderboardPeriod,
  Verdict,
} from "../../../common/api.ts";
import { emit } from "../../platform/bus.ts";
import { dayOf } from "../../platform/clock.ts";
import type { Db, Tx } from "../../platform/db.ts";
import { AppError } from "../../platform/errors.ts";
import type { DomainEvent } from "../../platform/events.ts";
import type { CatalogClient, CourseOutline } from "../catalog/index.ts";
import type { EnrollmentClient } from "../enrollment/index.ts";
import { learnerVerdict, type Runner } from "../runner/index.ts";
import {
  ACHIEVEMENTS,
  courseProgress,
  extendStreak,
  LEADERBOARD_POINTS,
  LEADERBOARD_SIZE,
  newlyEarned,
  visibleStreak,
  weekStart,
} from "./rules.ts";
import {
  achievements,
  attempts,
  completions,
  courseCompletions,
  drafts,
  hintsRevealed,
  streaks,
} from "./schema.ts";

export interface ProgressDeps {
  db: Db;
  catalog: CatalogClient;
  /** Display names for the leaderboards. */
  displayName: (userId: string) => Promise<string>;
  enrollment: EnrollmentClient;
  runner: Runner;
  now: () => Date;
  afterCommit: () => void;
}

const MAX_FILE_CHARS = 256 * 1024;

export class ProgressService {
  private readonly d: ProgressDeps;
  constructor(deps: ProgressDeps) {
    this.d = deps;
  }

  // ---------- drafts ----------

  async draft(userId: string, exerciseId: string): Promise<Draft> {
    const ex = await this.d.catalog.runnable(exerciseId);
    const [row] = await this.d.db
      .select()
      .from(drafts)
      .where(and(eq(drafts.userId, userId), eq(drafts.exerciseId, exerciseId)));
    return row
      ? { files: row.files, updatedAt: row.updatedAt.toISOString() }
      : { files: ex.starter, updatedAt: null };
  }

  async saveDraft(userId: string, exerciseId: string, files: Files): Promise<Draft> {
    const ex = await this.d.catalog.runnable(exerciseId);
    const clean = checkFiles(files, ex.starter);
    const updatedAt = this.d.now();
    const started = await this.d.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(drafts)
        .values({ userId, exerciseId, files: clean, updatedAt })
        .onConflictDoUpdate({ target: [drafts.userId, drafts.exerciseId], set: { files: clean, updatedAt } })
        // xmax = 0 only on a row this statement inserted: the learner's first draft of this exercise.
        .returning({ inserted: sql<boolean>`(xmax = 0)` });
      if (row?.inserted !== true) return false;
      await emit(tx, {
        type: "exercise.started",
        actor: userId,
        aggregateId: userId,
        payload: { userId, courseId: ex.courseId, exerciseId },
      });
      return true;
    });
    if (started) this.d.afterCommit();
    return { files: clean, updatedAt: updatedAt.toISOString() };
  }

  async resetDraft(userId: string, exerciseId: string): Promise<Draft> {
    const ex = await this.d.catalog.runnable(exerciseId);
    await this.d.db.delete(drafts).where(and(eq(drafts.userId, userId), eq(drafts.exerciseId, exerciseId)));
    return { files: ex.starter, updatedAt: null };
  }

  // ---------- hints ----------

  async hints(userId: string, exerciseId: string, revealNext: boolean): Promise<Hints> {
    const ex = await this.d.catalog.runnable(exerciseId);
    const total = ex.hints.length;
    const key = and(eq(hintsRevealed.userId, userId), eq(hintsRevealed.exerciseId, exerciseId));
    let [row] = await this.d.db.select().from(hintsRevealed).where(key);
    if (revealNext && total > 0 && (row?.count ?? 0) < total) {
      const count = (row?.count ?? 0) + 1;
      await this.d.db.transaction(async (tx) => {
        await tx
          .insert(hintsRevealed)
          .values({ userId, exerciseId, count })
          .onConflictDoUpdate({ target: [hintsRevealed.userId, hintsRevealed.exerciseId], set: { count } });
        await emit(tx, {
          type: "hint.revealed",
          actor: userId,
          aggregateId: userId,
          payload: { userId, courseId: ex.courseId, exerciseId, revealed: count, total },
        });
      });
      this.d.afterCommit();
      row = { userId, exerciseId, count };
    }
    return { revealed: ex.hints.slice(0, row?.count ?? 0), total };
  }

  // ---------- attempts ----------

  /**
   * Runs the learner's files against the exercise's tests. The draft is saved first, so whatever the
   * runner does (timeout, busy, missing Go) the learner's code is never lost.
   */
  async attempt(userId: string, exerciseId: string, files: Files): Promise<Attempt> {
    const ex = await this.d.catalog.runnable(exerciseId);
    await this.requireEnrolled(userId, ex.courseId);
    const clean = checkFiles(files, ex.starter);
    await this.saveDraft(userId, exerciseId, clean);
    const v = await this.d.runner.run({
      ownerKey: userId,
      exerciseVersion: ex.version,
      files: clean,
      testFiles: ex.tests,
      limits: ex.limits,
      languageVersion: ex.goVersion,
    });
    const verdict: Verdict = learnerVerdict(v);
    const passed = v.status === "passed";
    // A test that only groups subtests is not a test case of its own.
    const cases = v.tests.filter((t) => !v.tests.some((o) => o.name.startsWith(`${t.name}/`)));
    const testsPassed = cases.filter((t) => t.status === "pass").length;
    const id = randomUUID();
    const createdAt = this.d.now();
    await this.d.db.transaction(async (tx) => {
      await tx.insert(attempts).values({
        id,
        userId,
        exerciseId,
        courseId: ex.courseId,
        createdAt,
        passed,
        status: v.status,
        testsPassed,
        testsTotal: cases.length,
        verdict,
        files: clean,
      });
      const base = { userId, courseId: ex.courseId, exerciseId, attemptId: id };
      await emit(tx, {
        type: "exercise.attempted",
        actor: userId,
        aggregateId: userId,
        payload: {
          ...base,
          status: v.status,
          passed,
          testsPassed,
          testsTotal: cases.length,
          durationMs: v.durationMs,
        },
      });
      if (passed)
        await emit(tx, { type: "exercise.passed", actor: userId, aggregateId: userId, payload: base });
    });
    this.d.afterCommit();
    return { id, exerciseId, createdAt: createdAt.toISOString(), passed, verdict, files: clean };
  }

  async attempts(userId: string, exerciseId: string): Promise<AttemptSummary[]> {
    const rows = await this.d.db
      .select({
        id: attempts.id,
        createdAt: attempts.createdAt,
        passed: attempts.passed,
        status: attempts.status,
        testsPassed: attempts.testsPassed,
        testsTotal: attempts.testsTotal,
      })
      .from(attempts)
      .where(and(eq(attempts.userId, userId), eq(attempts.exerciseId, exerciseId)))
      .orderBy(desc(attempts.createdAt))
      .limit(50);
    return rows.map((r) => ({
      ...r,
      status: r.status as AttemptSummary["status"],
      createdAt: r.createdAt.toISOString(),
    }));
  }

  async attemptById(userId: string, exerciseId: string, attemptId: string): Promise<Attempt> {
    const [r] = await this.d.db
      .select()
      .from(attempts)
      .where(
        and(eq(attempts.id, attemptId), eq(attempts.userId, userId), eq(attempts.exerciseId, exerciseId)),
      );
    if (!r) throw new AppError("not_found", "Attempt not found");
    return {
      id: r.id,
      exerciseId: r.exerciseId,
      createdAt: r.createdAt.toISOString(),
      passed: r.passed,
      verdict: r.verdict,
      files: r.files,
    };
  }

  // ---------- lessons ----------

  async completeLesson(userId: string, lessonId: string): Promise<CourseProgress> {
    const item = await this.d.catalog.item(lessonId);
    if (item.kind !== "lesson") throw new AppError("not_found", "Lesson not found");
    await this.requireEnrolled(userId, item.courseId);
    const fresh = await this.d.db.transaction(async (tx) => {
      const ins = await tx
        .insert(completions)
        .values({
          userId,
          itemId: lessonId,
          courseId: item.courseId,
          kind: "lesson",
          completedAt: this.d.now(),
        })
        .onConflictDoNothing()
        .returning();
      if (ins.length > 0) {
        await emit(tx, {
          type: "lesson.completed",
          actor: userId,
          aggregateId: userId,
          payload: { userId, courseId: item.courseId, lessonId },
        });
      }
      return ins.length > 0;
    });
    if (fresh) this.d.afterCommit();
    return this.courseProgress(userId, item.courseId);
  }

  /** A signed-in learner opened a lesson (for analytics: views, the lesson → exercise funnel). */
  async viewLesson(userId: string, lessonId: string): Promise<void> {
    const item = await this.d.catalog.item(lessonId);
    if (item.kind !== "lesson") throw new AppError("not_found", "Lesson not found");
    await this.d.db.transaction(async (tx) => {
      await emit(tx, {
        type: "lesson.viewed",
        actor: userId,
        aggregateId: userId,
        payload: { userId, courseId: item.courseId, lessonId },
      });
    });
    this.d.afterCommit();
  }

  // ---------- reading progress ----------

  async courseProgress(userId: string, courseIdOrSlug: string): Promise<CourseProgress> {
    const outline = await this.d.catalog.outline(courseIdOrSlug);
    const done = await this.d.db
      .select({ itemId: completions.itemId })
      .from(completions)
      .where(and(eq(completions.userId, userId), eq(completions.courseId, outline.id)));
    const tried = await this.d.db
      .selectDistinct({ exerciseId: attempts.exerciseId })
      .from(attempts)
      .where(and(eq(attempts.userId, userId), eq(attempts.courseId, outline.id)));
    const [completed] = await this.d.db
      .select()
      .from(courseCompletions)
      .where(and(eq(courseCompletions.userId, userId), eq(courseCompletions.courseId, outline.id)));
    const p = courseProgress(
      outline.items,
      new Set(done.map((r) => r.itemId)),
      new Set(tried.map((r) => r.exerciseId)),
    );
    return {
      courseId: outline.id,
      courseSlug: outline.slug,
      courseTitle: outline.title,
      lessonsDone: p.lessonsDone,
      lessonsTotal: p.lessonsTotal,
      exercisesDone: p.exercisesDone,
      exercisesTotal: p.exercisesTotal,
      percent: p.percent,
      continueAt: p.continueAt,
      completedAt: completed?.completedAt.toISOString() ?? null,
      items: p.items,
    };
  }

  async dashboard(userId: string): Promise<Dashboard> {
    const enrolled = await this.d.enrollment.list(userId);
    const courses: CourseProgress[] = [];
    for (const e of enrolled) {
      try {
        courses.push(await this.courseProgress(userId, e.courseId));
      } catch (err) {
        // A course removed from the catalog still has enrollments: skip it rather than fail the page.
        if (!(err instanceof AppError && err.code === "not_found")) throw err;
      }
    }
    const [s] = await this.d.db.select().from(streaks).where(eq(streaks.userId, userId));
    const streak = visibleStreak(s ?? { current: 0, longest: 0, lastActiveDay: null }, dayOf(this.d.now()));
    return { courses, streak };
  }

  async achievements(userId: string): Promise<Achievement[]> {
    const rows = await this.d.db.select().from(achievements).where(eq(achievements.userId, userId));
    const at = new Map(rows.map((r) => [r.code, r.unlockedAt.toISOString()]));
    return ACHIEVEMENTS.map((a) => ({
      code: a.code,
      title: a.title,
      description: a.description,
      unlockedAt: at.get(a.code) ?? null,
    }));
  }

  // ---------- event consumer ----------

  /**
   * Applies a learning event (in the consumer's transaction, once per event id): the exercise becomes
   * done, the streak grows, the course may complete, achievements unlock.
   */
  /** What `apply` needs from the catalog, read before the consumer's transaction opens. */
  async loadFor(event: DomainEvent): Promise<CourseOutline | undefined> {
    if (event.type !== "lesson.completed" && event.type !== "exercise.passed") return undefined;
    return this.d.catalog.outline(event.payload.courseId);
  }

  async apply(event: DomainEvent, tx: Tx, outline: CourseOutline | undefined): Promise<void> {
    if (
      event.type !== "lesson.completed" &&
      event.type !== "exercise.attempted" &&
      event.type !== "exercise.passed"
    )
      return;
    const { userId, courseId } = event.payload;
    const day = dayOf(new Date(event.occurredAt));
    const [s] = await tx.select().from(streaks).where(eq(streaks.userId, userId));
    const before = s ?? { current: 0, longest: 0, lastActiveDay: null };
    const after = extendStreak(before, day);
    if (after !== before) {
      await tx
        .insert(streaks)
        .values({ userId, ...after })
        .onConflictDoUpdate({ target: streaks.userId, set: after });
      if (after.current > before.current) {
        await emit(tx, {
          type: "streak.extended",
          actor: userId,
          aggregateId: userId,
          payload: { userId, current: after.current, day },
        });
      }
    }
    if (event.type === "exercise.passed") {
      await tx
        .insert(completions)
        .values({
          userId,
          itemId: event.payload.exerciseId,
          courseId,
          kind: "exercise",
          completedAt: new Date(event.occurredAt),
        })
        .onConflictDoNothing();
    }
    if (outline) await this.maybeCompleteCourse(tx, userId, outline, event.occurredAt);
    await this.unlockAchievements(tx, userId, after.longest);
  }

  private async maybeCompleteCourse(
    tx: Tx,
    userId: string,
    outline: CourseOutline,
    at: string,
  ): Promise<void> {
    const courseId = outline.id;
    const done = await tx
      .select({ itemId: completions.itemId })
      .from(completions)
      .where(
        and(
          eq(completions.userId, userId),
          inArray(
            completions.itemId,
            outline.items.map((i) => i.id),
          ),
        ),
      );
    if (!courseProgress(outline.items, new Set(done.map((r) => r.itemId)), new Set()).complete) return;
    const ins = await tx
      .insert(courseCompletions)
      .values({ userId, courseId, completedAt: new Date(at) })
      .onConflictDoNothing()
      .returning();
    if (ins.length > 0) {
      await emit(tx, {
        type: "course.completed",
        actor: userId,
        aggregateId: userId,
        payload: { userId, courseId },
      });
    }
  }

  private async unlockAchievements(tx: Tx, userId: string, longestStreak: number): Promise<void> {
    const count = async (kind: "lesson" | "exercise") =>
      (
        await tx
          .select({ n: sql<number>`count(*)::int` })
          .from(completions)
          .where(and(eq(completions.userId, userId), eq(completions.kind, kind)))
      )[0]?.n ?? 0;
    const [cc] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(courseCompletions)
      .where(eq(courseCompletions.userId, userId));
    const held = await tx
      .select({ code: achievements.code })
      .from(achievements)
      .where(eq(achievements.userId, userId));
    const codes = newlyEarned(
      {
        lessonsCompleted: await count("lesson"),
        exercisesPassed: await count("exercise"),
        coursesCompleted: cc?.n ?? 0,
        longestStreak,
      },
      new Set(held.map((h) => h.code)),
    );
    for (const code of codes) {
      await tx.insert(achievements).values({ userId, code }).onConflictDoNothing();
      await emit(tx, {
        type: "achievement.unlocked",
        actor: userId,
        aggregateId: userId,
        payload: { userId, code },
      });
    }
  }

  // ---------- leaderboards ----------

  /**
   * A course's leaderboard: points from lessons completed and exercises passed (LEADERBOARD_POINTS),
   * all time or since Monday 00:00 UTC. Equal points rank by who reached them first. Any signed-in
   * user may look; only display names are shown.
   */
  async leaderboard(userId: string, courseIdOrSlug: string, period: LeaderboardPeriod): Promise<Leaderboard> {
    const outline = await this.d.catalog.outline(courseIdOrSlug);
    const since = period === "week" ? weekStart(this.d.now()) : null;
    const { lesson, exercise } = LEADERBOARD_POINTS;
    const db = this.d.db;
    const lessons = sql<number>`(count(*) filter (where ${completions.kind} = 'lesson'))::int`;
    const exercises = sql<number>`(count(*) filter (where ${completions.kind} = 'exercise'))::int`;
    const scores = db.$with("scores").as(
      db
        .select({
          userId: completions.userId,
          lessons: lessons.as("lessons"),
          exercises: exercises.as("exercises"),
          points: sql<number>`(${lessons} * ${lesson} + ${exercises} * ${exercise})::int`.as("points"),
          reached: sql<Date>`max(${completions.completedAt})`.as("reached"),
        })
        .from(completions)
        .where(
          and(
            eq(completions.courseId, outline.id),
            since !== null ? gte(completions.completedAt, since) : undefined,
          ),
        )
        .groupBy(completions.userId),
    );
    const ranked = db.$with("ranked").as((qb) =>
      qb
        .select({
          userId: scores.userId,
          lessons: scores.lessons,
          exercises: scores.exercises,
          points: scores.points,
          rank: sql<number>`(row_number() over (order by ${scores.points} desc, ${scores.reached} asc, ${scores.userId} asc))::int`.as(
            "rank",
          ),
        })
        .from(scores),
    );
    const rows = await db
      .with(scores, ranked)
      .select()
      .from(ranked)
      .where(or(lte(ranked.rank, LEADERBOARD_SIZE), eq(ranked.userId, userId)))
      .orderBy(asc(ranked.rank));
    const entries: LeaderboardEntry[] = await Promise.all(
      rows.map(async (r) => ({
        rank: Number(r.rank),
        userId: r.userId,
        // An account deleted meanwhile still has its completions: show it without a name.
        displayName: await this.d.displayName(r.userId).catch(() => "A learner"),
        points: Number(r.points),
        lessons: Number(r.lessons),
        exercises: Number(r.exercises),
      })),
    );
    return {
      courseId: outline.id,
      courseSlug: outline.slug,
      period,
      since: since?.toISOString() ?? null,
      scoring: { ...LEADERBOARD_POINTS },
      top: entries.filter((e) => e.rank <= LEADERBOARD_SIZE),
      me: entries.find((e) => e.rank > LEADERBOARD_SIZE) ?? null,
    };
  }

  private async requireEnrolled(userId: string, courseId: string): Promise<void> {
    if (!(await this.d.enrollment.isEnrolled(userId, courseId))) {
      throw new AppError("forbidden", "Enroll in this course first");
    }
  }
}

/**
 * Learners edit only the exercise's own files. Lone surrogates are made well-formed (Postgres jsonb
 * rejects them); NUL is refused because no Go source contains it and jsonb cannot store it.
 */
export function checkFiles(files: Files, starter: Record<string, string>): Files {
  const issues: Array<{ path: string; message: string }> = [];
  const out: Files = {};
  for (const [name, content] of Object.entries(files)) {
    if (!(name in starter))
      issues.push({
        path: `files.${name}`,
        message: `unknown file; this exercise has ${Object.keys(starter).join(", ")}`,
      });
    else if (content.length > MAX_FILE_CHARS)
      issues.push({ path: `files.${name}`, message: `larger than ${MAX_FILE_CHARS} characters` });
    else if (content.includes("\u0000"))
      issues.push({ path: `files.${name}`, message: "contains a NUL character" });
    else out[name] = content.toWellFormed();
  }
  if (Object.keys(files).length === 0)
    issues.push({ path: "files", message: "at least one file is required" });
  if (issues.length > 0) {
    const tooBig = issues.every((i) => i.message.startsWith("larger"));
    throw new AppError(
      tooBig ? "payload_too_large" : "validation_failed",
      `Invalid files: ${issues[0]?.path} ${issues[0]?.message}`,
      { details: issues },
    );
  }
  // Files the learner did not send keep their starter content, so a run always has the whole package.
  return { ...starter, ...out };
}
