/**
 * Course chat over HTTP and the WebSocket: who may read and post, history pages, edit and delete,
 * moderation (delete, mute), the per-learner rate limit, mentions that notify, bad input, and a
 * room's live pushes (only to those allowed in the room).
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { ChatHistory, ChatMessage, NotificationList } from "../../common/api.ts";
import { RATE_MESSAGES } from "../../server/modules/chat/index.ts";
import { referenceCourse } from "../support/curriculum.ts";
import {
  Client,
  databaseKinds,
  eventually,
  newLearner,
  startTestServer,
  type TestServer,
} from "../support/server.ts";
import { type Frame, type LiveSocket, liveSocket } from "../support/ws.ts";

const course = referenceCourse("go-first-steps");

for (const kind of databaseKinds()) {
  describe(`course chat (${kind})`, () => {
    let server: TestServer;
    let moderator: Client;
    before(async () => {
      server = await startTestServer(kind);
      const identity = server.platform.clients.identity;
      assert.ok(identity);
      const email = `mod-${Date.now()}@example.test`;
      await identity.createAdmin(email, "correct horse battery", "Mo Derator");
      moderator = new Client(server.url);
      const r = await moderator.req("POST", "/api/v1/auth/login", {
        email,
        password: "correct horse battery",
      });
      moderator.token = r.json<{ accessToken: string }>().accessToken;
    });
    after(() => server?.stop());

    const learner = (enroll = true) => newLearner(server.url, enroll ? course.slug : null);
    const post = (c: Client, body: string, mentions: string[] = []) =>
      c.req("POST", `/api/v1/courses/${course.slug}/chat`, { body, mentions });
    const history = async (c: Client, q = "") => {
      const r = await c.req("GET", `/api/v1/courses/${course.slug}/chat${q}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.json<ChatHistory>();
    };

    test("enrolled learners post and read; others may not", async () => {
      const ann = await learner();
      const r = await post(ann, "Hello **class**, `go test` passes!");
      assert.equal(r.status, 201);
      const m = r.json<ChatMessage>();
      assert.equal(m.authorName, "Test Learner");
      assert.equal(m.body, "Hello **class**, `go test` passes!", "stored as written; rendered by the client");
      const h = await history(ann);
      assert.equal(h.messages.at(-1)?.id, m.id);
      const outsider = await learner(false);
      assert.equal((await post(outsider, "let me in")).status, 403);
      assert.equal((await outsider.req("GET", `/api/v1/courses/${course.slug}/chat`)).status, 403);
      assert.equal(
        (await new Client(server.url).req("GET", `/api/v1/courses/${course.slug}/chat`)).status,
        401,
      );
      // Moderators read every room.
      assert.ok((await history(moderator)).messages.some((x) => x.id === m.id));
    });

    test("history pages back by cursor, oldest first within a page, nothing lost or repeated", async () => {
      const writers = [await learner(), await learner(), await learner()];
      const sent: string[] = [];
      for (let i = 0; i < 12; i++) {
        const w = writers[i % writers.length] as Client;
        const r = await post(w, `page message ${i}`);
        assert.equal(r.status, 201);
        sent.push(r.json<ChatMessage>().id);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const h: ChatHistory = await history(
          writers[0] as Client,
          `?limit=5${cursor ? `&before=${encodeURIComponent(cursor)}` : ""}`,
        );
        const times = h.messages.map((x) => Date.parse(x.createdAt));
        assert.deepEqual(
          times,
          [...times].sort((a, b) => a - b),
          "oldest first",
        );
        seen.unshift(...h.messages.map((x) => x.id));
        cursor = h.nextCursor;
        pages++;
      } while (cursor !== null && pages < 50);
      assert.deepEqual(seen.slice(-12), sent, "the twelve, in order, once each");
      assert.equal(new Set(seen).size, seen.length);
      assert.equal(
        (await writers[0]?.req("GET", `/api/v1/courses/${course.slug}/chat?before=nonsense`))?.status,
        400,
      );
      assert.equal(
        (await writers[0]?.req("GET", `/api/v1/courses/${course.slug}/chat?limit=1000`))?.status,
        400,
      );
    });

    test("authors edit and delete their own messages; moderators delete anyone's", async () => {
      const [ann, bob] = [await learner(), await learner()];
      const m = (await post(ann, "tyop")).json<ChatMessage>();
      assert.equal((await bob.req("PATCH", `/api/v1/chat/${m.id}`, { body: "hijack" })).status, 403);
      const edited = await ann.req("PATCH", `/api/v1/chat/${m.id}`, { body: "typo" });
      assert.equal(edited.status, 200);
      assert.equal(edited.json<ChatMessage>().body, "typo");
      assert.ok(edited.json<ChatMessage>().editedAt);
      assert.equal((await bob.req("DELETE", `/api/v1/chat/${m.id}`)).status, 403);
      assert.equal((await ann.req("DELETE", `/api/v1/chat/${m.id}`)).status, 204);
      const gone = (await history(ann)).messages.find((x) => x.id === m.id);
      assert.ok(gone?.deletedAt);
      assert.equal(gone.body, "");
      assert.equal((await ann.req("PATCH", `/api/v1/chat/${m.id}`, { body: "again" })).status, 409);
      const other = (await post(bob, "off topic")).json<ChatMessage>();
      assert.equal((await moderator.req("DELETE", `/api/v1/chat/${other.id}`)).status, 204);
      assert.equal(
        (await ann.req("DELETE", "/api/v1/chat/00000000-0000-0000-0000-000000000000")).status,
        404,
      );
    });

    test("moderators mute a learner for a while; learners cannot mute", async () => {
      const [ann, bob] = [await learner(), await learner()];
      const mute = (c: Client, userId: string, minutes: number) =>
        c.req("POST", `/api/v1/courses/${course.slug}/chat/mutes`, { userId, minutes });
      assert.equal((await mute(ann, bob.id, 10)).status, 403);
      assert.equal((await mute(moderator, bob.id, 10)).status, 204);
      const refused = await post(bob, "can anyone hear me?");
      assert.equal(refused.status, 403);
      assert.match(JSON.stringify(refused.body), /muted in this chat until/);
      assert.equal((await mute(moderator, bob.id, 0)).status, 204);
      assert.equal((await post(bob, "back again")).status, 201);
    });

    test(`more than ${RATE_MESSAGES} messages in 10 s get 429 with Retry-After`, async () => {
      const chatty = await learner();
      for (let i = 0; i < RATE_MESSAGES; i++) assert.equal((await post(chatty, `msg ${i}`)).status, 201);
      const r = await post(chatty, "one too many");
      assert.equal(r.status, 429);
      assert.ok(Number(r.headers.get("retry-after")) >= 1);
    });

    test("bad input: empty, too long, unknown fields, wrong types", async () => {
      const c = await learner();
      for (const body of [
        { body: "   " },
        { body: "x".repeat(4001) },
        { body: "hi", colour: "red" },
        { body: 42 },
        { body: "hi", mentions: "everyone" },
      ]) {
        const r = await c.req("POST", `/api/v1/courses/${course.slug}/chat`, body);
        assert.equal(r.status, 400, JSON.stringify(body));
      }
      assert.equal((await c.req("POST", "/api/v1/courses/no-such-course/chat", { body: "hi" })).status, 404);
    });

    test("a mention of another learner of the course notifies them; others are ignored", async () => {
      const [ann, bob] = [await learner(), await learner()];
      const outsider = await learner(false);
      const m = (await post(ann, "@bob have a look", [bob.id, outsider.id, ann.id])).json<ChatMessage>();
      assert.deepEqual(m.mentions, [bob.id]);
      const inbox = await eventually(
        async () => (await bob.req("GET", "/api/v1/notifications")).json<NotificationList>(),
        (l) => l.notifications.some((n) => n.kind === "mention"),
      );
      assert.ok(inbox.notifications.some((n) => n.kind === "mention"));
    });

    test("a room's live pushes reach its members, not outsiders", async () => {
      const [ann, bob] = [await learner(), await learner()];
      const outsider = await learner(false);
      const courseId =
        (await history(ann)).messages[0]?.courseId ?? (await post(ann, "first")).json<ChatMessage>().courseId;
      const open = (c: Client) => liveSocket(server.url, c.token ?? "", `chat:${courseId}`);
      const [bobWs, outWs] = [await open(bob), await open(outsider)];
      const chatOf = (f: Frame) => f.data as { kind?: string; message?: ChatMessage } | undefined;
      assert.ok(bobWs.frames.some((f) => f.type === "subscribed"));
      assert.ok(
        outWs.frames.some((f) => f.code === "forbidden"),
        "outsiders are refused the room",
      );
      const m = (await post(ann, "live hello")).json<ChatMessage>();
      const got = await eventually(
        async () => bobWs.frames.find((f) => f.type === "event" && chatOf(f)?.message?.id === m.id),
        (f) => f !== undefined,
      );
      assert.equal(got?.channel, `chat:${courseId}`);
      assert.equal(got && chatOf(got)?.kind, "posted");
      await ann.req("PATCH", `/api/v1/chat/${m.id}`, { body: "live hello (edited)" });
      await eventually(
        async () =>
          bobWs.frames.some(
            (f) => chatOf(f)?.kind === "edited" && chatOf(f)?.message?.body === "live hello (edited)",
          ),
        (x) => x,
      );
      assert.equal(outWs.frames.filter((f) => f.type === "event").length, 0);
      bobWs.ws.close();
      outWs.ws.close();
    });

    test("leaving the course takes a learner out of its chat and presence rooms at once", async () => {
      const [ann, bob] = [await learner(), await learner()];
      const courseId = (await post(ann, "before bob leaves")).json<ChatMessage>().courseId;
      const chatWs = await liveSocket(server.url, bob.token ?? "", `chat:${courseId}`);
      chatWs.ws.send(JSON.stringify({ type: "subscribe", channel: `presence:${courseId}` }));
      await chatWs.next((f) => f.type === "subscribed" && f.channel === `presence:${courseId}`, "presence");
      const annHere = await liveSocket(server.url, ann.token ?? "", `presence:${courseId}`);
      const inRoom = (n: number) => (f: Frame) =>
        f.type === "event" && (f.data as { users?: unknown[] }).users?.length === n;
      await annHere.next(inRoom(2), "both present");
      const mark = annHere.frames.length;
      assert.equal((await bob.req("DELETE", `/api/v1/courses/${course.slug}/enrollment`)).status, 204);
      for (const ch of [`chat:${courseId}`, `presence:${courseId}`])
        await chatWs.next((f) => f.type === "unsubscribed" && f.channel === ch, `out of ${ch}`);
      await annHere.next((f) => annHere.frames.indexOf(f) >= mark && inRoom(1)(f), "bob no longer present");
      const before = chatWs.frames.length;
      await post(ann, "after bob left");
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(
        chatWs.frames.slice(before).filter((f) => f.type === "event").length,
        0,
        "no more pushes from the course's rooms",
      );
      chatWs.ws.close();
      annHere.ws.close();
    });

    test("presence: who is in the course and on which item, live; outsiders are refused", async () => {
      const [ann, bob] = [await learner(), await learner()];
      const outsider = await learner(false);
      const courseId = (await post(ann, "presence check")).json<ChatMessage>().courseId;
      type Present = { courseId: string; users: Array<{ userId: string; items: string[] }> };
      const open = (c: Client) => liveSocket(server.url, c.token ?? "");
      const room = `presence:${courseId}`;
      const latest = (sock: LiveSocket) => sock.latest<Present>(room);
      const a = await open(ann);
      // Saying where one is before joining the room is refused.
      a.ws.send(JSON.stringify({ type: "here", channel: room, item: "x" }));
      await eventually(
        async () => a.frames.some((f) => f.code === "not_subscribed"),
        (x) => x,
      );
      a.ws.send(JSON.stringify({ type: "subscribe", channel: room }));
      const b = await open(bob);
      b.ws.send(JSON.stringify({ type: "subscribe", channel: room }));
      const both = await eventually(
        async () => latest(a),
        (d) => d !== undefined && [ann.id, bob.id].every((id) => d.users.some((u) => u.userId === id)),
      );
      assert.ok(both);
      const lesson = course.modules[0]?.items[0]?.id ?? "lesson";
      b.ws.send(JSON.stringify({ type: "here", channel: room, item: lesson }));
      await eventually(
        async () => latest(a)?.users.find((u) => u.userId === bob.id)?.items,
        (items) => items?.includes(lesson) === true,
      );
      b.ws.close();
      await eventually(
        async () => latest(a)?.users.some((u) => u.userId === bob.id),
        (present) => present === false,
      );
      const o = await open(outsider);
      o.ws.send(JSON.stringify({ type: "subscribe", channel: room }));
      await eventually(
        async () => o.frames.some((f) => f.code === "forbidden"),
        (x) => x,
      );
      a.ws.close();
      o.ws.close();
    });
  });
}
