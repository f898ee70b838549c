/**
 * Live coding sessions over HTTP and the WebSocket: starting one (enrolled learners only), joining by
 * link, two members co-editing one Yjs document and seeing each other's cursors, a run whose verdict
 * both see, the session's chat, ending (read-only) and reopening, and bad input of every kind.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { writeUpdate } from "y-protocols/sync";
import * as Y from "yjs";
import type {
  SessionDetail,
  SessionList,
  SessionMessage,
  SessionPush,
  SessionRun,
} from "../../common/api.ts";
import { MAX_DOC_CHARS } from "../../server/modules/sessions/index.ts";
import { fileText } from "../../web/src/lib/sessionSync.ts";
import { referenceCourse } from "../support/curriculum.ts";
import { Client, databaseKinds, newLearner, startTestServer, type TestServer } from "../support/server.ts";
import { type Frame, liveSocket, type SessionPeer, sessionPeer } from "../support/ws.ts";

const course = referenceCourse("go-first-steps");
const exercise = (() => {
  for (const m of course.modules)
    for (const it of m.items) if (it.kind === "exercise" && it.solution) return it;
  throw new Error("the course has no exercise");
})();
const file = Object.keys(exercise.starter)[0] as string;

for (const kind of databaseKinds()) {
  describe(`live sessions (${kind})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(kind);
    });
    after(() => server?.stop());

    const learner = (enroll = true) => newLearner(server.url, enroll ? course.slug : null);
    const start = async (host: Client, files?: Record<string, string>): Promise<SessionDetail> => {
      const r = await host.req("POST", "/api/v1/sessions", { exerciseId: exercise.id, files });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.json<SessionDetail>();
    };
    const join = async (c: Client, id: string): Promise<SessionDetail> => {
      const r = await c.req("POST", `/api/v1/sessions/${id}/join`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.json<SessionDetail>();
    };
    const pushes = (p: SessionPeer, id: string): SessionPush[] =>
      p.socket.frames
        .filter((f) => f.type === "event" && f.channel === `session:${id}`)
        .map((f) => f.data as SessionPush)
        .filter((d) => typeof d === "object" && d !== null && "kind" in d);

    test("starting one needs the course; the link lets any signed-in learner join", async () => {
      const outsider = await learner(false);
      const refused = await outsider.req("POST", "/api/v1/sessions", { exerciseId: exercise.id });
      assert.equal(refused.status, 403);
      const host = await learner();
      const s = await start(host);
      assert.equal(s.host.userId, host.id);
      assert.deepEqual(s.files, Object.keys(exercise.starter));
      assert.equal(s.endedAt, null);
      // Not joined yet: the room is closed to them.
      const early = await liveSocket(server.url, outsider.token ?? "", `session:${s.id}`);
      assert.ok(early.frames.some((f) => f.type === "error" && f.code === "forbidden"));
      early.ws.close();
      const joined = await join(outsider, s.id);
      assert.deepEqual(
        joined.participants.map((p) => p.userId),
        [host.id, outsider.id],
      );
      // Joining again changes nothing.
      assert.equal((await join(outsider, s.id)).participants.length, 2);
      const mine = (await outsider.req("GET", "/api/v1/sessions")).json<SessionList>();
      assert.ok(mine.sessions.some((x) => x.id === s.id && x.exerciseTitle === exercise.title));
      assert.equal((await new Client(server.url).req("POST", `/api/v1/sessions/${s.id}/join`)).status, 401);
      assert.equal((await outsider.req("POST", "/api/v1/sessions/not-a-session/join")).status, 404);
      assert.equal(
        (await outsider.req("POST", "/api/v1/sessions/00000000-0000-4000-8000-000000000000/join")).status,
        404,
      );
    });

    test("two members co-edit one document, see each other's cursor, and it survives a reconnect", async () => {
      const host = await learner();
      const guest = await learner(false);
      const s = await start(host, { [file]: "package main\n" });
      await join(guest, s.id);
      const a = await sessionPeer(server.url, host.token ?? "", s.id);
      const b = await sessionPeer(server.url, guest.token ?? "", s.id);
      assert.equal(a.text(file), "package main\n", "the host's draft is the document's first content");
      assert.equal(b.text(file), "package main\n");
      fileText(a.sync.doc, file).insert(13, "// from the host\n");
      await b.until(() => b.text(file).includes("// from the host"), "the host's edit");
      fileText(b.sync.doc, file).insert(0, "// guest was here\n");
      await a.until(() => a.text(file).startsWith("// guest was here\n"), "the guest's edit");
      assert.equal(a.text(file), b.text(file));
      // Cursors and names travel as awareness states, under the name the member signed in with.
      b.sync.awareness.setLocalStateField("user", { name: "Guest", color: "#0a0" });
      await a.until(
        () => a.sync.others().get(b.sync.doc.clientID)?.user?.color === "#0a0",
        "the guest's awareness",
      );
      assert.deepEqual(a.sync.others().get(b.sync.doc.clientID)?.user, {
        name: "Test Learner",
        id: guest.id,
        color: "#0a0",
      });
      // The guest drops; the edit it makes while away arrives when it comes back.
      b.close();
      await a.until(() => a.sync.others().size === 0, "the guest's cursor gone with it");
      const back = await sessionPeer(server.url, guest.token ?? "", s.id);
      assert.equal(back.text(file), a.text(file));
      fileText(back.sync.doc, file).insert(back.text(file).length, "// back again\n");
      await a.until(() => a.text(file).endsWith("// back again\n"), "the edit after the reconnect");
      a.close();
      back.close();
    });

    test("a cursor carries its member's own name and id; nobody changes or removes another's", async () => {
      const host = await learner();
      const guest = await learner(false);
      const third = await learner(false);
      const s = await start(host);
      await join(guest, s.id);
      await join(third, s.id);
      const a = await sessionPeer(server.url, host.token ?? "", s.id);
      const b = await sessionPeer(server.url, guest.token ?? "", s.id);
      const c = await sessionPeer(server.url, third.token ?? "", s.id);
      const seenByC = (p: SessionPeer) => c.sync.others().get(p.sync.doc.clientID);
      a.sync.awareness.setLocalStateField("user", { name: "Host", id: host.id, color: "#00f" });
      await c.until(() => seenByC(a)?.user?.color === "#00f", "the host's cursor");
      // The guest says it is the host (the page marks the host, and followers follow, by this id).
      b.sync.awareness.setLocalStateField("user", { name: "The Host", id: host.id, color: "#f00" });
      await c.until(() => seenByC(b)?.user?.color === "#f00", "the guest's cursor");
      assert.deepEqual(seenByC(b)?.user, { name: "Test Learner", id: guest.id, color: "#f00" });
      // Hand-made updates for the host's client id: a state of the guest's making, then none at all.
      const forged = (clock: number, state: unknown) => {
        const enc = encoding.createEncoder();
        encoding.writeVarUint(enc, 1);
        encoding.writeVarUint(enc, a.sync.doc.clientID);
        encoding.writeVarUint(enc, clock);
        encoding.writeVarString(enc, JSON.stringify(state));
        const aw = Buffer.from(encoding.toUint8Array(enc)).toString("base64");
        return JSON.stringify({ type: "room", channel: `session:${s.id}`, data: { aw } });
      };
      b.socket.ws.send(forged(10_000, { user: { name: "pwned", id: host.id, color: "#000" } }));
      b.socket.ws.send(forged(10_001, null));
      // A change of the guest's own, sent after them: once it arrives, the forged ones were handled.
      b.sync.awareness.setLocalStateField("file", "after.go");
      await c.until(() => seenByC(b)?.file === "after.go", "the guest's next change");
      assert.deepEqual(seenByC(a)?.user, { name: "Test Learner", id: host.id, color: "#00f" });
      // The host's own second connection (a tab back before its old socket was noticed gone) may.
      const again = await liveSocket(server.url, host.token ?? "", `session:${s.id}`);
      again.ws.send(forged(20_000, { user: { color: "#0f0" }, file: "moved.go" }));
      await c.until(() => seenByC(a)?.file === "moved.go", "the host's second connection");
      assert.deepEqual(seenByC(a)?.user, { name: "Test Learner", id: host.id, color: "#0f0" });
      again.ws.close();
      for (const p of [a, b, c]) p.close();
    });

    test("a run's verdict reaches everyone; chat reaches everyone; bad runs are refused", async () => {
      const host = await learner();
      const guest = await learner(false);
      const s = await start(host);
      await join(guest, s.id);
      const a = await sessionPeer(server.url, host.token ?? "", s.id);
      const b = await sessionPeer(server.url, guest.token ?? "", s.id);
      const r = await guest.req("POST", `/api/v1/sessions/${s.id}/runs`, { files: exercise.solution });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      const run = r.json<SessionRun>();
      assert.equal(run.verdict.status, "passed", run.verdict.message);
      assert.equal(run.by.userId, guest.id);
      for (const p of [a, b]) {
        await p.until(() => pushes(p, s.id).some((x) => x.kind === "run" && x.run.id === run.id), "the run");
        assert.ok(
          pushes(p, s.id).some((x) => x.kind === "running"),
          "the run's start was shown",
        );
      }
      // Whoever opens the session later sees the last run.
      assert.equal((await join(host, s.id)).lastRun?.id, run.id);
      const failing = await host.req("POST", `/api/v1/sessions/${s.id}/runs`, { files: exercise.starter });
      assert.equal(failing.json<SessionRun>().verdict.status === "passed", false);
      const bad = await host.req("POST", `/api/v1/sessions/${s.id}/runs`, { files: { "../x.go": "" } });
      assert.equal(bad.status, 400);
      const outsider = await learner(false);
      assert.equal(
        (await outsider.req("POST", `/api/v1/sessions/${s.id}/runs`, { files: exercise.solution })).status,
        403,
      );

      const m = await guest.req("POST", `/api/v1/sessions/${s.id}/messages`, { body: "nice, it **passes**" });
      assert.equal(m.status, 201);
      const msg = m.json<SessionMessage>();
      await a.until(
        () => pushes(a, s.id).some((x) => x.kind === "message" && x.message.id === msg.id),
        "the message",
      );
      assert.ok((await join(host, s.id)).messages.some((x) => x.id === msg.id));
      assert.equal(
        (await guest.req("POST", `/api/v1/sessions/${s.id}/messages`, { body: "   " })).status,
        400,
      );
      let limited = 0;
      for (let i = 0; i < 8; i++)
        if ((await guest.req("POST", `/api/v1/sessions/${s.id}/messages`, { body: `m${i}` })).status === 429)
          limited++;
      assert.ok(limited > 0, "the chat's rate limit holds");
      a.close();
      b.close();
    });

    test("ending makes the code read-only for everyone until the host reopens it", async () => {
      const host = await learner();
      const guest = await learner(false);
      const s = await start(host);
      await join(guest, s.id);
      const b = await sessionPeer(server.url, guest.token ?? "", s.id);
      assert.equal((await guest.req("POST", `/api/v1/sessions/${s.id}/end`)).status, 403, "only the host");
      const ended = await host.req("POST", `/api/v1/sessions/${s.id}/end`);
      assert.equal(ended.status, 200);
      assert.notEqual(ended.json<SessionDetail>().endedAt, null);
      await b.until(() => pushes(b, s.id).some((x) => x.kind === "ended"), "the end");
      const before = b.socket.frames.length;
      fileText(b.sync.doc, file).insert(0, "// too late\n");
      await b.until(
        () => b.socket.frames.slice(before).some((f) => (f.data as { code?: string })?.code === "read_only"),
        "read-only refusal",
      );
      assert.equal(
        (await host.req("POST", `/api/v1/sessions/${s.id}/runs`, { files: exercise.solution })).status,
        409,
      );
      // Reopened, a fresh member gets the stored document, without the refused edit.
      assert.equal((await host.req("POST", `/api/v1/sessions/${s.id}/reopen`)).status, 200);
      const a = await sessionPeer(server.url, host.token ?? "", s.id);
      assert.equal(a.text(file).includes("// too late"), false);
      fileText(a.sync.doc, file).insert(0, "// open again\n");
      await b.until(() => b.text(file).includes("// open again"), "edits flow again");
      a.close();
      b.close();
    });

    test("bad frames and oversized documents get an error and change nothing", async () => {
      const host = await learner();
      const s = await start(host);
      const p = await sessionPeer(server.url, host.token ?? "", s.id);
      const channel = `session:${s.id}`;
      const send = (data: unknown) => p.socket.ws.send(JSON.stringify({ type: "room", channel, data }));
      const errorAfter = async (n: number, code: string) =>
        p.socket.next(
          (f: Frame) => p.socket.frames.indexOf(f) >= n && (f.data as { code?: string })?.code === code,
          code,
        );
      let n = p.socket.frames.length;
      send("junk");
      await errorAfter(n, "bad_frame");
      n = p.socket.frames.length;
      send({ sync: "!!!not base64!!!" });
      await errorAfter(n, "bad_frame");
      n = p.socket.frames.length;
      send({ sync: Buffer.from([7, 1, 2, 3]).toString("base64") });
      await errorAfter(n, "bad_frame");
      n = p.socket.frames.length;
      send({ aw: Buffer.from([200, 200, 200]).toString("base64") });
      await errorAfter(n, "bad_frame");
      // A room this socket does not follow.
      n = p.socket.frames.length;
      p.socket.ws.send(JSON.stringify({ type: "room", channel: "session:someone-else", data: {} }));
      await p.socket.next(
        (f) => p.socket.frames.indexOf(f) >= n && f.code === "not_subscribed",
        "not_subscribed",
      );
      // Updates that would take the document past its limit are refused before they are applied.
      const big = new Y.Doc();
      Y.applyUpdate(big, Y.encodeStateAsUpdate(p.sync.doc));
      const chunk = 40_000;
      let refused = false;
      for (let i = 0; i < Math.ceil(MAX_DOC_CHARS / chunk) + 1 && !refused; i++) {
        const sv = Y.encodeStateVector(big);
        fileText(big, file).insert(0, "x".repeat(chunk));
        const enc = encoding.createEncoder();
        writeUpdate(enc, Y.encodeStateAsUpdate(big, sv));
        const bytes = encoding.toUint8Array(enc);
        assert.equal(decoding.readVarUint(decoding.createDecoder(bytes)), 2, "an update message");
        n = p.socket.frames.length;
        send({ sync: Buffer.from(bytes).toString("base64") });
        await new Promise((r) => setTimeout(r, 100));
        refused = p.socket.frames.slice(n).some((f) => (f.data as { code?: string })?.code === "too_large");
      }
      assert.ok(refused, "the update past the limit was refused");
      const fresh = await sessionPeer(server.url, host.token ?? "", s.id);
      assert.ok(fresh.text(file).length <= MAX_DOC_CHARS, "the refused update was not applied");
      assert.ok(fresh.text(file).length > chunk, "the ones within the limit were");
      // The socket is still good.
      n = p.socket.frames.length;
      fileText(p.sync.doc, file).insert(0, "// fine\n");
      await fresh.until(() => fresh.text(file).includes("// fine\n"), "a normal edit after the refusals");
      fresh.close();
      p.close();
      // Creating with unknown files, NULs or too much text.
      const r1 = await host.req("POST", "/api/v1/sessions", {
        exerciseId: exercise.id,
        files: { "evil.go": "" },
      });
      assert.equal(r1.status, 400);
      const r2 = await host.req("POST", "/api/v1/sessions", {
        exerciseId: exercise.id,
        files: { [file]: "x".repeat(MAX_DOC_CHARS + 1) },
      });
      assert.equal(r2.status, 413);
      const r3 = await host.req("POST", "/api/v1/sessions", { exerciseId: "no-such-exercise" });
      assert.equal(r3.status, 404);
      const r4 = await host.req("POST", "/api/v1/sessions", { exerciseId: exercise.id, extra: 1 });
      assert.equal(r4.status, 400);
    });
  });
}
