/**
 * Learning analytics over real HTTP, against PGlite and against a PostgreSQL server: learners act
 * through the API, the windows count them, admins read series, overview and course dashboards, and
 * clients send custom events as NDJSON.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type {
  AnalyticsIngestResult,
  AnalyticsOverview,
  AnalyticsSeries,
  CourseAnalytics,
  CourseDetail,
} from "../../common/api.ts";
import { Client, databaseKinds, eventually, startTestServer, type TestServer } from "../support/server.ts";

const COURSE = "go-first-steps";

const ndjson = (c: Client, body: string, type = "application/x-ndjson") =>
  fetch(`${c.base}/api/v1/analytics/events`, {
    method: "POST",
    headers: { "content-type": type, ...(c.token ? { authorization: `Bearer ${c.token}` } : {}) },
    body,
  });

for (const kind of databaseKinds()) {
  describe(`analytics over HTTP (${kind})`, () => {
    let server: TestServer;
    let admin: Client;
    let courseId: string;
    let lessonId: string;
    before(async () => {
      server = await startTestServer(kind);
      const identity = server.platform.clients.identity;
      assert.ok(identity);
      await identity.createAdmin("analyst@example.test", "correct horse battery", "Analyst");
      admin = new Client(server.url);
      const s = await admin.req("POST", "/api/v1/auth/login", {
        email: "analyst@example.test",
        password: "correct horse battery",
      });
      admin.token = s.json<{ accessToken: string }>().accessToken;
      const detail = (await admin.req("GET", `/api/v1/courses/${COURSE}`)).json<CourseDetail>();
      courseId = detail.id;
      const lesson = detail.modules.flatMap((m) => m.items).find((i) => i.kind === "lesson");
      assert.ok(lesson);
      lessonId = lesson.id;
    });
    after(() => server?.stop());

    test("only admins read analytics; ingest needs a signed-in user and NDJSON", async () => {
      const learner = new Client(server.url);
      for (const p of [
        "/api/v1/analytics/series",
        "/api/v1/analytics/overview",
        `/api/v1/courses/${COURSE}/analytics`,
      ])
        assert.equal((await learner.req("GET", p)).status, 401, p);
      await learner.register();
      for (const p of [
        "/api/v1/analytics/series",
        "/api/v1/analytics/overview",
        `/api/v1/courses/${COURSE}/analytics`,
      ]) {
        const r = await learner.req("GET", p);
        assert.equal(r.status, 403, p);
        assert.equal(r.code, "forbidden");
      }
      assert.equal((await ndjson(new Client(server.url), '{"name":"x"}\n')).status, 401);
      const asJson = await ndjson(learner, '{"name":"x"}', "application/json");
      assert.equal(asJson.status, 400);
      const tooMany = await ndjson(learner, '{"name":"x"}\n'.repeat(1001));
      assert.equal(tooMany.status, 413);
      const tooBig = await ndjson(learner, `{"name":"x","props":{"s":"${"y".repeat(1024 * 1024)}"}}`);
      assert.equal(tooBig.status, 413);
    });

    test("series: validation and caps", async () => {
      const bad = [
        "scope=everything",
        "scope=course:",
        "resolution=5m",
        "from=yesterday",
        "from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z",
        "resolution=1m&from=2026-01-01T00:00:00Z&to=2026-01-03T00:00:00Z",
        "unknown=1",
      ];
      for (const q of bad)
        assert.equal((await admin.req("GET", `/api/v1/analytics/series?${q}`)).status, 400, q);
      const day = await admin.req(
        "GET",
        "/api/v1/analytics/series?resolution=1h&from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z",
      );
      assert.equal(day.status, 200);
      assert.equal(day.json<AnalyticsSeries>().points.length, 24);
      assert.equal((await admin.req("GET", "/api/v1/courses/no-such-course/analytics")).status, 404);
    });

    test("learners acting through the API become series points with the right unique count", async () => {
      const learners = [new Client(server.url), new Client(server.url), new Client(server.url)];
      for (const l of learners) {
        await l.register();
        assert.equal((await l.req("POST", `/api/v1/courses/${COURSE}/enrollment`)).status, 201);
        assert.equal((await l.req("POST", `/api/v1/lessons/${lessonId}/completion`)).status, 200);
        const r = await ndjson(l, `{"name":"video.play","courseId":"${courseId}","props":{"seconds":12}}\n`);
        assert.equal(r.status, 202);
      }
      // The second learner completes the same lesson again and plays twice more: more events, no new learner.
      await learners[1]?.req("POST", `/api/v1/lessons/${lessonId}/completion`);
      await ndjson(learners[1] as Client, '{"name":"video.play"}\n{"name":"video.pause"}\n');

      const overview = await eventually(
        async () => (await admin.req("GET", "/api/v1/analytics/overview")).json<AnalyticsOverview>(),
        (o) => o.last24h.customEvents >= 5 && o.last24h.lessonCompletions >= 3,
        200,
      );
      assert.equal(overview.last24h.lessonCompletions, 3, "a lesson completes once per learner");
      assert.equal(overview.last24h.customEvents, 5);
      assert.equal(overview.last24h.uniqueLearners, 3);
      assert.equal(overview.activeLearners5m, 3);
      assert.equal(overview.lastHour.length, 60);
      assert.equal(overview.funnel.length, 4);
      const top = overview.topCourses.find((c) => c.courseId === courseId);
      assert.ok(top, "the course is among the top courses");
      assert.equal(top.slug, COURSE);
      assert.equal(top.uniqueLearners, 3);
      assert.equal(top.events, 6, "three completions and three plays sent with the course");

      const series = (
        await admin.req("GET", "/api/v1/analytics/series?scope=global&resolution=1m")
      ).json<AnalyticsSeries>();
      assert.equal(series.points.length, 60);
      assert.equal(
        series.points.reduce((n, p) => n + p.events, 0),
        8,
        "every event is in exactly one minute",
      );
      const busiest = series.points.reduce((a, b) => (b.uniqueLearners > a.uniqueLearners ? b : a));
      assert.ok(busiest.uniqueLearners >= 1 && busiest.uniqueLearners <= 3);
      const hourly = (
        await admin.req("GET", `/api/v1/analytics/series?scope=course:${courseId}&resolution=1d`)
      ).json<AnalyticsSeries>();
      assert.equal(hourly.points.at(-1)?.uniqueLearners, 3);

      const course = (await admin.req("GET", `/api/v1/courses/${COURSE}/analytics`)).json<CourseAnalytics>();
      assert.equal(course.course.id, courseId);
      assert.equal(course.last24h.uniqueLearners, 3);
      assert.equal(course.activeLearners5m, 3);
      assert.equal(course.last30Days.length, 30);
    });

    test("NDJSON ingest: good lines are accepted, each bad line is reported by number", async () => {
      const c = new Client(server.url);
      await c.register();
      const now = Date.now();
      const lines = [
        '{"name":"quiz.answered","props":{"correct":true,"question":"q3","score":2.5,"note":null}}',
        "{not json",
        '{"name":"has spaces"}',
        "",
        `{"name":"from.the.future","occurredAt":"${new Date(now + 3_600_000).toISOString()}"}`,
        `{"name":"long.ago","occurredAt":"${new Date(now - 86_400_000).toISOString()}"}`,
        '{"name":"x","courseId":"no-such-course"}',
        '{"name":"x","userId":"someone-else"}',
        `{"name":"recent","courseId":"${courseId}","occurredAt":"${new Date(now - 30_000).toISOString()}"}`,
        "[1,2]",
      ];
      const r = await ndjson(c, `${lines.join("\r\n")}\n`);
      assert.equal(r.status, 202);
      const body = (await r.json()) as AnalyticsIngestResult;
      assert.equal(body.accepted, 2);
      assert.equal(body.rejected, 7);
      assert.deepEqual(
        body.errors.map((e) => e.line),
        [2, 3, 5, 6, 7, 8, 10],
      );
      assert.match(body.errors[0]?.message ?? "", /JSON/);
      assert.match(body.errors[1]?.message ?? "", /^name/);
      assert.match(body.errors[2]?.message ?? "", /future/);
      assert.match(body.errors[3]?.message ?? "", /past/);
      assert.match(body.errors[4]?.message ?? "", /no course/);
      assert.match(body.errors[5]?.message ?? "", /userId/);

      const overview = await eventually(
        async () => (await admin.req("GET", "/api/v1/analytics/overview")).json<AnalyticsOverview>(),
        (o) => o.last24h.customEvents >= 7,
        200,
      );
      assert.equal(
        overview.last24h.customEvents,
        7,
        "the two accepted lines, after the five of the test before",
      );
      assert.equal(overview.last24h.uniqueLearners, 4);

      const allBad = await ndjson(c, "nope\n");
      assert.equal(allBad.status, 202);
      assert.deepEqual(await allBad.json(), {
        accepted: 0,
        rejected: 1,
        errors: [{ line: 1, message: "not valid JSON" }],
      });
    });
  });
}
