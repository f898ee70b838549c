/**
 * Course leaderboards over HTTP: points from lessons and exercises, ranks with ties, this week versus
 * all time, the caller's own row outside the top 20, bad input, and the live "leaderboards" push.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import type { Attempt, Leaderboard } from "../../common/api.ts";
import { referenceCourse } from "../support/curriculum.ts";
import { Client, databaseKinds, eventually, startTestServer, type TestServer } from "../support/server.ts";
import { liveSocket } from "../support/ws.ts";

const course = referenceCourse("go-first-steps");
const items = course.modules.flatMap((m) => m.items);
const lessons = items.filter((i) => i.kind === "lesson").map((i) => i.id);
const firstExercise = items.find((i) => i.kind === "exercise");

for (const kind of databaseKinds()) {
  describe(`leaderboards (${kind})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(kind);
    });
    after(() => server?.stop());

    const learner = async (): Promise<Client & { id: string }> => {
      const c = new Client(server.url);
      const { user } = await c.register();
      assert.equal((await c.req("POST", `/api/v1/courses/${course.slug}/enrollment`)).status, 201);
      return Object.assign(c, { id: user.id });
    };
    const complete = async (c: Client, n: number) => {
      for (const id of lessons.slice(0, n))
        assert.equal((await c.req("POST", `/api/v1/lessons/${id}/completion`)).status, 200);
    };
    const board = async (c: Client, period = "all") => {
      const r = await c.req("GET", `/api/v1/courses/${course.slug}/leaderboard?period=${period}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.json<Leaderboard>();
    };

    test("points from lessons and exercises; equal points rank by who got there first", async () => {
      const [ann, bob, cat] = [await learner(), await learner(), await learner()];
      await complete(ann, 1);
      await complete(bob, 1);
      await complete(cat, 3);
      const tie = (await board(bob)).top.map((e) => [e.userId, e.points, e.rank]);
      assert.deepEqual(tie, [
        [cat.id, 6, 1],
        [ann.id, 2, 2],
        [bob.id, 2, 3],
      ]);
      assert.ok(firstExercise?.kind === "exercise");
      const passed = await ann.req("POST", `/api/v1/exercises/${firstExercise.id}/attempts`, {
        files: firstExercise.solution,
      });
      assert.equal(passed.json<Attempt>().verdict.status, "passed");
      // The exercise's completion is written when its event is applied: wait for it.
      const b = await eventually(
        () => board(bob),
        (x) => x.top.find((e) => e.userId === ann.id)?.points === 12,
      );
      const rows = b.top.map((e) => [e.userId, e.points, e.lessons, e.exercises]);
      assert.deepEqual(rows, [
        [ann.id, 12, 1, 1],
        [cat.id, 6, 3, 0],
        [bob.id, 2, 1, 0],
      ]);
      assert.deepEqual(
        b.top.map((e) => e.rank),
        [1, 2, 3],
      );
      assert.equal(b.top[0]?.displayName, "Test Learner");
      assert.deepEqual(b.scoring, { lesson: 2, exercise: 10 });
      assert.equal(b.me, null, "bob is in the top: no separate row");
      assert.equal(b.courseSlug, course.slug);
      // By id as well as by slug.
      const byId = await bob.req("GET", `/api/v1/courses/${b.courseId}/leaderboard`);
      assert.deepEqual(byId.json<Leaderboard>().top, b.top);
    });

    test("this week counts only points since Monday 00:00 UTC", async () => {
      const dan = await learner();
      await complete(dan, 2);
      const all = await board(dan);
      // Move dan's completions to last month: they still count for all time, not for this week.
      await server.platform.ctx.db.execute(
        sql`update progress.completions set completed_at = now() - interval '40 days' where user_id = ${dan.id}`,
      );
      const week = await board(dan, "week");
      assert.equal(week.period, "week");
      assert.ok(week.since && Date.parse(week.since) <= Date.now());
      assert.equal(new Date(week.since ?? "").getUTCDay(), 1, "a Monday");
      assert.equal(
        week.top.find((e) => e.userId === dan.id),
        undefined,
      );
      assert.equal(all.top.find((e) => e.userId === dan.id)?.points, 4);
      assert.equal((await board(dan)).top.find((e) => e.userId === dan.id)?.points, 4);
    });

    test("the caller outside the top 20 gets their own row", async () => {
      const crowd: Client[] = [];
      for (let i = 0; i < 21; i++) crowd.push(await learner());
      for (const c of crowd) await complete(c, 4);
      const late = await learner();
      await complete(late, 1);
      const b = await board(late);
      assert.equal(b.top.length, 20);
      assert.ok(b.me, "late's own row");
      assert.equal(b.me.userId, late.id);
      assert.ok(b.me.rank > 20);
      assert.equal(b.me.points, 2);
    });

    test("bad input gets a clear error", async () => {
      const c = await learner();
      assert.equal(
        (await c.req("GET", `/api/v1/courses/${course.slug}/leaderboard?period=year`)).status,
        400,
      );
      assert.equal((await c.req("GET", `/api/v1/courses/${course.slug}/leaderboard?x=1`)).status, 400);
      assert.equal((await c.req("GET", "/api/v1/courses/no-such-course/leaderboard")).status, 404);
      const anon = new Client(server.url);
      assert.equal((await anon.req("GET", `/api/v1/courses/${course.slug}/leaderboard`)).status, 401);
    });

    test("a completed lesson is pushed on the leaderboards channel", async () => {
      const c = await learner();
      const sock = await liveSocket(server.url, c.token ?? "", "leaderboards");
      await complete(c, 1);
      const got = await eventually(
        async () => sock.frames.find((f) => f.type === "event" && f.channel === "leaderboards"),
        (x) => x !== undefined,
      );
      const changed = got?.data as { courseId?: string } | undefined;
      assert.ok(changed?.courseId, "the course that changed");
      assert.equal(changed.courseId, (await board(c)).courseId);
      sock.ws.close();
    });
  });
}
