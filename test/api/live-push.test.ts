/**
 * Live pushes across processes through Redis: a notification committed by one server reaches the
 * learner's WebSocket on another, and an analytics window update reaches an admin's socket there.
 * Server A runs every module (PGlite); server B runs only the realtime module, split, as a scaled-out
 * deployment does (its own PostgreSQL database, the same JWT secret and Redis). Needs the Redis and
 * PostgreSQL servers that scripts/test.ts starts.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import { promisify } from "node:util";
import { emit } from "../../server/platform/bus.ts";
import { fileText } from "../../web/src/lib/sessionSync.ts";
import { referenceCourse } from "../support/curriculum.ts";
import { Client, startTestServer, type TestServer } from "../support/server.ts";
import { liveSocket, sessionPeer } from "../support/ws.ts";

const course = referenceCourse("go-first-steps");
const run = promisify(execFile);

/** A signed-in socket on `url` following `channel`. */
const socket = (url: string, token: string, channel: string) => liveSocket(url, token, channel);

const redisUrl = process.env.GOPRO_TEST_REDIS_URL;
const skip =
  redisUrl && process.env.GOPRO_TEST_PG_URL
    ? false
    : "needs GOPRO_TEST_REDIS_URL and GOPRO_TEST_PG_URL (`npm test`)";

describe("live pushes between two server processes through Redis", { skip }, () => {
  let a: TestServer;
  let b: TestServer;
  const shared = {
    JWT_SECRET: randomBytes(32).toString("hex"),
    REDIS_URL: redisUrl ?? "",
    REDIS_PREFIX: `t${randomBytes(4).toString("hex")}:`,
  };
  before(async () => {
    a = await startTestServer("pglite", shared);
    b = await startTestServer("postgres", { ...shared, TARGET: "realtime" });
  });
  after(async () => {
    await b?.stop();
    await a?.stop();
  });

  test("both servers report the Redis live bus as healthy", async () => {
    for (const s of [a, b]) {
      const ready = (await (await fetch(`${s.url}/readyz`)).json()) as {
        checks: { live: { kind: string; ok: boolean } };
      };
      assert.deepEqual(ready.checks.live, { kind: "redis", ok: true });
    }
    assert.deepEqual(b.platform.modules, ["realtime", "gateway"]);
  });

  test("a notification made on server A is pushed to its owner's socket on server B, and only there", async () => {
    const owner = new Client(a.url);
    const ownerId = (await owner.register()).user.id;
    const other = new Client(a.url);
    await other.register();
    const mine = await socket(b.url, owner.token ?? "", "notifications");
    const theirs = await socket(b.url, other.token ?? "", "notifications");
    const { ctx } = a.platform;
    await ctx.db.transaction((tx) =>
      emit(tx, {
        type: "chat.message_posted",
        actor: "system",
        aggregateId: "room-live",
        payload: {
          roomId: "room-live",
          courseId: "go-first-steps",
          messageId: "m-live",
          userId: "someone",
          mentions: [ownerId],
        },
      }),
    );
    ctx.relay.wake();
    const pushed = await mine.next(
      (f) => f.type === "event" && f.channel === "notifications",
      "the notification on B",
    );
    const data = pushed.data as { userId: string; unread: number; notification: { kind: string } | null };
    assert.equal(data.userId, ownerId);
    assert.equal(data.unread, 1);
    assert.equal(data.notification?.kind, "mention");
    // The owner's inbox on A holds what B pushed.
    const inbox = await owner.req("GET", "/api/v1/notifications");
    assert.equal(inbox.status, 200);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(theirs.frames.filter((f) => f.type === "event").length, 0);
    mine.ws.close();
    theirs.ws.close();
  });

  test("an analytics window update on server A reaches an admin's dashboard socket on server B", async () => {
    const email = `admin-${randomBytes(4).toString("hex")}@example.test`;
    const identity = a.platform.clients.identity;
    assert.ok(identity);
    await identity.createAdmin(email, "correct horse battery", "Admin");
    const admin = new Client(a.url);
    const login = await admin.req("POST", "/api/v1/auth/login", { email, password: "correct horse battery" });
    assert.equal(login.status, 200);
    admin.token = login.json<{ accessToken: string }>().accessToken;
    const dash = await socket(b.url, admin.token, "analytics");

    const learner = new Client(a.url);
    await learner.register();
    const posted = await fetch(`${a.url}/api/v1/analytics/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${learner.token}`, "content-type": "application/x-ndjson" },
      body: `${JSON.stringify({ name: "opened-playground" })}\n`,
    });
    assert.equal(posted.status, 202, await posted.text());
    const update = await dash.next(
      (f) => f.type === "event" && f.channel === "analytics",
      "the window update on B",
    );
    const u = update.data as { scope: string; resolution: string; events: number };
    assert.equal(typeof u.scope, "string");
    assert.ok(u.events >= 1);
    dash.ws.close();
  });
});

const kafkaBrokers = process.env.GOPRO_TEST_KAFKA_BROKERS;
const skipChat =
  redisUrl && process.env.GOPRO_TEST_PG_URL && kafkaBrokers
    ? false
    : "needs GOPRO_TEST_REDIS_URL, GOPRO_TEST_PG_URL and GOPRO_TEST_KAFKA_BROKERS (`npm test`)";

/**
 * A full server on a fresh PostgreSQL database and a second one running `targetB` on the same
 * database, sharing the JWT secret, Redis and a Kafka namespace of their own.
 */
async function startPair(
  targetB: string,
): Promise<{ a: TestServer; b: TestServer; shared: Record<string, string> }> {
  const shared = {
    JWT_SECRET: randomBytes(32).toString("hex"),
    REDIS_URL: redisUrl ?? "",
    KAFKA_BROKERS: kafkaBrokers ?? "",
    KAFKA_NAMESPACE: `t${randomBytes(4).toString("hex")}`,
    REDIS_PREFIX: `t${randomBytes(4).toString("hex")}:`,
  };
  const a = await startTestServer("postgres", shared);
  const b = await startTestServer("postgres", {
    ...shared,
    TARGET: targetB,
    DATABASE_URL: a.platform.ctx.config.databaseUrl ?? "",
  });
  return { a, b, shared };
}

describe("course chat across two server processes (PostgreSQL, Kafka, Redis)", { skip: skipChat }, () => {
  let a: TestServer;
  let b: TestServer;
  before(async () => {
    // A realtime replica with the chat module (to admit sockets to rooms), on the same database.
    ({ a, b } = await startPair("realtime,chat"));
  });
  after(async () => {
    await b?.stop();
    await a?.stop();
  });

  test("a message posted on either server reaches the room's sockets on the other", async () => {
    const ann = new Client(a.url);
    await ann.register();
    const bob = new Client(a.url);
    await bob.register();
    for (const c of [ann, bob])
      assert.equal((await c.req("POST", "/api/v1/courses/go-first-steps/enrollment")).status, 201);
    const first = await ann.req("POST", "/api/v1/courses/go-first-steps/chat", { body: "hello from A" });
    assert.equal(first.status, 201);
    const courseId = first.json<{ courseId: string }>().courseId;
    const onB = await socket(b.url, bob.token ?? "", `chat:${courseId}`);
    const onA = await socket(a.url, ann.token ?? "", `chat:${courseId}`);

    const fromA = await ann.req("POST", "/api/v1/courses/go-first-steps/chat", { body: "posted on A" });
    assert.equal(fromA.status, 201);
    const pushedOnB = await onB.next(
      (f) =>
        f.type === "event" && (f.data as { message?: { body?: string } }).message?.body === "posted on A",
      "A's message on B",
    );
    assert.equal(pushedOnB.channel, `chat:${courseId}`);

    // Bob posts through server B (the chat module runs there too): Ann hears it on server A.
    const bobOnB = new Client(b.url);
    bobOnB.token = bob.token;
    const fromB = await bobOnB.req("POST", "/api/v1/courses/go-first-steps/chat", { body: "posted on B" });
    assert.equal(fromB.status, 201, JSON.stringify(fromB.body));
    await onA.next(
      (f) =>
        f.type === "event" && (f.data as { message?: { body?: string } }).message?.body === "posted on B",
      "B's message on A",
    );
    // Both servers read the same room.
    const history = await ann.req("GET", "/api/v1/courses/go-first-steps/chat");
    const bodies = history.json<{ messages: Array<{ body: string }> }>().messages.map((m) => m.body);
    assert.deepEqual(bodies.slice(-3), ["hello from A", "posted on A", "posted on B"]);
    onA.ws.close();
    onB.ws.close();

    // Presence crosses processes too: Ann on A and Bob on B each see both.
    const room = `presence:${courseId}`;
    const annHere = await socket(a.url, ann.token ?? "", room);
    const bobHere = await socket(b.url, bob.token ?? "", room);
    for (const [who, s] of [
      ["Ann on A", annHere],
      ["Bob on B", bobHere],
    ] as const) {
      await s.next(
        (f) =>
          f.type === "event" && f.channel === room && (f.data as { users: unknown[] }).users.length === 2,
        `${who} sees both`,
      );
    }
    annHere.ws.close();
    bobHere.ws.close();
  });

  test("the posting limit counts on both servers alike (Redis), not once per server", async () => {
    const cat = new Client(a.url);
    await cat.register();
    assert.equal((await cat.req("POST", "/api/v1/courses/go-first-steps/enrollment")).status, 201);
    const catOnB = new Client(b.url);
    catOnB.token = cat.token;
    const post = (c: Client, i: number) =>
      c.req("POST", "/api/v1/courses/go-first-steps/chat", { body: `n${i}` });
    // RATE_MESSAGES (5) in the window, spread over both servers: all accepted.
    for (let i = 0; i < 5; i++) assert.equal((await post(i % 2 === 0 ? cat : catOnB, i)).status, 201);
    // The sixth is refused on either server: each counted the other's.
    for (const c of [cat, catOnB]) {
      const refused = await post(c, 6);
      assert.equal(refused.status, 429, JSON.stringify(refused.body));
      assert.ok(Number(refused.headers.get("retry-after")) >= 1);
    }
  });
});

describe("a live session across two server processes (PostgreSQL, Kafka, Redis)", { skip: skipChat }, () => {
  let a: TestServer;
  let b: TestServer;
  let shared: Record<string, string>;
  before(async () => {
    // A realtime replica with the sessions module (to hold documents and admit sockets to rooms).
    ({ a, b, shared } = await startPair("realtime,sessions"));
  });
  after(async () => {
    await b?.stop();
    await a?.stop();
  });

  test("members on different servers co-edit one document, see one verdict, and it outlives both", async () => {
    const host = new Client(a.url);
    await host.register();
    assert.equal((await host.req("POST", "/api/v1/courses/go-first-steps/enrollment")).status, 201);
    const guest = new Client(a.url);
    const guestId = (await guest.register()).user.id;
    const exercise = (() => {
      for (const m of course.modules)
        for (const it of m.items) if (it.kind === "exercise" && it.solution) return it;
      throw new Error("no exercise");
    })();
    const file = Object.keys(exercise.starter)[0] as string;
    const started = await host.req("POST", "/api/v1/sessions", { exerciseId: exercise.id });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    const id = started.json<{ id: string }>().id;
    assert.equal((await guest.req("POST", `/api/v1/sessions/${id}/join`)).status, 200);

    const onA = await sessionPeer(a.url, host.token ?? "", id);
    // Typed on A and at once opened on B, before A has saved: B asks A for what it lacks.
    fileText(onA.sync.doc, file).insert(0, "// typed on A\n");
    const onB = await sessionPeer(b.url, guest.token ?? "", id);
    await onB.until(() => onB.text(file).startsWith("// typed on A\n"), "A's unsaved edit on B");
    fileText(onB.sync.doc, file).insert(onB.text(file).length, "// typed on B\n");
    await onA.until(() => onA.text(file).endsWith("// typed on B\n"), "B's edit on A");
    // B's cursor reaches A, under the name and id the guest signed in with (server B stamps them).
    onB.sync.awareness.setLocalStateField("user", { name: "Guest on B", id: "guest", color: "#0a0" });
    await onA.until(
      () => onA.sync.others().get(onB.sync.doc.clientID)?.user?.color === "#0a0",
      "B's cursor on A",
    );
    assert.deepEqual(onA.sync.others().get(onB.sync.doc.clientID)?.user, {
      name: "Test Learner",
      id: guestId,
      color: "#0a0",
    });

    // A run through server B: its verdict reaches the host's socket on server A.
    const guestOnB = new Client(b.url);
    guestOnB.token = guest.token;
    const ran = await guestOnB.req("POST", `/api/v1/sessions/${id}/runs`, { files: exercise.solution });
    assert.equal(ran.status, 201, JSON.stringify(ran.body));
    const runId = ran.json<{ id: string }>().id;
    await onA.socket.next(
      (f) => f.type === "event" && (f.data as { run?: { id: string } }).run?.id === runId,
      "B's run on A",
    );
    const text = onA.text(file);
    onA.close();
    onB.close();

    // Both servers gone: the document is in the database; a new server serves it whole.
    await b.stop();
    await a.stop();
    const databaseUrl = a.platform.ctx.config.databaseUrl ?? "";
    a = await startTestServer("postgres", { ...shared, DATABASE_URL: databaseUrl });
    b = await startTestServer("postgres", {
      ...shared,
      TARGET: "realtime,sessions",
      DATABASE_URL: databaseUrl,
    });
    const back = await sessionPeer(a.url, host.token ?? "", id);
    assert.equal(back.text(file), text);
    back.close();
  });
});

describe("a catalog import reaches every replica's cache (PostgreSQL, Kafka, Redis)", {
  skip: skipChat,
}, () => {
  let a: TestServer;
  let b: TestServer;
  let shared: Record<string, string>;
  const root = path.resolve(import.meta.dirname, "../..");
  before(async () => {
    // A catalog replica on the same database.
    ({ a, b, shared } = await startPair("catalog"));
  });
  after(async () => {
    await b?.stop();
    await a?.stop();
  });

  const titleOnB = async () =>
    ((await (await fetch(`${b.url}/api/v1/courses/go-first-steps`)).json()) as { title: string }).title;

  /** Imports go-first-steps renamed `title` with `importer(dir)`, then waits for B to serve the title. */
  async function renameAndWatchB(title: string, importer: (dir: string) => Promise<void>): Promise<void> {
    // Read once on B: the course is now in B's cache, which keeps it for 30 s.
    const before = await titleOnB();
    assert.notEqual(before, title);
    const dir = mkdtempSync(path.join(tmpdir(), "gopro-catalog-"));
    try {
      const copy = path.join(dir, "go-first-steps");
      cpSync(path.join(root, "curriculum/go-first-steps"), copy, { recursive: true });
      const file = path.join(copy, "course.yaml");
      writeFileSync(file, readFileSync(file, "utf8").replace(/^title: .*$/m, `title: ${title}`));
      await importer(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // The import told every process through Redis to drop its cached reads: B serves the new title
    // well within its cache's 30 s.
    let seen = before;
    for (const end = Date.now() + 10_000; Date.now() < end && seen === before; await delay(50))
      seen = await titleOnB();
    assert.equal(seen, title);
  }

  test("a course re-imported on server A is served changed by server B without waiting for B's cache", async () => {
    await renameAndWatchB("Go First Steps, edited", async (dir) => {
      const r = await a.platform.clients.catalog?.importFrom(dir);
      assert.deepEqual(r?.imported, ["go-first-steps"]);
    });
  });

  test("so is one imported by `gopro curriculum import` run beside the servers", async () => {
    await renameAndWatchB("Go First Steps, from the CLI", async (dir) => {
      const r = await run(
        process.execPath,
        [path.join(root, "server/cli/main.ts"), "curriculum", "import", "--dir", dir],
        {
          cwd: root,
          env: {
            ...process.env,
            ...shared,
            DATABASE_URL: a.platform.ctx.config.databaseUrl ?? "",
            LOG_LEVEL: "warn",
          },
          timeout: 120_000,
        },
      );
      assert.match(r.stdout, /imported: go-first-steps;/);
    });
  });
});
