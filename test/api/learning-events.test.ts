/**
 * The learning events analytics is built on, emitted by what a learner does over HTTP: a lesson view,
 * the first draft of an exercise (started, once), each hint revealed (never beyond the last).
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { asc, eq } from "drizzle-orm";
import type { Hints } from "../../common/api.ts";
import type { DomainEvent } from "../../server/platform/events.ts";
import { outbox } from "../../server/platform/schema.ts";
import { Client, databaseKinds, startTestServer, type TestServer } from "../support/server.ts";

const LESSON = "go-first-steps.hello-go";
const EXERCISE = "go-first-steps.hello";

for (const kind of databaseKinds()) {
  describe(`learning events from the API (${kind})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(kind);
    });
    after(() => server?.stop());

    const eventsOf = async (userId: string): Promise<DomainEvent[]> => {
      const rows = await server.platform.ctx.db
        .select()
        .from(outbox)
        .where(eq(outbox.key, userId))
        .orderBy(asc(outbox.seq));
      return rows.map((r) => r.event as DomainEvent);
    };

    test("lesson viewed, exercise started once, one event per hint revealed", async () => {
      const c = new Client(server.url);
      const session = await c.register();
      const userId = session.user.id;
      assert.equal((await c.req("POST", "/api/v1/courses/go-first-steps/enrollment")).status, 201);

      assert.equal((await c.req("POST", `/api/v1/lessons/${LESSON}/views`)).status, 204);
      assert.equal((await c.req("POST", "/api/v1/lessons/go-first-steps.nope/views")).status, 404);
      assert.equal((await c.req("POST", `/api/v1/lessons/${EXERCISE}/views`)).status, 404);
      assert.equal((await new Client(server.url).req("POST", `/api/v1/lessons/${LESSON}/views`)).status, 401);

      const draft = { files: { "hello.go": "package hello\n" } };
      assert.equal((await c.req("PUT", `/api/v1/exercises/${EXERCISE}/draft`, draft)).status, 200);
      assert.equal((await c.req("PUT", `/api/v1/exercises/${EXERCISE}/draft`, draft)).status, 200);

      const total = (await c.req("GET", `/api/v1/exercises/${EXERCISE}/hints`)).json<Hints>().total;
      assert.ok(total > 0);
      for (let i = 0; i < total + 2; i++) {
        assert.equal((await c.req("POST", `/api/v1/exercises/${EXERCISE}/hints`)).status, 200);
      }

      const events = await eventsOf(userId);
      const of = (type: string) => events.filter((e) => e.type === type);
      assert.deepEqual(
        of("lesson.viewed").map((e) => e.payload),
        [{ userId, courseId: "go-first-steps", lessonId: LESSON }],
      );
      assert.deepEqual(
        of("exercise.started").map((e) => e.payload),
        [{ userId, courseId: "go-first-steps", exerciseId: EXERCISE }],
      );
      assert.deepEqual(
        of("hint.revealed").map((e) => (e.type === "hint.revealed" ? e.payload.revealed : -1)),
        Array.from({ length: total }, (_, i) => i + 1),
      );
    });
  });
}
