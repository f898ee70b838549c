/**
 * The whole learning loop over real HTTP, against PGlite and against a PostgreSQL server.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type {
  AchievementList,
  Attempt,
  AttemptList,
  CourseDetail,
  CourseList,
  CourseProgress,
  Dashboard,
  Draft,
  Exercise,
  Hints,
  Lesson,
  Session,
} from "../../common/api.ts";
import { Client, databaseKinds, eventually, startTestServer, type TestServer } from "../support/server.ts";

const COURSE = "go-first-steps";
const HELLO = "go-first-steps.hello";
const HELLO_SOLUTION = `package hello

// Hello greets name, or the whole world when name is empty.
func Hello(name string) string {
\tif name == "" {
\t\tname = "World"
\t}
\treturn "Hello, " + name + "!"
}
`;

for (const kind of databaseKinds()) {
  describe(`core loop over HTTP (${kind})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(kind);
    });
    after(() => server?.stop());

    test("health, readiness, OpenAPI 3.1 and request ids", async () => {
      const c = new Client(server.url);
      assert.equal((await c.req("GET", "/healthz")).status, 200);
      const ready = await c.req("GET", "/readyz");
      assert.equal(ready.status, 200);
      const checks = ready.json<{ checks: { database: { kind: string }; runner: { sandbox: string } } }>()
        .checks;
      assert.equal(checks.database.kind, kind);
      assert.ok(["bubblewrap", "none"].includes(checks.runner.sandbox));
      const doc = await c.req("GET", "/api/docs/json");
      assert.equal(doc.json<{ openapi: string }>().openapi, "3.1.0");
      assert.ok(Object.keys(doc.json<{ paths: object }>().paths).includes("/api/v1/exercises/{id}/attempts"));
      const r = await c.req("GET", "/api/v1/courses", undefined, { "x-request-id": "trace-abc-123" });
      assert.equal(r.headers.get("x-request-id"), "trace-abc-123");
      const bad = await c.req("GET", "/api/v1/nope", undefined, { "x-request-id": "bad id with spaces" });
      assert.equal(bad.status, 404);
      const rid = bad.headers.get("x-request-id") ?? "";
      assert.match(rid, /^[0-9a-f-]{36}$/);
      assert.equal(bad.json<{ error: { requestId: string } }>().error.requestId, rid);
    });

    test("registration validates every field and refuses a second account per email", async () => {
      const c = new Client(server.url);
      const bad = await c.req("POST", "/api/v1/auth/register", {
        email: "not-an-email",
        password: "short",
        displayName: "",
      });
      assert.equal(bad.status, 400);
      assert.equal(bad.code, "validation_failed");
      const paths = bad
        .json<{ error: { details: Array<{ path: string }> } }>()
        .error.details.map((d) => d.path)
        .sort();
      assert.deepEqual(paths, ["body.displayName", "body.email", "body.password"]);
      const unknown = await c.req("POST", "/api/v1/auth/register", {
        email: "a@example.test",
        password: "long enough pw",
        displayName: "A",
        role: "admin",
      });
      assert.equal(unknown.status, 400, "unknown fields are rejected, so nobody registers as admin");
      const { email } = await c.register();
      const again = await new Client(server.url).req("POST", "/api/v1/auth/register", {
        email: email.toUpperCase(),
        password: "another password",
        displayName: "B",
      });
      assert.equal(again.status, 409);
    });

    test("login failures do not say whether the email exists", async () => {
      const c = new Client(server.url);
      const { email } = await c.register();
      const wrongPw = await new Client(server.url).req("POST", "/api/v1/auth/login", {
        email,
        password: "wrong password",
      });
      const noUser = await new Client(server.url).req("POST", "/api/v1/auth/login", {
        email: "nobody@example.test",
        password: "wrong password",
      });
      assert.equal(wrongPw.status, 401);
      assert.equal(noUser.status, 401);
      assert.deepEqual(
        { ...wrongPw.json<{ error: object }>().error, requestId: "" },
        { ...noUser.json<{ error: object }>().error, requestId: "" },
      );
      const ok = await new Client(server.url).req("POST", "/api/v1/auth/login", {
        email,
        password: "correct horse battery",
      });
      assert.equal(ok.status, 200);
      assert.equal(ok.json<Session>().user.email, email);
    });

    test("refresh tokens rotate; replaying an old one revokes the whole family; logout ends it", async () => {
      const c = new Client(server.url);
      await c.register();
      assert.match(c.cookie ?? "", /^gopro_refresh=/);
      const first = c.cookie;
      const r1 = await c.req("POST", "/api/v1/auth/refresh");
      assert.equal(r1.status, 200);
      assert.notEqual(c.cookie, first, "the cookie rotates");
      const current = c.cookie;
      const thief = new Client(server.url);
      thief.cookie = first;
      assert.equal((await thief.req("POST", "/api/v1/auth/refresh")).status, 401, "a used token is refused");
      c.cookie = current;
      assert.equal((await c.req("POST", "/api/v1/auth/refresh")).status, 401, "and its family is revoked");

      const d = new Client(server.url);
      await d.register();
      assert.equal((await d.req("GET", "/api/v1/users/me")).status, 200);
      const saved = d.cookie;
      assert.equal((await d.req("POST", "/api/v1/auth/logout")).status, 204);
      d.cookie = saved;
      assert.equal((await d.req("POST", "/api/v1/auth/refresh")).status, 401);
    });

    test("protected routes need a valid token", async () => {
      const c = new Client(server.url);
      assert.equal((await c.req("GET", "/api/v1/users/me")).status, 401);
      c.token = "not.a.jwt.token";
      const r = await c.req("GET", "/api/v1/progress");
      assert.equal(r.status, 401);
      assert.equal(r.code, "unauthenticated");
      await c.register();
      assert.equal((await c.req("GET", "/api/v1/admin/users")).status, 403);
    });

    test("catalog: list, text search, filters, course detail, bad and unknown slugs", async () => {
      const c = new Client(server.url);
      const all = (await c.req("GET", "/api/v1/courses")).json<CourseList>();
      const course = all.courses.find((x) => x.slug === COURSE);
      assert.ok(course, "the shipped course is imported at start");
      assert.ok(course.lessonCount >= 5 && course.exerciseCount >= 5);
      assert.ok(all.tags.length > 0);
      assert.equal(
        (await c.req("GET", "/api/v1/courses?q=zzzz-no-such-thing")).json<CourseList>().courses.length,
        0,
      );
      const byTitle = (
        await c.req("GET", `/api/v1/courses?q=${encodeURIComponent(course.title.slice(0, 5))}`)
      ).json<CourseList>();
      assert.ok(byTitle.courses.some((x) => x.slug === COURSE));
      const byLevel = (await c.req("GET", `/api/v1/courses?level=${course.level}`)).json<CourseList>();
      assert.ok(byLevel.courses.every((x) => x.level === course.level));
      const otherLevel = course.level === "advanced" ? "beginner" : "advanced";
      assert.ok(
        !(await c.req("GET", `/api/v1/courses?level=${otherLevel}`))
          .json<CourseList>()
          .courses.some((x) => x.slug === COURSE),
      );
      const tag = course.tags[0] ?? "";
      assert.ok(
        (await c.req("GET", `/api/v1/courses?tag=${tag}`))
          .json<CourseList>()
          .courses.some((x) => x.slug === COURSE),
      );
      assert.equal((await c.req("GET", "/api/v1/courses?level=expert")).status, 400);
      const detail = (await c.req("GET", `/api/v1/courses/${COURSE}`)).json<CourseDetail>();
      assert.ok(detail.modules.length >= 2);
      assert.equal((await c.req("GET", "/api/v1/courses/no-such-course")).status, 404);
      assert.equal((await c.req("GET", "/api/v1/courses/Bad_Slug!")).status, 400);
    });

    test("the whole loop: enroll, read, complete, run failing then passing code, progress and achievements", async () => {
      const c = new Client(server.url);
      await c.register();
      const detail = (await c.req("GET", `/api/v1/courses/${COURSE}`)).json<CourseDetail>();
      const firstLesson = detail.modules.flatMap((m) => m.items).find((i) => i.kind === "lesson");
      assert.ok(firstLesson);

      // Reading is public; recording progress needs an enrollment.
      const lesson = (await c.req("GET", `/api/v1/lessons/${firstLesson.id}`)).json<Lesson>();
      assert.ok(lesson.body.length > 100);
      assert.equal((await c.req("POST", `/api/v1/lessons/${firstLesson.id}/completion`)).status, 403);
      assert.equal((await c.req("POST", `/api/v1/courses/${COURSE}/enrollment`)).status, 201);
      assert.equal(
        (await c.req("POST", `/api/v1/courses/${COURSE}/enrollment`)).status,
        200,
        "enrolling twice is harmless",
      );
      const afterLesson = (
        await c.req("POST", `/api/v1/lessons/${firstLesson.id}/completion`)
      ).json<CourseProgress>();
      assert.equal(afterLesson.lessonsDone, 1);
      assert.ok(afterLesson.percent > 0);

      // The exercise never exposes its tests or solution.
      const ex = await c.req("GET", `/api/v1/exercises/${HELLO}`);
      assert.equal(ex.status, 200);
      assert.ok(!JSON.stringify(ex.body).includes("_test.go"));
      const exercise = ex.json<Exercise>();
      assert.deepEqual(Object.keys(exercise.starter), ["hello.go"]);

      // Hints come one at a time.
      assert.equal((await c.req("GET", `/api/v1/exercises/${HELLO}/hints`)).json<Hints>().revealed.length, 0);
      const h1 = (await c.req("POST", `/api/v1/exercises/${HELLO}/hints`)).json<Hints>();
      assert.equal(h1.revealed.length, 1);
      assert.ok(h1.total >= 2);

      // Drafts: starter by default, saved on the server, reset back to the starter.
      const d0 = (await c.req("GET", `/api/v1/exercises/${HELLO}/draft`)).json<Draft>();
      assert.equal(d0.updatedAt, null);
      assert.deepEqual(d0.files, exercise.starter);
      const edited = { "hello.go": `${exercise.starter["hello.go"]}\n// my note\n` };
      assert.equal((await c.req("PUT", `/api/v1/exercises/${HELLO}/draft`, { files: edited })).status, 200);
      assert.deepEqual((await c.req("GET", `/api/v1/exercises/${HELLO}/draft`)).json<Draft>().files, edited);
      const bogus = await c.req("PUT", `/api/v1/exercises/${HELLO}/draft`, { files: { "../evil.go": "x" } });
      assert.equal(bogus.status, 400);

      // The starter fails with per-test results.
      const failing = await c.req("POST", `/api/v1/exercises/${HELLO}/attempts`, { files: exercise.starter });
      assert.equal(failing.status, 201, JSON.stringify(failing.body));
      const fa = failing.json<Attempt>();
      assert.equal(fa.passed, false);
      assert.equal(fa.verdict.status, "failed");
      assert.ok(fa.verdict.tests.some((t) => t.status === "fail" && t.message.length > 0));

      // A compile error points at the learner's file and line.
      const broken = await c.req("POST", `/api/v1/exercises/${HELLO}/attempts`, {
        files: { "hello.go": "package hello\n\nfunc Hello(name string) string {\n\treturn 42\n}\n" },
      });
      const ba = broken.json<Attempt>();
      assert.equal(ba.verdict.status, "compile_error");
      assert.equal(ba.verdict.compileErrors[0]?.file, "hello.go");
      assert.equal(ba.verdict.compileErrors[0]?.line, 4);

      // The solution passes; the draft now holds it.
      const passing = (
        await c.req("POST", `/api/v1/exercises/${HELLO}/attempts`, { files: { "hello.go": HELLO_SOLUTION } })
      ).json<Attempt>();
      assert.equal(passing.verdict.status, "passed", passing.verdict.message);
      assert.ok(passing.verdict.tests.length > 0 && passing.verdict.tests.every((t) => t.status === "pass"));
      assert.equal(
        (await c.req("GET", `/api/v1/exercises/${HELLO}/draft`)).json<Draft>().files["hello.go"],
        HELLO_SOLUTION,
      );

      // Progress arrives through the event consumer.
      const progress = await eventually(
        async () => (await c.req("GET", `/api/v1/courses/${COURSE}/progress`)).json<CourseProgress>(),
        (p) => p.exercisesDone === 1,
      );
      assert.equal(progress.exercisesDone, 1);
      assert.equal(progress.items[HELLO], "done");
      const achievements = await eventually(
        async () => (await c.req("GET", "/api/v1/achievements")).json<AchievementList>(),
        (a) => a.achievements.some((x) => x.code === "first-pass" && x.unlockedAt !== null),
      );
      assert.ok(achievements.achievements.find((a) => a.code === "first-pass")?.unlockedAt);
      assert.ok(achievements.achievements.find((a) => a.code === "first-lesson")?.unlockedAt);
      assert.equal(achievements.achievements.find((a) => a.code === "first-course")?.unlockedAt, null);
      const dash = (await c.req("GET", "/api/v1/progress")).json<Dashboard>();
      assert.equal(dash.courses[0]?.courseSlug, COURSE);
      assert.ok(dash.courses[0]?.continueAt, "continue where you left off");
      assert.equal(dash.streak.current, 1);

      // History, newest first, and a single attempt.
      const history = (await c.req("GET", `/api/v1/exercises/${HELLO}/attempts`)).json<AttemptList>()
        .attempts;
      assert.deepEqual(
        history.map((a) => a.status),
        ["passed", "compile_error", "failed"],
      );
      const one = (
        await c.req("GET", `/api/v1/exercises/${HELLO}/attempts/${history[2]?.id}`)
      ).json<Attempt>();
      assert.equal(one.verdict.status, "failed");
      assert.equal((await c.req("GET", `/api/v1/exercises/${HELLO}/attempts/not-a-uuid`)).status, 400);

      // Reset goes back to the starter.
      const reset = (await c.req("DELETE", `/api/v1/exercises/${HELLO}/draft`)).json<Draft>();
      assert.deepEqual(reset.files, exercise.starter);
    });

    test("bad input gets a clear envelope, never a crash", async () => {
      const c = new Client(server.url);
      await c.register();
      const malformed = await c.req("POST", "/api/v1/auth/login", "{not json");
      assert.equal(malformed.status, 400);
      assert.equal(malformed.code, "bad_request");
      const huge = await c.req("PUT", `/api/v1/exercises/${HELLO}/draft`, {
        files: { "hello.go": "x".repeat(2 * 1024 * 1024) },
      });
      assert.equal(huge.status, 413);
      const wrongType = await c.req("PUT", `/api/v1/exercises/${HELLO}/draft`, { files: { "hello.go": 42 } });
      assert.equal(wrongType.status, 400);
      assert.equal(wrongType.code, "validation_failed");
      assert.equal((await c.req("GET", "/api/v1/exercises/no.such.exercise")).status, 404);
      assert.equal((await c.req("GET", "/api/v1/lessons/..%2F..%2Fetc")).status, 400);
      const nul = await c.req("PUT", `/api/v1/exercises/${HELLO}/draft`, {
        files: { "hello.go": "package hello\u0000" },
      });
      assert.equal(nul.status, 400);
      assert.equal((await c.req("GET", "/healthz")).status, 200, "still alive");
    });
  });
}
