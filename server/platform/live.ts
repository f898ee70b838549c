/**
 * Live fan-out between processes: what a module wants pushed to browsers right now (a window
 * update, a new notification) reaches every process that holds WebSocket connections. Unlike the
 * event bus this is fire-and-forget: nothing is stored, a process that is not listening misses the
 * message, and the durable record stays in the database. The embedded default delivers inside the
 * process; with `REDIS_URL` messages go through Redis pub/sub, so every replica hears every message.
 */
import type { Redis } from "ioredis";
import type { Logger } from "./logger.ts";
import { openRedis } from "./redis.ts";

export type LiveHandler = (message: unknown) => void;

export interface LiveHealth {
  kind: "in-process" | "redis";
  ok: boolean;
  error?: string;
}

export interface LiveBus {
  readonly kind: "in-process" | "redis";
  /** Sends to every subscriber of `channel` in every process; never throws (a lost push is logged). */
  publish(channel: string, message: unknown): void;
  /** Returns the unsubscribe function. */
  subscribe(channel: string, handler: LiveHandler): () => void;
  health(): Promise<LiveHealth>;
  close(): Promise<void>;
}

/** Calls each handler, so one that throws cannot keep the message from the others. */
function dispatch(handlers: Iterable<LiveHandler>, message: unknown, log: Logger, channel: string): void {
  for (const h of handlers) {
    try {
      h(message);
    } catch (err) {
      log.warn({ err, channel }, "live subscriber failed");
    }
  }
}

/** Subscribers by channel, kept in insertion order. */
class Channels {
  private readonly map = new Map<string, Set<LiveHandler>>();

  add(channel: string, handler: LiveHandler): boolean {
    let set = this.map.get(channel);
    const first = set === undefined;
    if (set === undefined) {
      set = new Set();
      this.map.set(channel, set);
    }
    set.add(handler);
    return first;
  }

  /** True when the channel has no subscriber left. */
  remove(channel: string, handler: LiveHandler): boolean {
    const set = this.map.get(channel);
    if (set === undefined) return false;
    set.delete(handler);
    if (set.size > 0) return false;
    this.map.delete(channel);
    return true;
  }

  get(channel: string): Set<LiveHandler> | undefined {
    return this.map.get(channel);
  }
}

/** The embedded default: delivery inside this process, on the next tick (as Redis would be). */
export class InProcessLive implements LiveBus {
  readonly kind = "in-process" as const;
  private readonly channels = new Channels();
  private readonly log: Logger;

  constructor(log: Logger) {
    this.log = log;
  }

  publish(channel: string, message: unknown): void {
    const handlers = this.channels.get(channel);
    if (handlers === undefined) return;
    const copy = [...handlers];
    queueMicrotask(() => dispatch(copy, message, this.log, channel));
  }

  subscribe(channel: string, handler: LiveHandler): () => void {
    this.channels.add(channel, handler);
    return () => {
      this.channels.remove(channel, handler);
    };
  }

  async health(): Promise<LiveHealth> {
    return { kind: this.kind, ok: true };
  }

  async close(): Promise<void> {}
}

/** Largest message published; a push is a small JSON document, anything bigger is a bug. */
export const MAX_LIVE_MESSAGE_BYTES = 256 * 1024;

/**
 * Redis pub/sub: one connection publishes, one subscribes (a subscribed Redis connection can do
 * nothing else). ioredis reconnects and subscribes again by itself; while Redis is away pushes are
 * dropped and /readyz says so, and the rest of the platform carries on.
 */
export class RedisLive implements LiveBus {
  readonly kind = "redis" as const;
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly channels = new Channels();
  private readonly log: Logger;
  private readonly prefix: string;
  private closed = false;

  constructor(url: string, log: Logger, opts: { prefix?: string } = {}) {
    this.log = log;
    this.prefix = opts.prefix ?? "gopro:live:";
    // A push is worth nothing late: the publisher fails at once while Redis is away.
    const common = { log, errorMessage: "live bus: Redis error", closing: () => this.closed };
    this.pub = openRedis(url, { ...common, name: "gopro-live-pub" });
    // The subscriber queues its SUBSCRIBE commands until connected, so subscribing early works.
    this.sub = openRedis(url, { ...common, name: "gopro-live-sub", options: { enableOfflineQueue: true } });
    this.sub.on("message", (raw: string, text: string) => this.receive(raw, text));
  }

  private receive(raw: string, text: string): void {
    if (!raw.startsWith(this.prefix)) return;
    const channel = raw.slice(this.prefix.length);
    const handlers = this.channels.get(channel);
    if (handlers === undefined) return;
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.log.warn({ channel, bytes: text.length }, "live bus: dropped a message that is not JSON");
      return;
    }
    dispatch([...handlers], message, this.log, channel);
  }

  publish(channel: string, message: unknown): void {
    if (this.closed) return;
    const text = JSON.stringify(message);
    if (text === undefined || Buffer.byteLength(text) > MAX_LIVE_MESSAGE_BYTES) {
      this.log.warn({ channel }, "live bus: message not sent (not JSON or too large)");
      return;
    }
    this.pub.publish(this.prefix + channel, text).catch((err: unknown) => {
      this.log.warn({ error: String(err), channel }, "live bus: push lost (Redis unavailable)");
    });
  }

  subscribe(channel: string, handler: LiveHandler): () => void {
    if (this.channels.add(channel, handler)) {
      this.sub.subscribe(this.prefix + channel).catch((err: unknown) => {
        this.log.warn({ error: String(err), channel }, "live bus: subscribe failed; retried on reconnect");
      });
    }
    return () => {
      if (this.channels.remove(channel, handler) && !this.closed) {
        this.sub.unsubscribe(this.prefix + channel).catch(() => undefined);
      }
    };
  }

  /** Subscribed and able to publish right now. */
  async health(): Promise<LiveHealth> {
    try {
      if (this.pub.status !== "ready" || this.sub.status !== "ready")
        throw new Error(`connections ${this.pub.status}/${this.sub.status}`);
      await this.pub.ping();
      return { kind: this.kind, ok: true };
    } catch (err) {
      return { kind: this.kind, ok: false, error: err instanceof Error ? err.message : String(err) };
    }
  }

  /** Resolves once both connections are up (tests and start-up logs wait on it). */
  async ready(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.pub.status !== "ready" || this.sub.status !== "ready") {
      if (Date.now() > deadline) throw new Error(`Redis not ready: ${this.pub.status}/${this.sub.status}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([this.pub.quit().catch(() => undefined), this.sub.quit().catch(() => undefined)]);
    this.pub.disconnect();
    this.sub.disconnect();
  }
}
