/**
 * The hub's connection lifecycle on real sockets: one that never authenticates is closed with 4001
 * once its time is up (one shared timer, not one per socket), one that did stays, and a closed
 * socket leaves nothing behind in the hub.
 */
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import WebSocket, { WebSocketServer } from "ws";
import { createLogger } from "../../platform/logger.ts";
import { CLOSE, Hub, MAX_CHANNELS } from "./hub.ts";

const server = createServer();
const hub = new Hub(
  async (token) => {
    if (token !== "good") throw new Error("refused");
    return { userId: "u1", role: "learner", displayName: "U" };
  },
  createLogger("silent"),
  { authTimeoutMs: 300 },
);
const wss = new WebSocketServer({ server, clientTracking: false, WebSocket: hub.Socket });
wss.on("connection", (ws) => hub.accept(ws));
let url = "";
before(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  hub.close();
  server.close();
});

const open = async (): Promise<{ ws: WebSocket; closed: Promise<number> }> => {
  const ws = new WebSocket(url);
  const closed = new Promise<number>((r) => ws.once("close", (code) => r(code)));
  await new Promise((r) => ws.once("open", r));
  return { ws, closed };
};

test("a socket that does not authenticate in time is closed with 4001; one that did stays", async () => {
  const silent = await open();
  const good = await open();
  good.ws.send(JSON.stringify({ type: "auth", token: "good" }));
  assert.equal(await silent.closed, CLOSE.unauthenticated);
  // Well past the deadline, the authenticated one still answers.
  await new Promise((r) => setTimeout(r, 500));
  const pong = new Promise((r) => good.ws.once("message", (m) => r(JSON.parse(String(m)))));
  good.ws.send(JSON.stringify({ type: "ping" }));
  assert.deepEqual(await pong, { type: "pong" });
  assert.equal(hub.size, 1);
  good.ws.close();
  await good.closed;
  for (let i = 0; i < 50 && hub.size > 0; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(hub.size, 0, "a closed socket leaves the hub");
});

test("a connection follows at most MAX_CHANNELS channels; leaving one makes room", async () => {
  hub.allowRooms("t", async () => true);
  const { ws, closed } = await open();
  const frames: Array<{ type: string; channel?: string; code?: string }> = [];
  ws.on("message", (m) => frames.push(JSON.parse(String(m))));
  ws.send(JSON.stringify({ type: "auth", token: "good" }));
  for (let i = 0; i < 200 && !frames.some((f) => f.type === "ready"); i++)
    await new Promise((r) => setTimeout(r, 10));
  for (let i = 0; i <= MAX_CHANNELS; i++) ws.send(JSON.stringify({ type: "subscribe", channel: `t:${i}` }));
  const answered = () => frames.filter((f) => f.type === "subscribed" || f.type === "error").length;
  for (let i = 0; i < 200 && answered() < MAX_CHANNELS + 1; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(frames.filter((f) => f.type === "subscribed").length, MAX_CHANNELS);
  assert.deepEqual(
    frames.filter((f) => f.type === "error").map((f) => f.code),
    ["too_many_channels"],
  );
  ws.send(JSON.stringify({ type: "unsubscribe", channel: "t:0" }));
  ws.send(JSON.stringify({ type: "subscribe", channel: `t:${MAX_CHANNELS}` }));
  for (
    let i = 0;
    i < 200 && !frames.some((f) => f.channel === `t:${MAX_CHANNELS}` && f.type === "subscribed");
    i++
  )
    await new Promise((r) => setTimeout(r, 10));
  assert.ok(frames.some((f) => f.channel === `t:${MAX_CHANNELS}` && f.type === "subscribed"));
  ws.close();
  await closed;
});

test("connections that follow the same channels share the list; one leaving a channel leaves the other in it", async () => {
  hub.allowRooms("t", async () => true);
  const member = async (channels: string[]) => {
    const { ws, closed } = await open();
    const frames: Array<{ type: string; channel?: string; data?: unknown }> = [];
    ws.on("message", (m) => frames.push(JSON.parse(String(m))));
    const until = async (ok: () => boolean) => {
      for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
      assert.ok(ok());
    };
    ws.send(JSON.stringify({ type: "auth", token: "good" }));
    await until(() => frames.some((f) => f.type === "ready"));
    for (const channel of channels) ws.send(JSON.stringify({ type: "subscribe", channel }));
    await until(() => frames.filter((f) => f.type === "subscribed").length === channels.length);
    return { ws, closed, frames, until };
  };
  const a = await member(["t:x", "t:y"]);
  const b = await member(["t:y", "t:x"]);
  a.ws.send(JSON.stringify({ type: "unsubscribe", channel: "t:x" }));
  await a.until(() => a.frames.some((f) => f.type === "unsubscribed"));
  hub.toRoom("t", "x", "to x");
  hub.toRoom("t", "y", "to y");
  const events = (m: typeof a) =>
    m.frames.filter((f) => f.type === "event").map((f) => `${f.channel} ${f.data}`);
  await b.until(() => events(b).length === 2);
  await a.until(() => events(a).length === 1);
  assert.deepEqual(events(b), ["t:x to x", "t:y to y"]);
  assert.deepEqual(events(a), ["t:y to y"]);
  for (const m of [a, b]) {
    m.ws.close();
    await m.closed;
  }
});
