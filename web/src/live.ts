/**
 * The live connection: at most one WebSocket per tab to `/api/v1/ws`, opened only while some
 * component of a signed-in user follows a channel. The access token goes in the first frame (never
 * in the URL), channels are reference counted (the first follower subscribes, the last one leaving
 * unsubscribes), and a dropped connection comes back on its own with exponential backoff and jitter.
 * After a 4001 (token refused) the next attempt first gets a fresh token through the app's
 * single-flight refresh. Components use `useLiveChannel`; nothing else touches the socket.
 */
import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { getAccessToken, getCurrentUser, onSessionChange, refreshSession } from "./api.ts";
import type { AnalyticsUpdate, ChatChange, Notification, SessionPush } from "./types.ts";

/** A course's chat room. */
export type ChatRoom = `chat:${string}`;
/** A course's presence room: who is in the course, and where. */
export type PresenceRoom = `presence:${string}`;
/** A live session's room: its document sync (`{sync}`, `{aw}`), runs, chat and state changes. */
export type SessionRoom = `session:${string}`;

/** Someone in a course: the lessons or exercises their open tabs show. */
export interface PresentUser {
  userId: string;
  displayName: string;
  items: string[];
}

/** What each channel pushes (`data` of an `{"type":"event"}` frame). */
export interface LiveEvents {
  notifications: NotificationChange;
  analytics: AnalyticsUpdate;
  /** A course whose leaderboards changed. */
  leaderboards: { courseId: string };
  [room: ChatRoom]: ChatChange;
  [room: PresenceRoom]: { courseId: string; users: PresentUser[] };
  [room: SessionRoom]:
    | SessionPush
    | { sync: string }
    | { aw: string }
    | { kind: "error"; code: string; message: string };
}
export type LiveChannel = keyof LiveEvents;

/** A change to the signed-in learner's inbox. */
export interface NotificationChange {
  userId: string;
  /** The new or changed notification; null when several changed at once (mark all read). */
  notification: Notification | null;
  /** Unread count after the change: what the bell shows. */
  unread: number;
}

/**
 * idle: nothing to follow (or signed out) · connecting: first connection or authentication under way ·
 * live: authenticated, subscriptions flowing · reconnecting: dropped, waiting for the next attempt.
 */
export type LiveStatus = "idle" | "connecting" | "live" | "reconnecting";

interface Subscriber {
  onEvent(data: unknown): void;
  /** The server confirmed the subscription: the first time, and again after every reconnect. */
  onSubscribed?(): void;
}

/** Application close codes of the hub (server/modules/realtime/hub.ts). */
const CLOSE_UNAUTHENTICATED = 4001;
const NORMAL_CLOSURE = 1000;

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;
/** How long an unused connection stays open, so moving between pages does not reconnect. */
const LINGER_MS = 5_000;

/**
 * Delay before reconnect attempt `attempt` (0-based): exponential up to 30 s, half of it random
 * ("equal jitter"), so tabs dropped by a server restart do not all come back at the same instant.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const cap = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempt));
  return Math.round(cap / 2 + (random() * cap) / 2);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;
const isChannel = (v: unknown): v is LiveChannel =>
  v === "notifications" ||
  v === "analytics" ||
  v === "leaderboards" ||
  (typeof v === "string" && /^(chat|presence|session):[A-Za-z0-9._-]{1,100}$/.test(v));

function socketUrl(): string {
  const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${window.location.host}/api/v1/ws`;
}

class LiveConnection {
  #ws: WebSocket | null = null;
  #ready = false;
  /** Bumped whenever the connection is torn down on purpose: stale async work checks it and stops. */
  #generation = 0;
  #opening = false;
  #attempt = 0;
  #needsFreshToken = false;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #lingerTimer: ReturnType<typeof setTimeout> | null = null;
  #userId: string | null = getCurrentUser()?.id ?? null;
  readonly #subs = new Map<LiveChannel, Set<Subscriber>>();
  /** Channels the server has confirmed on the current socket. */
  readonly #confirmed = new Set<LiveChannel>();
  #status: LiveStatus = "idle";
  readonly #statusListeners = new Set<() => void>();

  constructor() {
    onSessionChange((user) => {
      const id = user?.id ?? null;
      // A refreshed token for the same user keeps the socket: it was authenticated once already.
      if (id === this.#userId) return;
      this.#userId = id;
      this.#teardown();
      this.#ensure();
    });
    // Back online: do not sit out the rest of a long backoff.
    window.addEventListener("online", () => {
      if (this.#retryTimer === null) return;
      clearTimeout(this.#retryTimer);
      this.#retryTimer = null;
      this.#ensure();
    });
  }

  get status(): LiveStatus {
    return this.#status;
  }

  onStatus(listener: () => void): () => void {
    this.#statusListeners.add(listener);
    return () => this.#statusListeners.delete(listener);
  }

  subscribe(channel: LiveChannel, sub: Subscriber): () => void {
    let set = this.#subs.get(channel);
    if (!set) {
      set = new Set();
      this.#subs.set(channel, set);
    }
    const first = set.size === 0;
    set.add(sub);
    if (this.#lingerTimer !== null) {
      clearTimeout(this.#lingerTimer);
      this.#lingerTimer = null;
    }
    if (first && this.#ready) this.#send({ type: "subscribe", channel });
    else if (this.#confirmed.has(channel)) {
      // Joining a channel that is already flowing: this follower has its confirmation right away.
      queueMicrotask(() => sub.onSubscribed?.());
    }
    this.#ensure();

    let active = true;
    return () => {
      if (!active) return;
      active = false;
      const current = this.#subs.get(channel);
      if (!current?.delete(sub) || current.size > 0) return;
      this.#subs.delete(channel);
      this.#confirmed.delete(channel);
      if (this.#ready) this.#send({ type: "unsubscribe", channel });
      if (this.#subs.size === 0) this.#scheduleLinger();
    };
  }

  /** Sends a frame about a channel this tab follows, when the server has confirmed it. */
  sendOn(channel: LiveChannel, frame: object): void {
    if (this.#ready && this.#confirmed.has(channel)) this.#send({ ...frame, channel });
  }

  #setStatus(status: LiveStatus): void {
    if (status === this.#status) return;
    this.#status = status;
    for (const l of this.#statusListeners) l();
  }

  #send(frame: object): void {
    if (this.#ws?.readyState === WebSocket.OPEN) this.#ws.send(JSON.stringify(frame));
  }

  /** Opens a connection when someone needs one and none is open, opening or scheduled. */
  #ensure(): void {
    if (this.#subs.size === 0 || this.#userId === null) return;
    if (this.#ws !== null || this.#opening || this.#retryTimer !== null) return;
    void this.#open();
  }

  async #open(): Promise<void> {
    const generation = this.#generation;
    this.#opening = true;
    this.#setStatus(this.#attempt === 0 ? "connecting" : "reconnecting");
    try {
      let token = this.#needsFreshToken ? null : getAccessToken();
      if (token === null) {
        let session: Awaited<ReturnType<typeof refreshSession>> | undefined;
        try {
          session = await refreshSession();
        } catch {
          session = undefined; // network or server trouble: try again later
        }
        if (generation !== this.#generation) return;
        // Signed out: onSessionChange has already torn everything down.
        if (session === null) return;
        if (session === undefined) {
          this.#scheduleRetry();
          return;
        }
        token = session.accessToken;
        this.#needsFreshToken = false;
      }
      if (this.#subs.size === 0) {
        this.#setStatus("idle");
        return;
      }
      const ws = new WebSocket(socketUrl());
      this.#ws = ws;
      const authFrame = JSON.stringify({ type: "auth", token });
      ws.onopen = () => ws.send(authFrame);
      ws.onmessage = (m) => this.#onFrame(ws, m.data);
      ws.onclose = (e) => this.#onClose(ws, e.code);
    } finally {
      if (generation === this.#generation) this.#opening = false;
    }
  }

  #onFrame(ws: WebSocket, raw: unknown): void {
    if (ws !== this.#ws || typeof raw !== "string") return;
    let frame: unknown;
    try {
      frame = JSON.parse(raw);
    } catch {
      return;
    }
    if (!isRecord(frame)) return;
    switch (frame.type) {
      case "ready":
        this.#ready = true;
        this.#attempt = 0;
        this.#setStatus("live");
        for (const channel of this.#subs.keys()) this.#send({ type: "subscribe", channel });
        break;
      case "subscribed":
        if (isChannel(frame.channel) && this.#subs.has(frame.channel)) {
          this.#confirmed.add(frame.channel);
          for (const s of [...(this.#subs.get(frame.channel) ?? [])]) s.onSubscribed?.();
        }
        break;
      case "unsubscribed":
        // The server took this tab out of a room it may no longer follow (e.g. it left the course).
        if (isChannel(frame.channel) && frame.reason === "forbidden") this.#confirmed.delete(frame.channel);
        break;
      case "event":
        if (isChannel(frame.channel)) {
          for (const s of [...(this.#subs.get(frame.channel) ?? [])]) s.onEvent(frame.data);
        }
        break;
      case "error":
        console.warn(`live: ${String(frame.code)}: ${String(frame.message)}`);
        break;
    }
  }

  #onClose(ws: WebSocket, code: number): void {
    if (ws !== this.#ws) return; // closed on purpose: already replaced or torn down
    this.#ws = null;
    this.#ready = false;
    this.#confirmed.clear();
    if (this.#subs.size === 0 || this.#userId === null) {
      this.#setStatus("idle");
      return;
    }
    // 4001: the token was refused (expired, or signed by an older key): get a fresh one first.
    // Anything else (4008 too slow, 1001 restart, network loss): just come back.
    if (code === CLOSE_UNAUTHENTICATED) this.#needsFreshToken = true;
    this.#scheduleRetry();
  }

  #scheduleRetry(): void {
    this.#setStatus("reconnecting");
    const delay = backoffDelay(this.#attempt);
    this.#attempt += 1;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      this.#ensure();
    }, delay);
  }

  #scheduleLinger(): void {
    if (this.#lingerTimer !== null) clearTimeout(this.#lingerTimer);
    this.#lingerTimer = setTimeout(() => {
      this.#lingerTimer = null;
      if (this.#subs.size === 0) this.#teardown();
    }, LINGER_MS);
  }

  /** Closes the socket and forgets retries (sign-out, account switch, nobody listening). */
  #teardown(): void {
    this.#generation += 1;
    this.#opening = false;
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    const ws = this.#ws;
    this.#ws = null;
    this.#ready = false;
    this.#confirmed.clear();
    this.#attempt = 0;
    this.#needsFreshToken = false;
    ws?.close(NORMAL_CLOSURE, "not needed");
    this.#setStatus("idle");
  }
}

let connection: LiveConnection | null = null;
/** The tab's connection, created on first use. */
const live = (): LiveConnection => {
  connection ??= new LiveConnection();
  return connection;
};

/**
 * Follows `channel` while the component is mounted (and `enabled`). `onEvent` gets each pushed
 * payload; `onSubscribed` runs whenever the subscription (re)starts, e.g. to refetch what a dropped
 * connection may have missed. The latest callbacks are used without resubscribing.
 */
export function useLiveChannel<C extends LiveChannel>(
  channel: C,
  onEvent: (data: LiveEvents[C]) => void,
  options: { enabled?: boolean; onSubscribed?: () => void } = {},
): void {
  const enabled = options.enabled ?? true;
  const handlers = useRef({ onEvent, onSubscribed: options.onSubscribed });
  useEffect(() => {
    handlers.current = { onEvent, onSubscribed: options.onSubscribed };
  });

  useEffect(() => {
    if (!enabled) return;
    return live().subscribe(channel, {
      onEvent: (data) => {
        // The hub's frames follow the contract of each channel; only objects are passed on.
        if (isRecord(data)) handlers.current.onEvent(data as unknown as LiveEvents[C]);
      },
      onSubscribed: () => handlers.current.onSubscribed?.(),
    });
  }, [channel, enabled]);
}

/**
 * Be present in a course while mounted: follows its presence room, tells it which lesson or
 * exercise this tab shows (again after every reconnect), and returns who is there.
 */
export function usePresence(
  courseId: string | undefined,
  item: string | null,
  enabled = true,
): PresentUser[] {
  const [users, setUsers] = useState<PresentUser[]>([]);
  const room: PresenceRoom = `presence:${courseId ?? ""}`;
  const on = enabled && courseId !== undefined && courseId !== "";
  const here = () => live().sendOn(room, { type: "here", item });
  useLiveChannel(room, (d) => setUsers(Array.isArray(d.users) ? d.users : []), {
    enabled: on,
    onSubscribed: here,
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: `here` is rebuilt each render from `item`.
  useEffect(() => {
    if (on) here();
  }, [on, room, item]);
  useEffect(() => {
    if (!on) setUsers([]);
  }, [on]);
  return users;
}

/** Sends `data` to the module behind a room this tab follows (dropped while not confirmed). */
export function sendToRoom(channel: SessionRoom, data: object): void {
  live().sendOn(channel, { type: "room", data });
}

const subscribeStatus = (onChange: () => void): (() => void) => {
  const off = live().onStatus(onChange);
  return () => {
    off();
  };
};
const readStatus = (): LiveStatus => connection?.status ?? "idle";
const idle = (): LiveStatus => "idle";

/** The state of the tab's live connection (for a "Live" indicator). */
export function useLiveStatus(): LiveStatus {
  return useSyncExternalStore(subscribeStatus, readStatus, idle);
}
