/**
 * A learner finishes a whole course through the API: every lesson completed, every exercise passed
 * with its reference solution. The course completes and its achievements unlock.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { AchievementList, CourseProgress } from "../../common/api.ts";
import { courses, finishCourse } from "../support/curriculum.ts";
import { Client, startTestServer, type TestServer } from "../support/server.ts";

describe("finishing a course", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer("pglite");
  });
  after(() => server?.stop());

  test("the curriculum has courses to finish", () => {
    assert.ok(courses.length >= 1);
  });

  for (const course of courses) {
    const COURSE = course.slug;
    test(`${COURSE}: every item done → 100 %, completion date, and the course achievements`, async () => {
      const c = new Client(server.url);
      await c.register();
      assert.equal((await c.req("POST", `/api/v1/courses/${COURSE}/enrollment`)).status, 201);

      await finishCourse(c, course);

      let progress = (await c.req("GET", `/api/v1/courses/${COURSE}/progress`)).json<CourseProgress>();
      for (let i = 0; i < 100 && progress.completedAt === null; i++) {
        await new Promise((r) => setTimeout(r, 50));
        progress = (await c.req("GET", `/api/v1/courses/${COURSE}/progress`)).json<CourseProgress>();
      }
      assert.equal(progress.percent, 100);
      assert.equal(progress.continueAt, null);
      assert.ok(progress.completedAt, "the course is marked complete");
      const unlocked = (await c.req("GET", "/api/v1/achievements"))
        .json<AchievementList>()
        .achievements.filter((a) => a.unlockedAt)
        .map((a) => a.code)
        .sort();
      for (const code of ["first-course", "first-lesson", "first-pass", "five-passes"])
        assert.ok(unlocked.includes(code), code);
    });
  }
});
