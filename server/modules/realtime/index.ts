/**
 * realtime: the one WebSocket endpoint (`GET /api/v1/ws`) and the hub that pushes live updates to
 * signed-in browsers: notifications to their owner, analytics results to admins. Other modules
 * publish through the client; they never see a socket.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { Gauge } from "prom-client";
import { WebSocketServer } from "ws";
import { AppError } from "../../platform/errors.ts";
import type { AppContext, ModuleInstance } from "../../platform/module.ts";
import { SlidingLimit } from "../../platform/sliding-limit.ts";
import type { TokenVerifier } from "../gateway/index.ts";
import { type Channel, Hub, MAX_FRAME_BYTES, type RoomAuthorizer, type RoomHandler } from "./hub.ts";
import type { PresenceReport } from "./presence.ts";

export type { Channel, RoomAuthorizer, RoomHandler, RoomMember } from "./hub.ts";

const WS_PATH = "/api/v1/ws";

/** A socket error before the upgrade completes: the socket closes; nothing to do (one function for all). */
const ignore = (): void => undefined;

/** Answers an upgrade request that will not be upgraded, and closes the connection. */
function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * Upgrade requests per client IP and minute (the gateway's RATE_LIMIT_IP_PER_MIN), counted in this
 * process: a count per IP in the current minute, so it costs nothing per connection.
 */
class UpgradeLimiter {
  readonly #perMinute: number;
  #window = 0;
  #counts = new Map<string, number>();

  constructor(perMinute: number) {
    this.#perMinute = perMinute;
  }

  take(ip: string): boolean {
    const window = Math.floor(Date.now() / 60_000);
    if (window !== this.#window) {
      this.#window = window;
      this.#counts = new Map();
    }
    const n = (this.#counts.get(ip) ?? 0) + 1;
    this.#counts.set(ip, n);
    return n <= this.#perMinute;
  }
}

export { PRESENCE } from "./hub.ts";
export type { PresenceReport, PresentUser } from "./presence.ts";

export interface RealtimeClient {
  /** Push to the connections of one user that follow `channel`. */
  toUser(userId: string, channel: Channel, data: unknown): void;
  /** Push to every connection that follows `channel` (each channel checks who may follow it). */
  broadcast(channel: Channel, data: unknown): void;
  /** Opens the rooms `<kind>:<id>` (e.g. `chat:<courseId>`) to those `authorize` lets in. */
  allowRooms(kind: string, authorize: RoomAuthorizer): void;
  /** Push to every connection in room `<kind>:<id>` (but the member with key `except`). */
  toRoom(kind: string, id: string, data: unknown, except?: number): void;
  /** Sends what members write to the rooms `<kind>:<id>` (and their leaving) to `handler`. */
  handleRooms(kind: string, handler: RoomHandler): void;
  /** Where this process's presence reports go (the live bus), so other processes see its people. */
  reportPresence(report: (r: PresenceReport) => void): void;
  /** Another process's presence report. */
  receivePresence(r: PresenceReport): void;
  /** Asks the rooms again whether `userId` may stay in `channels`; drops them where not. */
  recheck(userId: string, channels: readonly string[]): Promise<void>;
}

export async function createRealtime(
  ctx: AppContext,
  deps: { verifyToken: TokenVerifier },
): Promise<ModuleInstance<RealtimeClient>> {
  const hub = new Hub(deps.verifyToken, ctx.log.child({ module: "realtime" }));
  new Gauge({
    name: "gopro_ws_connections",
    help: "Open WebSocket connections",
    registers: [ctx.metrics],
    collect() {
      this.set(hub.size);
    },
  });
  new Gauge({
    name: "gopro_ws_dropped_slow_total",
    help: "WebSocket connections closed for reading too slowly",
    registers: [ctx.metrics],
    collect() {
      this.set(hub.dropped);
    },
  });
  return {
    client: {
      toUser: (u, c, d) => hub.toUser(u, c, d),
      broadcast: (c, d) => hub.broadcast(c, d),
      allowRooms: (k, a) => hub.allowRooms(k, a),
      toRoom: (k, id, d, except) => hub.toRoom(k, id, d, except),
      handleRooms: (k, h) => hub.handleRooms(k, h),
      reportPresence: (r) => hub.reportPresence(r),
      receivePresence: (r) => hub.receivePresence(r),
      recheck: (u, channels) => hub.recheck(u, channels),
    },
    routes: (app) => {
      // The upgrade is taken straight from the HTTP server: going through Fastify's routing (as
      // @fastify/websocket does) kept each socket's request, reply and logger in memory, about
      // 7 KiB per connection (bench/ws.bench.ts). The gateway's per-IP limit is applied here.
      // The hub keeps its own set of connections: no second one in the ws server.
      const wss = new WebSocketServer({
        noServer: true,
        maxPayload: MAX_FRAME_BYTES,
        clientTracking: false,
        WebSocket: hub.Socket,
      });
      const perMinute = ctx.config.rateLimit.ipPerMin;
      const local = new UpgradeLimiter(perMinute);
      // With REDIS_URL the budget is shared by every replica, as the gateway's HTTP limits are (while
      // Redis is away, SlidingLimit counts in this process).
      const shared =
        ctx.limits.kind === "redis"
          ? new SlidingLimit({
              max: perMinute,
              windowMs: 60_000,
              what: "connections",
              name: "ws-upgrade",
              now: Date.now,
              store: ctx.limits,
              log: ctx.log,
            })
          : null;
      const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
        // The client may have gone while the shared limit was asked.
        if (socket.destroyed) return;
        // Authentication is the first frame ({"type":"auth","token":…}), never the URL.
        wss.handleUpgrade(req, socket, head, (ws) => {
          // The WebSocket has its own error listener on the socket now.
          socket.off("error", ignore);
          hub.accept(ws);
        });
      };
      app.server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
        socket.on("error", ignore);
        const path = (req.url ?? "").split("?")[0];
        if (path !== WS_PATH) return refuse(socket, 404, "Not Found");
        const ip = req.socket.remoteAddress ?? "?";
        // Reading the address made Node cache it on the socket, which lives as long as the
        // connection: forget it (Node asks the handle again if anything reads it later).
        (req.socket as unknown as { _peername?: unknown })._peername = undefined;
        if (shared === null) {
          if (!local.take(ip)) return refuse(socket, 429, "Too Many Requests");
          return upgrade(req, socket, head);
        }
        shared.take(ip).then(
          () => upgrade(req, socket, head),
          (err: unknown) => {
            if (err instanceof AppError && err.code === "rate_limited")
              return refuse(socket, 429, "Too Many Requests");
            ctx.log.error({ err }, "WebSocket upgrade limit failed");
            refuse(socket, 503, "Service Unavailable");
          },
        );
      });
      app.get(WS_PATH, { config: { auth: "public" }, schema: { hide: true } }, async (req, reply) =>
        reply
          .status(426)
          .header("upgrade", "websocket")
          .send({
            error: {
              code: "bad_request",
              message: "This is the WebSocket endpoint: connect with a WebSocket client",
              requestId: req.id,
            },
          }),
      );
      // Upgraded sockets keep the HTTP server from closing: close them before it starts to (preClose;
      // in onClose, which runs after the server has closed, a tab left open hung the shutdown).
      app.addHook("preClose", async () => {
        hub.close();
        wss.close();
      });
    },
    stop: () => hub.close(),
  };
}
