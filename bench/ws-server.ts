/**
 * The server side of bench/ws.bench.ts, run as a child process so its memory is its own:
 *   node --expose-gc bench/ws-server.ts platform   the whole platform; sockets on GET /api/v1/ws
 *   node --expose-gc bench/ws-server.ts raw        a bare `ws` WebSocketServer
 *   node --expose-gc bench/ws-server.ts fastify    bare Fastify with @fastify/websocket, no hooks
 * It answers the parent over IPC: {cmd:"mem"} → resident memory after a full GC; {cmd:"broadcast",
 * count, data} → sends `data` to every socket `count` times (the platform through its hub's
 * broadcast on the "leaderboards" channel, the bare server with a send loop over its clients).
 */
import { WebSocketServer } from "ws";

type Command = { cmd: "mem" } | { cmd: "broadcast"; count: number; data: unknown } | { cmd: "stop" };

const mode = process.argv[2];

/**
 * The bare servers answer the same opening exchange as the hub (`auth` → `ready`, `subscribe` →
 * `subscribed`), so every socket has read two frames and written two on both sides; what the bare
 * server does not keep is what the hub keeps per connection (who it is, what it follows).
 */
function handshake(this: import("ws").WebSocket, data: import("ws").RawData): void {
  let m: { type?: unknown; channel?: unknown };
  try {
    m = JSON.parse(String(data)) as typeof m;
  } catch {
    return;
  }
  if (m.type === "auth") this.send(JSON.stringify({ type: "ready", userId: "bare" }));
  else if (m.type === "subscribe") this.send(JSON.stringify({ type: "subscribed", channel: m.channel }));
}
const gc = (globalThis as { gc?: () => void }).gc;
const send = (m: unknown) => process.send?.(m);

function memory(): { rss: number; heap: number } {
  for (let i = 0; i < 3; i++) gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed + m.external + m.arrayBuffers };
}

if (mode === "platform") {
  // Loaded only here, so the other servers' memory does not include the platform's modules.
  const { learnerToken, startPlatform } = await import("./analytics-support.ts");
  const app = await startPlatform();
  const realtime = app.platform.clients.realtime;
  if (!realtime) throw new Error("realtime module not running");
  const token = await learnerToken(app.url, 0);
  process.on("message", async (m: Command) => {
    if (m.cmd === "mem") send(memory());
    else if (m.cmd === "broadcast") {
      for (let i = 0; i < m.count; i++) realtime.broadcast("leaderboards", m.data);
      send({ sent: m.count });
    } else {
      await app.platform.stop();
      process.exit(0);
    }
  });
  send({ ready: true, url: `${app.url.replace(/^http/, "ws")}/api/v1/ws`, token });
} else if (mode === "fastify") {
  const { default: Fastify } = await import("fastify");
  const { default: websocket } = await import("@fastify/websocket");
  const app = Fastify();
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  const sockets = new Set<import("ws").WebSocket>();
  app.get("/ws", { websocket: true }, (socket) => {
    sockets.add(socket);
    socket.on("message", handshake);
    socket.on("close", () => sockets.delete(socket));
  });
  const url = await app.listen({ host: "127.0.0.1", port: 0 });
  process.on("message", async (m: Command) => {
    if (m.cmd === "mem") send(memory());
    else if (m.cmd === "broadcast") {
      for (let i = 0; i < m.count; i++) {
        const frame = JSON.stringify({ type: "event", channel: "leaderboards", data: m.data });
        for (const c of sockets) c.send(frame);
      }
      send({ sent: m.count });
    } else {
      await app.close();
      process.exit(0);
    }
  });
  send({ ready: true, url: `${url.replace(/^http/, "ws")}/ws`, token: "bare" });
} else if (mode === "raw") {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0, maxPayload: 64 * 1024 });
  await new Promise((r) => wss.once("listening", r));
  wss.on("connection", (ws) => {
    ws.on("error", () => undefined);
    ws.on("message", handshake);
  });
  const address = wss.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  process.on("message", (m: Command) => {
    if (m.cmd === "mem") send(memory());
    else if (m.cmd === "broadcast") {
      for (let i = 0; i < m.count; i++) {
        // The same frame the hub sends, serialized once per broadcast.
        const frame = JSON.stringify({ type: "event", channel: "leaderboards", data: m.data });
        for (const c of wss.clients) c.send(frame);
      }
      send({ sent: m.count });
    } else {
      wss.close();
      process.exit(0);
    }
  });
  send({ ready: true, url: `ws://127.0.0.1:${port}`, token: "bare" });
} else {
  console.error("usage: node --expose-gc bench/ws-server.ts platform|raw|fastify");
  process.exit(2);
}
