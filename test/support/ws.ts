/** A signed-in WebSocket to a test server's `/api/v1/ws`, recording the frames it receives. */
import WebSocket from "ws";
import { fileText, SessionSync } from "../../web/src/lib/sessionSync.ts";

export interface Frame {
  type: string;
  channel?: string;
  code?: string;
  data?: unknown;
}

export interface LiveSocket {
  ws: WebSocket;
  frames: Frame[];
  /** Waits (up to 10 s) for a frame that matches. */
  next(match: (f: Frame) => boolean, what: string): Promise<Frame>;
  /** The `data` of the latest event frame on `channel`. */
  latest<T>(channel: string): T | undefined;
}

/**
 * Opens a socket, authenticates with `token` in the first frame and, with `channel`, subscribes and
 * waits for the answer (`subscribed`, or an error frame such as `forbidden`).
 */
export async function liveSocket(baseUrl: string, token: string, channel?: string): Promise<LiveSocket> {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, "ws")}/api/v1/ws`);
  const frames: Frame[] = [];
  ws.on("message", (b) => frames.push(JSON.parse(String(b)) as Frame));
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  const next = async (match: (f: Frame) => boolean, what: string): Promise<Frame> => {
    for (let i = 0; i < 400; i++) {
      const f = frames.find(match);
      if (f) return f;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`no frame: ${what}; got ${JSON.stringify(frames)}`);
  };
  ws.send(JSON.stringify({ type: "auth", token }));
  await next((f) => f.type === "ready", "ready");
  if (channel !== undefined) {
    ws.send(JSON.stringify({ type: "subscribe", channel }));
    await next(
      (f) => (f.type === "subscribed" && f.channel === channel) || f.type === "error",
      `answer for ${channel}`,
    );
  }
  const latest = <T>(ch: string): T | undefined =>
    frames.filter((f) => f.type === "event" && f.channel === ch).at(-1)?.data as T | undefined;
  return { ws, frames, next, latest };
}

/** A live session's document over a LiveSocket: the browser's SessionSync driven by real frames. */
export interface SessionPeer {
  socket: LiveSocket;
  sync: SessionSync;
  /** The text of a file in this peer's copy of the document. */
  text(file: string): string;
  /** Waits (up to 10 s) until `ok` holds for this peer's copy. */
  until(ok: () => boolean, what: string): Promise<void>;
  close(): void;
}

/** Subscribes to `session:<id>` and keeps a SessionSync in step with it, as the session page does. */
export async function sessionPeer(baseUrl: string, token: string, sessionId: string): Promise<SessionPeer> {
  const channel = `session:${sessionId}`;
  const socket = await liveSocket(baseUrl, token, channel);
  const sync = new SessionSync((data) => socket.ws.send(JSON.stringify({ type: "room", channel, data })));
  socket.ws.on("message", (b) => {
    const f = JSON.parse(String(b)) as Frame;
    if (f.type === "event" && f.channel === channel) sync.receive(f.data);
  });
  // The server closing the socket (e.g. it stops) ends the peer too: its awareness timer with it.
  socket.ws.on("close", () => sync.destroy());
  sync.start();
  const until = async (ok: () => boolean, what: string) => {
    for (let i = 0; i < 400 && !ok(); i++) await new Promise((r) => setTimeout(r, 25));
    if (!ok()) throw new Error(`session peer: ${what}`);
  };
  await until(() => sync.synced, "synced");
  return {
    socket,
    sync,
    text: (file) => fileText(sync.doc, file).toString(),
    until,
    close() {
      sync.destroy();
      socket.ws.close();
    },
  };
}

/**
 * Tries one WebSocket upgrade at `baseUrl`'s endpoint: 101 when it opened (the socket is closed
 * again at once), else the HTTP status the server refused it with.
 */
export function upgradeStatus(baseUrl: string): Promise<number> {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, "ws")}/api/v1/ws`);
  return new Promise((resolve, reject) => {
    ws.on("open", () => {
      ws.close();
      resolve(101);
    });
    ws.on("unexpected-response", (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.on("error", reject);
  });
}
