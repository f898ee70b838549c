/**
 * The WebSocket endpoint over a real socket: first-frame authentication, refusals with close codes
 * (never a crash), channel permissions, and a live notification pushed to its owner.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import WebSocket from "ws";
import { emit } from "../../server/platform/bus.ts";
import { Client, startTestServer, type TestServer } from "../support/server.ts";
import { upgradeStatus } from "../support/ws.ts";

interface Frame {
  type: string;
  channel?: string;
  code?: string;
  data?: unknown;
}

/** A socket that records frames and its close code. */
class Socket {
  readonly ws: WebSocket;
  readonly frames: Frame[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  constructor(url: string) {
    this.ws = new WebSocket(`${url.replace(/^http/, "ws")}/api/v1/ws`);
    this.ws.on("message", (b) => this.frames.push(JSON.parse(String(b)) as Frame));
    this.closed = new Promise((resolve) => {
      this.ws.on("close", (code, reason) => resolve({ code, reason: String(reason) }));
    });
  }
  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.ws.once("open", () => resolve());
      this.ws.once("error", reject);
    });
  }
  send(v: unknown): void {
    this.ws.send(typeof v === "string" ? v : JSON.stringify(v));
  }
  async next(match: (f: Frame) => boolean, what: string): Promise<Frame> {
    for (let i = 0; i < 200; i++) {
      const f = this.frames.find(match);
      if (f) return f;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`no frame: ${what}; got ${JSON.stringify(this.frames)}`);
  }
}

describe("WebSocket endpoint", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer("pglite");
  });
  after(() => server?.stop());

  const connect = async (): Promise<Socket> => {
    const s = new Socket(server.url);
    await s.open();
    return s;
  };

  test("a plain GET of the endpoint says to use WebSocket; an upgrade elsewhere is refused", async () => {
    const plain = await fetch(`${server.url}/api/v1/ws`);
    assert.equal(plain.status, 426);
    assert.equal(plain.headers.get("upgrade"), "websocket");
    const elsewhere = new WebSocket(`${server.url.replace(/^http/, "ws")}/api/v1/nope`);
    const refused = await new Promise<string>((resolve) => {
      elsewhere.on("unexpected-response", (_req, res) => resolve(String(res.statusCode)));
      elsewhere.on("error", (err) => resolve(err.message));
      elsewhere.on("open", () => resolve("opened"));
    });
    assert.match(refused, /404/);
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
  });

  test("a frame before authenticating closes with 4001; so does a refused token", async () => {
    const a = await connect();
    a.send({ type: "subscribe", channel: "notifications" });
    assert.equal((await a.closed).code, 4001);
    const b = await connect();
    b.send({ type: "auth", token: "not-a-token-at-all" });
    assert.equal((await b.closed).code, 4001);
  });

  test("unreadable frames get an error each, then close 4002; oversized frames close 1009", async () => {
    const c = new Client(server.url);
    await c.register();
    const s = await connect();
    s.send({ type: "auth", token: c.token });
    await s.next((f) => f.type === "ready", "ready");
    for (const bad of ["{", "[]", '{"type":"nope"}', '{"type":"subscribe"}', "null"]) s.send(bad);
    assert.equal((await s.closed).code, 4002);
    assert.equal(s.frames.filter((f) => f.code === "bad_message").length, 5);

    const big = await connect();
    big.send("x".repeat(70 * 1024));
    assert.equal((await big.closed).code, 1009);
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
  });

  test("channels: learners may not follow analytics; unknown channels are refused", async () => {
    const c = new Client(server.url);
    await c.register();
    const s = await connect();
    s.send({ type: "auth", token: c.token });
    await s.next((f) => f.type === "ready", "ready");
    s.send({ type: "subscribe", channel: "analytics" });
    s.send({ type: "subscribe", channel: "../../etc" });
    await s.next((f) => f.code === "forbidden", "forbidden");
    await s.next((f) => f.code === "unknown_channel", "unknown channel");
    s.ws.close();
  });

  test("a mention notification reaches its owner live, and only its owner", async () => {
    const owner = new Client(server.url);
    const ownerId = (await owner.register()).user.id;
    const other = new Client(server.url);
    await other.register();
    const [a, b] = [await connect(), await connect()];
    a.send({ type: "auth", token: owner.token });
    b.send({ type: "auth", token: other.token });
    for (const s of [a, b]) {
      await s.next((f) => f.type === "ready", "ready");
      s.send({ type: "subscribe", channel: "notifications" });
      await s.next((f) => f.type === "subscribed", "subscribed");
    }
    const { ctx } = server.platform;
    await ctx.db.transaction(async (tx) => {
      await emit(tx, {
        type: "chat.message_posted",
        actor: "system",
        aggregateId: "room-1",
        payload: {
          roomId: "room-1",
          courseId: "go-first-steps",
          messageId: "m-1",
          userId: "someone",
          mentions: [ownerId],
        },
      });
    });
    ctx.relay.wake();
    const pushed = await a.next((f) => f.type === "event" && f.channel === "notifications", "push");
    assert.equal((pushed.data as { userId: string }).userId, ownerId);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(b.frames.filter((f) => f.type === "event").length, 0);
    a.ws.close();
    b.ws.close();
  });
});

describe("the WebSocket upgrade limit per IP (in the process)", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer("pglite", { RATE_LIMIT_IP_PER_MIN: "3" });
  });
  after(async () => {
    await server?.stop();
  });

  test("upgrades past RATE_LIMIT_IP_PER_MIN in a minute get 429; the server stays up", async () => {
    // The count starts again each minute: begin well inside one.
    const left = 60_000 - (Date.now() % 60_000);
    if (left < 10_000) await new Promise((r) => setTimeout(r, left + 100));
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push(await upgradeStatus(server.url));
    assert.deepEqual(statuses, [101, 101, 101, 429, 429]);
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
  });
});
