/**
 * What every module looks like to the kernel. A module owns one Postgres schema, publishes one client
 * interface for the others, and may mount HTTP routes, start background work, and report readiness.
 */
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { Registry } from "prom-client";
import type { EventBus, OutboxRelay } from "./bus.ts";
import type { Cache } from "./cache.ts";
import type { Config } from "./config.ts";
import type { Database, Db } from "./db.ts";
import type { LiveBus } from "./live.ts";
import type { Logger } from "./logger.ts";
import type { LimitStore } from "./sliding-limit.ts";

/** The Fastify instance with zod schemas as its type provider. */
export type HttpApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface AppContext {
  config: Config;
  log: Logger;
  database: Database;
  db: Db;
  bus: EventBus;
  relay: OutboxRelay;
  metrics: Registry;
  cache: Cache;
  /** Live pushes to every process holding WebSockets (Redis pub/sub when split). */
  live: LiveBus;
  /** Where per-user limits count (this process; Redis when split, so every replica counts alike). */
  limits: LimitStore;
  /** Injectable clock so streaks and token windows are testable. */
  now: () => Date;
}

export interface ReadyCheck {
  ok: boolean;
  /** "degraded" keeps the process in rotation but tells an operator something is off. */
  degraded?: boolean;
  detail: Record<string, unknown>;
}

export interface ModuleInstance<C> {
  client: C;
  routes?: (app: HttpApp) => void | Promise<void>;
  start?: () => void | Promise<void>;
  stop?: () => void | Promise<void>;
  ready?: () => Promise<ReadyCheck>;
}
