/** The shipped curriculum for API tests: courses by slug, and finishing one with the reference solutions. */
import assert from "node:assert/strict";
import path from "node:path";
import type { Attempt } from "../../common/api.ts";
import { type CourseFile, loadCurriculum } from "../../server/modules/catalog/index.ts";
import type { Client } from "./server.ts";

export const { courses } = await loadCurriculum(path.resolve(import.meta.dirname, "../../curriculum"));

export function referenceCourse(slug: string): CourseFile {
  const course = courses.find((c) => c.slug === slug);
  if (!course) throw new Error(`the curriculum has no ${slug}`);
  return course;
}

/** Completes every lesson and passes every exercise (with its reference solution) of an enrolled course. */
export async function finishCourse(c: Client, course: CourseFile): Promise<void> {
  for (const item of course.modules.flatMap((m) => m.items)) {
    if (item.kind === "lesson") {
      assert.equal((await c.req("POST", `/api/v1/lessons/${item.id}/completion`)).status, 200);
    } else {
      const r = await c.req("POST", `/api/v1/exercises/${item.id}/attempts`, { files: item.solution });
      assert.equal(
        r.json<Attempt>().verdict.status,
        "passed",
        `${item.id}: ${r.json<Attempt>().verdict.message}`,
      );
    }
  }
}
