import { and, asc, eq } from "drizzle-orm";
import type { Enrollment } from "../../../common/api.ts";
import { emit } from "../../platform/bus.ts";
import type { Db } from "../../platform/db.ts";
import { enrollments } from "./schema.ts";

type Row = typeof enrollments.$inferSelect;
const toEnrollment = (r: Row): Enrollment => ({
  courseId: r.courseId,
  courseSlug: r.courseSlug,
  enrolledAt: r.enrolledAt.toISOString(),
});

export class EnrollmentService {
  private readonly db: Db;
  private readonly afterCommit: () => void;
  /** After a committed cancellation (the composition root tells the live rooms). */
  private readonly cancelled: (userId: string, courseId: string) => void;
  constructor(
    db: Db,
    afterCommit: () => void,
    cancelled: (userId: string, courseId: string) => void = () => undefined,
  ) {
    this.cancelled = cancelled;
    this.db = db;
    this.afterCommit = afterCommit;
  }

  /** Enrolling twice is not an error: the existing enrollment is returned. */
  async enroll(
    userId: string,
    course: { id: string; slug: string },
  ): Promise<{ enrollment: Enrollment; created: boolean }> {
    const out = await this.db.transaction(async (tx) => {
      const inserted = await tx
        .insert(enrollments)
        .values({ userId, courseId: course.id, courseSlug: course.slug })
        .onConflictDoNothing()
        .returning();
      if (inserted[0]) {
        await emit(tx, {
          type: "enrollment.created",
          actor: userId,
          aggregateId: `${userId}:${course.id}`,
          payload: { userId, courseId: course.id },
        });
        return { row: inserted[0], created: true };
      }
      const [row] = await tx
        .select()
        .from(enrollments)
        .where(and(eq(enrollments.userId, userId), eq(enrollments.courseId, course.id)));
      if (!row) throw new Error("enrollment vanished");
      return { row, created: false };
    });
    if (out.created) this.afterCommit();
    return { enrollment: toEnrollment(out.row), created: out.created };
  }

  async cancel(userId: string, courseId: string): Promise<void> {
    const removed = await this.db.transaction(async (tx) => {
      const r = await tx
        .delete(enrollments)
        .where(and(eq(enrollments.userId, userId), eq(enrollments.courseId, courseId)))
        .returning();
      if (r.length > 0) {
        await emit(tx, {
          type: "enrollment.cancelled",
          actor: userId,
          aggregateId: `${userId}:${courseId}`,
          payload: { userId, courseId },
        });
      }
      return r.length;
    });
    if (removed) {
      this.afterCommit();
      this.cancelled(userId, courseId);
    }
  }

  async list(userId: string): Promise<Enrollment[]> {
    const rows = await this.db
      .select()
      .from(enrollments)
      .where(eq(enrollments.userId, userId))
      .orderBy(asc(enrollments.enrolledAt));
    return rows.map(toEnrollment);
  }

  async isEnrolled(userId: string, courseId: string): Promise<boolean> {
    const r = await this.db
      .select({ u: enrollments.userId })
      .from(enrollments)
      .where(and(eq(enrollments.userId, userId), eq(enrollments.courseId, courseId)));
    return r.length > 0;
  }
}
