/**
 * The WebSocket hub: one endpoint, many channels. A connection proves who it is with its first
 * message (the access token never appears in a URL, so never in access logs), then subscribes to
 * channels it is allowed to see. The hub pushes JSON frames; a connection that cannot keep up is
 * closed with a clear code instead of buffering without bound.
 */
import { type RawData, WebSocket } from "ws";
import { z } from "zod";
import type { Logger } from "../../platform/logger.ts";
import type { AuthClaims, TokenVerifier } from "../gateway/index.ts";
import { PresenceBook, type PresenceReport, REFRESH_MS } from "./presence.ts";

/** Close codes a client can act on (4000–4999 are the application's own). */
export const CLOSE = {
  /** No valid auth message in time, or the token was refused: get a fresh token and reconnect. */
  unauthenticated: 4001,
  /** Frames the server cannot read, again and again. */
  badFrames: 4002,
  /** The client read too slowly: reconnect (and resume). */
  tooSlow: 4008,
  /** Larger than MAX_FRAME_BYTES (the ws library's own code for it). */
  tooBig: 1009,
  /** The server is shutting down. */
  goingAway: 1001,
} as const;

export const MAX_FRAME_BYTES = 64 * 1024;
/** Bytes queued for one client before it counts as too slow. */
export const MAX_BUFFERED_BYTES = 1024 * 1024;
const AUTH_TIMEOUT_MS = 10_000;
const HEARTBEAT_MS = 25_000;
const MAX_BAD_FRAMES = 5;
/** Channels one connection may follow at once. */
export const MAX_CHANNELS = 100;

export type Channel = "notifications" | "analytics" | "leaderboards";
const CHANNELS: Record<Channel, (c: AuthClaims) => boolean> = {
  notifications: () => true,
  analytics: (c) => c.role === "admin",
  /** `{courseId}` when a course's leaderboards changed: pages showing it fetch it again. */
  leaderboards: () => true,
};

const ClientMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("auth"), token: z.string().min(1).max(4096) }),
  z.object({ type: z.literal("subscribe"), channel: z.string().max(100) }),
  z.object({ type: z.literal("unsubscribe"), channel: z.string().max(100) }),
  z.object({ type: z.literal("ping") }),
  // To the module behind a room this connection follows (e.g. a live session's document sync).
  z.object({ type: z.literal("room"), channel: z.string().max(100), data: z.unknown() }),
  // In a presence room: which lesson or exercise this tab shows (null: the course page).
  z.object({
    type: z.literal("here"),
    channel: z.string().max(100),
    item: z.string().min(1).max(200).nullable(),
  }),
]);

/** The presence rooms: `presence:<courseId>`. */
export const PRESENCE = "presence";

/**
 * Rooms are channels named `<kind>:<id>` (e.g. `chat:<courseId>`), each open only to those a
 * module says may follow it. A kind with no authorizer in this process is an unknown channel.
 */
export type RoomAuthorizer = (claims: AuthClaims, id: string) => Promise<boolean>;

/** A connection in a room, as the room's module sees it: a key unique in this process, and who it is. */
export interface RoomMember {
  readonly key: number;
  readonly claims: AuthClaims;
}

/** Hears what members send to the rooms of one kind; `reply` answers the sender only. */
export interface RoomHandler {
  message(
    member: RoomMember,
    id: string,
    data: unknown,
    reply: (data: unknown) => void,
  ): void | Promise<void>;
  /** The member left the room: unsubscribed or disconnected. */
  leave?(member: RoomMember, id: string): void;
}
const ROOM = /^([a-z]+):([A-Za-z0-9._-]{1,100})$/;
/** The kind and id of a room channel, or null for a fixed channel (or junk). */
function roomOf(channel: string): { kind: string; id: string } | null {
  const m = ROOM.exec(channel);
  return m?.[1] !== undefined && m[2] !== undefined ? { kind: m[1], id: m[2] } : null;
}

/**
 * A connection: a socket of the hub's own class (see `Hub.Socket`), which carries what the hub knows
 * of it. One object per connection, not a socket plus a record: per-connection memory is a goal
 * (bench/ws.bench.ts).
 */
interface Conn extends WebSocket {
  /** Unique in this process; 0 until the hub has accepted the socket. */
  key: number;
  /**
   * Who it is, once its token was verified (null until then): the claims' fields kept on the
   * socket itself, one object fewer per connection (see `claimsOf`).
   */
  userId: string | null;
  role: AuthClaims["role"];
  displayName: string;
  /**
   * Followed channels, sorted: a frozen list shared with every connection that follows the same
   * ones, replaced on change (see `#follow`).
   */
  channels: readonly string[];
  alive: boolean;
}

const NO_CHANNELS: readonly string[] = Object.freeze([]);

/** A connection's claims, for the rooms' modules; null until it has authenticated. */
function claimsOf(conn: Conn): AuthClaims | null {
  return conn.userId === null
    ? null
    : { userId: conn.userId, role: conn.role, displayName: conn.displayName };
}

export class Hub {
  readonly #conns = new Set<Conn>();
  readonly #verify: TokenVerifier;
  readonly #log: Logger;
  readonly #heartbeat: NodeJS.Timeout;
  readonly #rooms = new Map<string, RoomAuthorizer>();
  readonly #roomHandlers = new Map<string, RoomHandler>();
  /** Unreadable frames per connection: few send any, so not a field on every socket. */
  readonly #badFrames = new WeakMap<Conn, number>();
  /** The lists of channels connections follow, each shared by its followers, with how many they are. */
  readonly #lists = new Map<string, { list: readonly string[]; refs: number }>();
  #nextKey = 1;
  readonly #presence = new PresenceBook();
  readonly #presenceTimer: NodeJS.Timeout;
  /** Connections that have not authenticated yet, with the time they must have by. */
  readonly #pending = new Map<Conn, number>();
  readonly #authTimer: NodeJS.Timeout;
  /**
   * The socket class the `ws` server must create (its `WebSocket` option). Its sockets hand their
   * events straight to the hub instead of through listeners: four listeners per socket cost more
   * memory than the socket's own connection record (bench/ws.bench.ts).
   */
  readonly Socket: typeof WebSocket;
  /** Where this process's presence reports go (the live bus); none: this process only. */
  #report: ((r: PresenceReport) => void) | null = null;
  #dropped = 0;

  readonly #authTimeoutMs: number;

  constructor(verify: TokenVerifier, log: Logger, opts: { authTimeoutMs?: number } = {}) {
    this.#authTimeoutMs = opts.authTimeoutMs ?? AUTH_TIMEOUT_MS;
    this.#verify = verify;
    this.#log = log;
    this.#heartbeat = setInterval(() => this.#beat(), HEARTBEAT_MS);
    this.#heartbeat.unref();
    // Tell the other processes again who is here (so they do not expire us), and forget the ones
    // that stopped telling us.
    this.#presenceTimer = setInterval(() => {
      for (const courseId of this.#presence.localCourses()) this.#report?.(this.#presence.local(courseId));
      for (const courseId of this.#presence.expire()) this.#pushPresence(courseId);
    }, REFRESH_MS);
    this.#presenceTimer.unref();
    // One timer closes every connection that did not authenticate in time (not one timer each).
    this.#authTimer = setInterval(
      () => {
        const now = Date.now();
        for (const [conn, deadline] of this.#pending)
          if (deadline <= now) {
            this.#pending.delete(conn);
            conn.close(CLOSE.unauthenticated, "authenticate first");
          }
      },
      Math.min(1_000, this.#authTimeoutMs),
    );
    this.#authTimer.unref();
    const hub = this;
    this.Socket = class extends WebSocket implements Conn {
      key = 0;
      userId: string | null = null;
      role: AuthClaims["role"] = "learner";
      displayName = "";
      channels = NO_CHANNELS;
      alive = true;
      override emit(event: string | symbol, ...args: unknown[]): boolean {
        switch (event) {
          case "message":
            if (this.key === 0) return false;
            void hub.#onMessage(this, args[0] as RawData, args[1] === true).catch((err: unknown) => {
              hub.#log.warn({ err }, "realtime: message handling failed");
            });
            return true;
          case "pong":
            this.alive = true;
            return true;
          case "error":
            hub.#log.debug({ err: args[0] }, "realtime: socket error");
            return true;
          case "close":
            if (this.key !== 0) hub.#closed(this);
            return super.emit(event, ...args);
          default:
            return super.emit(event, ...args);
        }
      }
    };
  }

  get size(): number {
    return this.#conns.size;
  }

  /** Connections closed for reading too slowly since start. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Takes over a freshly upgraded socket. */
  accept(ws: WebSocket): void {
    if (!(ws instanceof this.Socket)) throw new Error("the ws server must create the hub's Socket class");
    const conn = ws as Conn;
    conn.key = this.#nextKey++;
    this.#conns.add(conn);
    this.#pending.set(conn, Date.now() + this.#authTimeoutMs);
  }

  #closed(conn: Conn): void {
    this.#pending.delete(conn);
    this.#conns.delete(conn);
    for (const courseId of this.#presence.coursesOf(conn)) this.#leave(courseId, conn);
    for (const channel of conn.channels) this.#leaveRoom(conn, channel);
    this.#release(conn.channels);
  }

  /**
   * Makes `channels` what `conn` follows, as the one shared copy of that list: connections that
   * follow the same channels (every tab on a course page, say) share one frozen array, names and
   * all, instead of each keeping its own.
   */
  #follow(conn: Conn, channels: readonly string[]): void {
    const old = conn.channels;
    if (channels.length === 0) conn.channels = NO_CHANNELS;
    else {
      const sorted = channels.toSorted();
      const key = sorted.join("\n");
      let shared = this.#lists.get(key);
      if (shared === undefined) {
        // A copy of exactly their number (the sorted array may have room to spare).
        shared = { list: Object.freeze(sorted.slice()), refs: 0 };
        this.#lists.set(key, shared);
      }
      shared.refs++;
      conn.channels = shared.list;
    }
    this.#release(old);
  }

  #release(list: readonly string[]): void {
    if (list.length === 0) return;
    const key = list.join("\n");
    const shared = this.#lists.get(key);
    if (shared !== undefined && --shared.refs === 0) this.#lists.delete(key);
  }

  /** Sends this process's presence reports to `report` (the composition root: the live bus). */
  reportPresence(report: (r: PresenceReport) => void): void {
    this.#report = report;
  }

  /** Another process's presence report for a course. */
  receivePresence(r: PresenceReport): void {
    if (r.node === this.#presence.node) return;
    this.#presence.receive(r);
    this.#pushPresence(r.courseId);
  }

  #pushPresence(courseId: string): void {
    this.toRoom(PRESENCE, courseId, { courseId, users: this.#presence.view(courseId) });
  }

  #presenceChanged(courseId: string): void {
    this.#report?.(this.#presence.local(courseId));
    this.#pushPresence(courseId);
  }

  #leave(courseId: string, conn: Conn): void {
    if (this.#presence.remove(courseId, conn)) this.#presenceChanged(courseId);
  }

  /** Push to every connection of `userId` that subscribed to `channel`. */
  toUser(userId: string, channel: Channel, data: unknown): void {
    let frame: string | undefined;
    for (const c of this.#conns) {
      if (c.userId !== userId || !c.channels.includes(channel)) continue;
      frame ??= JSON.stringify({ type: "event", channel, data });
      this.#sendRaw(c, frame);
    }
  }

  /** Opens the rooms `<kind>:<id>` to the connections `authorize` lets in. */
  allowRooms(kind: string, authorize: RoomAuthorizer): void {
    this.#rooms.set(kind, authorize);
  }

  /**
   * Asks the rooms' authorizers again about `userId`'s connections in `channels` (e.g. after they
   * left a course) and takes them out of those no longer open to them, with an `unsubscribed` frame.
   */
  async recheck(userId: string, channels: readonly string[]): Promise<void> {
    for (const c of [...this.#conns]) {
      const claims = c.userId === userId ? claimsOf(c) : null;
      if (claims === null) continue;
      for (const channel of channels) {
        const room = roomOf(channel);
        const authorize = room !== null ? this.#rooms.get(room.kind) : undefined;
        if (!c.channels.includes(channel) || authorize === undefined || room === null) continue;
        if (await authorize(claims, room.id).catch(() => false)) continue;
        if (this.#drop(c, channel)) this.#send(c, { type: "unsubscribed", channel, reason: "forbidden" });
      }
    }
  }

  /** Sends what members write to the rooms `<kind>:<id>` to `handler`. */
  handleRooms(kind: string, handler: RoomHandler): void {
    this.#roomHandlers.set(kind, handler);
  }

  /** Push to every connection in room `<kind>:<id>`, except the member with key `except`. */
  toRoom(kind: string, id: string, data: unknown, except?: number): void {
    this.broadcast(`${kind}:${id}`, data, except);
  }

  /**
   * Takes `conn` out of `channel`: out of its presence when it is a presence room, and the room's
   * module hears it left. False when it was not in it.
   */
  #drop(conn: Conn, channel: string): boolean {
    const at = conn.channels.indexOf(channel);
    if (at < 0) return false;
    this.#follow(conn, conn.channels.toSpliced(at, 1));
    const room = roomOf(channel);
    if (room?.kind === PRESENCE) this.#leave(room.id, conn);
    this.#leaveRoom(conn, channel);
    return true;
  }

  #leaveRoom(conn: Conn, channel: string): void {
    const room = roomOf(channel);
    const handler = room !== null ? this.#roomHandlers.get(room.kind) : undefined;
    const claims = claimsOf(conn);
    if (handler?.leave === undefined || room === null || claims === null) return;
    try {
      handler.leave({ key: conn.key, claims }, room.id);
    } catch (err) {
      this.#log.warn({ err, channel }, "realtime: room leave failed");
    }
  }

  /** Push to every connection subscribed to `channel`. */
  broadcast(channel: Channel | `${string}:${string}`, data: unknown, except?: number): void {
    const frame = JSON.stringify({ type: "event", channel, data });
    for (const c of this.#conns)
      if (c.key !== except && c.channels.includes(channel)) this.#sendRaw(c, frame);
  }

  close(): void {
    clearInterval(this.#heartbeat);
    clearInterval(this.#presenceTimer);
    clearInterval(this.#authTimer);
    // Leave every room, so the other processes drop this one's people at once.
    for (const courseId of this.#presence.localCourses())
      this.#report?.({ node: this.#presence.node, courseId, users: [] });
    for (const c of this.#conns) c.close(CLOSE.goingAway, "server shutting down");
  }

  async #onMessage(conn: Conn, raw: unknown, isBinary: boolean): Promise<void> {
    let msg: z.infer<typeof ClientMessage>;
    try {
      if (isBinary) throw new Error("binary frame");
      msg = ClientMessage.parse(JSON.parse(String(raw)));
    } catch {
      const bad = (this.#badFrames.get(conn) ?? 0) + 1;
      this.#badFrames.set(conn, bad);
      this.#send(conn, {
        type: "error",
        code: "bad_message",
        message: "Frames are JSON objects with a known type.",
      });
      if (bad >= MAX_BAD_FRAMES) conn.close(CLOSE.badFrames, "too many unreadable frames");
      return;
    }
    if (msg.type === "auth") {
      try {
        const verified = await this.#verify(msg.token);
        conn.userId = verified.userId;
        conn.role = verified.role;
        conn.displayName = verified.displayName;
        this.#pending.delete(conn);
        this.#send(conn, { type: "ready", userId: verified.userId });
      } catch {
        conn.close(CLOSE.unauthenticated, "token refused");
      }
      return;
    }
    const claims = claimsOf(conn);
    if (claims === null) {
      conn.close(CLOSE.unauthenticated, "authenticate first");
      return;
    }
    if (msg.type === "ping") {
      this.#send(conn, { type: "pong" });
      return;
    }
    const channel = msg.channel;
    const room = roomOf(channel);
    const notSubscribed = () =>
      this.#send(conn, { type: "error", code: "not_subscribed", message: `Subscribe to ${channel} first.` });
    if (msg.type === "room") {
      const handler = room !== null ? this.#roomHandlers.get(room.kind) : undefined;
      if (handler === undefined || room === null || !conn.channels.includes(channel)) return notSubscribed();
      await handler.message({ key: conn.key, claims }, room.id, msg.data, (data) =>
        this.#send(conn, { type: "event", channel, data }),
      );
      return;
    }
    if (msg.type === "here") {
      if (room?.kind !== PRESENCE || !conn.channels.includes(channel)) return notSubscribed();
      this.#presence.set(room.id, conn, claims, msg.item);
      this.#presenceChanged(room.id);
      return;
    }
    const authorize = room !== null ? this.#rooms.get(room.kind) : undefined;
    const fixed = Object.hasOwn(CHANNELS, channel) ? CHANNELS[channel as Channel] : null;
    if (fixed === null && authorize === undefined) {
      this.#send(conn, { type: "error", code: "unknown_channel", message: `No channel ${channel}.` });
      return;
    }
    // Leaving needs no permission; following does.
    let allowed = msg.type === "unsubscribe";
    if (!allowed && fixed !== null) allowed = fixed(claims);
    else if (!allowed && authorize !== undefined && room !== null)
      allowed = await authorize(claims, room.id).catch((err: unknown) => {
        this.#log.warn({ err, channel }, "realtime: room authorization failed");
        return false;
      });
    if (!allowed) {
      this.#send(conn, { type: "error", code: "forbidden", message: `Not allowed to follow ${channel}.` });
      return;
    }
    if (msg.type === "subscribe") {
      if (!conn.channels.includes(channel)) {
        if (conn.channels.length >= MAX_CHANNELS) {
          this.#send(conn, {
            type: "error",
            code: "too_many_channels",
            message: `A connection follows at most ${MAX_CHANNELS} channels.`,
          });
          return;
        }
        this.#follow(conn, [...conn.channels, channel]);
      }
      this.#send(conn, { type: "subscribed", channel });
      // Joining a presence room is being there (on the course page until the tab says more).
      if (room?.kind === PRESENCE) {
        this.#presence.set(room.id, conn, claims, null);
        this.#presenceChanged(room.id);
      }
    } else {
      this.#drop(conn, channel);
      this.#send(conn, { type: "unsubscribed", channel });
    }
  }

  #send(conn: Conn, frame: unknown): void {
    this.#sendRaw(conn, JSON.stringify(frame));
  }

  #sendRaw(conn: Conn, frame: string): void {
    if (conn.readyState !== conn.OPEN) return;
    if (conn.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.#dropped++;
      conn.close(CLOSE.tooSlow, "reading too slowly");
      return;
    }
    conn.send(frame);
  }

  #beat(): void {
    for (const c of this.#conns) {
      if (!c.alive) {
        c.terminate();
        continue;
      }
      c.alive = false;
      c.ping();
    }
  }
}
