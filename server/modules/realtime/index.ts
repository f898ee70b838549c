/**
 * realtime: the one WebSocket endpoint (`GET /api/v1/ws`) and the hub that pushes live updates to
 * signed-in browsers: notifications to their owner, analytics results to admins. Other modules
 * publish through the client; they never see a socket.
 */
import websocket from "@fastify/websocket";
import { Gauge } from "prom-client";
import type { AppContext, ModuleInstance } from "../../platform/module.ts";
import type { TokenVerifier } from "../gateway/index.ts";
import { type Channel, Hub, MAX_FRAME_BYTES, type RoomAuthorizer } from "./hub.ts";
import type { PresenceReport } from "./presence.ts";

export type { Channel, RoomAuthorizer } from "./hub.ts";
export { PRESENCE } from "./hub.ts";
export type { PresenceReport, PresentUser } from "./presence.ts";

export interface RealtimeClient {
  /** Push to the connections of one user that follow `channel`. */
  toUser(userId: string, channel: Channel, data: unknown): void;
  /** Push to every connection that follows `channel` (each channel checks who may follow it). */
  broadcast(channel: Channel, data: unknown): void;
  /** Opens the rooms `<kind>:<id>` (e.g. `chat:<courseId>`) to those `authorize` lets in. */
  allowRooms(kind: string, authorize: RoomAuthorizer): void;
  /** Push to every connection in room `<kind>:<id>`. */
  toRoom(kind: string, id: string, data: unknown): void;
  /** Where this process's presence reports go (the live bus), so other processes see its people. */
  reportPresence(report: (r: PresenceReport) => void): void;
  /** Another process's presence report. */
  receivePresence(r: PresenceReport): void;
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
      toRoom: (k, id, d) => hub.toRoom(k, id, d),
      reportPresence: (r) => hub.reportPresence(r),
      receivePresence: (r) => hub.receivePresence(r),
    },
    routes: async (app) => {
      await app.register(websocket, { options: { maxPayload: MAX_FRAME_BYTES } });
      app.get(
        "/api/v1/ws",
        {
          websocket: true,
          // Authentication is the first frame ({"type":"auth","token":…}), never the URL.
          config: { auth: "public" },
          schema: { hide: true },
        },
        (socket) => hub.accept(socket),
      );
    },
    stop: () => hub.close(),
  };
}
