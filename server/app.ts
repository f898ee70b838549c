/**
 * The composition root: opens the database, applies migrations, builds the modules a process runs
 * (from its targets, via the registry), mounts their routes on the gateway and starts them.
 */
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { collectDefaultMetrics, Gauge, Registry } from "prom-client";
import { z } from "zod";
import { AnalyticsUpdate, ChatChange, Notification, SessionPush } from "../common/api.ts";
import * as analyticsModule from "./modules/analytics/index.ts";
import * as catalogModule from "./modules/catalog/index.ts";
import * as chatModule from "./modules/chat/index.ts";
import * as enrollmentModule from "./modules/enrollment/index.ts";
import { createHttpApp } from "./modules/gateway/index.ts";
import * as identityModule from "./modules/identity/index.ts";
import * as notificationsModule from "./modules/notifications/index.ts";
import * as progressModule from "./modules/progress/index.ts";
import { createRealtime, PRESENCE } from "./modules/realtime/index.ts";
import { type Clients, MODULES, type ModuleName, resolveTargets } from "./modules/registry.ts";
import { createRunner, runnerRoutes } from "./modules/runner/index.ts";
import * as sessionsModule from "./modules/sessions/index.ts";
import { type EventBus, InProcessBus, OutboxRelay } from "./platform/bus.ts";
import { MemoryCache } from "./platform/cache.ts";
import { type Config, isLoopback } from "./platform/config.ts";
import { type Database, openDatabase } from "./platform/db.ts";
import { KafkaBus } from "./platform/kafka-bus.ts";
import { InProcessLive, type LiveBus, RedisLive } from "./platform/live.ts";
import { createLogger, type Logger } from "./platform/logger.ts";
import type { AppContext, HttpApp, ModuleInstance, ReadyCheck } from "./platform/module.ts";
import {
  type LimitStore,
  limitsConnection,
  MemoryLimitStore,
  RedisLimitStore,
} from "./platform/sliding-limit.ts";

export const VERSION: string = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
).version;

/** Live bus channels of the pushes the hub relays. */
const LIVE_NOTIFICATIONS = "notifications";
const LIVE_ANALYTICS = "analytics";
const LIVE_LEADERBOARDS = "leaderboards";
const LeaderboardChange = z.object({ courseId: z.string().min(1).max(200) });
const LIVE_CHAT = "chat";
const LIVE_PRESENCE = "presence";
const PresenceReportMessage = z.object({
  node: z.string().min(1).max(100),
  courseId: z.string().min(1).max(100),
  users: z
    .array(
      z.object({
        userId: z.string().min(1).max(100),
        displayName: z.string().max(200),
        items: z.array(z.string().max(200)).max(50),
      }),
    )
    .max(10_000),
});
const ChatRoomChange = z.object({ courseId: z.string().min(1).max(100), change: ChatChange });
const LIVE_SESSIONS = "sessions";
/** Someone left a course: their sockets in its rooms are checked again. */
const LIVE_LEFT_COURSE = "left-course";
const LeftCourse = z.object({ userId: z.string().min(1).max(100), courseId: z.string().min(1).max(100) });
const SessionRoomPush = z.object({ sessionId: z.string().min(1).max(100), push: SessionPush });
/** A notification change as it travels on the live bus (checked again on arrival: it crossed Redis). */
const NotificationChangeMessage = z.object({
  userId: z.string().min(1),
  notification: Notification.nullable(),
  unread: z.number().int().min(0),
});

const platformMigrations = new URL("./platform/migrations", import.meta.url).pathname;

/** Every module's migrations, platform first. */
export const MIGRATIONS: Array<{ folder: string; schema: string }> = [
  { folder: platformMigrations, schema: "platform" },
  identityModule.migrations,
  catalogModule.migrations,
  enrollmentModule.migrations,
  progressModule.migrations,
  analyticsModule.migrations,
  notificationsModule.migrations,
  chatModule.migrations,
  sessionsModule.migrations,
];

export async function migrateAll(database: Database): Promise<void> {
  for (const m of MIGRATIONS) await database.migrate(m.folder, m.schema);
}

export interface Platform {
  ctx: AppContext;
  http: HttpApp;
  modules: ModuleName[];
  clients: Partial<Clients>;
  /** Starts background work (curriculum import, relay) and listens; returns the URL. */
  listen(): Promise<string>;
  /** Starts background work without listening (tests use `http.inject`). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface PlatformOptions {
  logger?: Logger;
  now?: () => Date;
}

export async function createPlatform(config: Config, opts: PlatformOptions = {}): Promise<Platform> {
  const log = opts.logger ?? createLogger(config.logLevel);
  const modules = resolveTargets(config.targets);
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    logger: log,
  });
  try {
    await migrateAll(database);
  } catch (err) {
    await database.close();
    throw err;
  }
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics, prefix: "gopro_" });
  // KAFKA_BROKERS: events travel through Kafka (consumers start with the process, after the modules).
  const bus: EventBus = config.kafkaBrokers
    ? new KafkaBus({
        brokers: config.kafkaBrokers,
        ...(config.kafkaNamespace ? { namespace: config.kafkaNamespace } : {}),
        logger: log.child({ component: "kafka-bus" }),
        deferStart: true,
      })
    : new InProcessBus();
  const relay = new OutboxRelay(database.db, bus, log.child({ component: "outbox-relay" }));
  // REDIS_URL: live pushes reach the WebSockets of every process, not only this one's.
  const liveLog = log.child({ component: "live-bus" });
  const live: LiveBus = config.redisUrl
    ? new RedisLive(config.redisUrl, liveLog, { prefix: `${config.redisPrefix}live:` })
    : new InProcessLive(liveLog);
  // REDIS_URL: per-user limits (the gateway's and the chats') count in Redis, the same for every
  // replica. A connection of its own: the live bus's are busy with pub/sub.
  const redis = config.redisUrl
    ? limitsConnection(config.redisUrl, log.child({ component: "limits" }))
    : null;
  const limits: LimitStore = redis
    ? new RedisLimitStore(redis, `${config.redisPrefix}limit:`)
    : new MemoryLimitStore();
  const ctx: AppContext = {
    config,
    log,
    database,
    db: database.db,
    bus,
    relay,
    metrics,
    cache: new MemoryCache(),
    live,
    limits,
    now: opts.now ?? (() => new Date()),
  };

  const instances = new Map<ModuleName, ModuleInstance<unknown>>();
  const clients: Partial<Clients> = {};
  const need = <K extends keyof Clients>(k: K): Clients[K] => {
    const c = clients[k];
    if (!c) throw new Error(`module ${k} is not running in this process`);
    return c;
  };
  // An in-memory database still needs a disk for builds; share it so test servers reuse the Go cache.
  const scratch = config.dataDir === "memory://" ? path.join(tmpdir(), "gopro-memory") : config.dataDir;

  for (const name of modules) {
    let inst: ModuleInstance<unknown> | undefined;
    switch (name) {
      case "identity":
        inst = await identityModule.createIdentity(ctx);
        clients.identity = inst.client as Clients["identity"];
        break;
      case "catalog":
        inst = await catalogModule.createCatalog(ctx);
        clients.catalog = inst.client as Clients["catalog"];
        break;
      case "enrollment":
        inst = await enrollmentModule.createEnrollment(ctx, { catalog: need("catalog") });
        clients.enrollment = inst.client as Clients["enrollment"];
        break;
      case "runner": {
        const runner = await createRunner({
          boundToLoopback: isLoopback(config.host),
          workDir: path.join(scratch, "runner"),
          cacheDir: config.runner.goCacheDir ?? path.join(scratch, "go-build-cache"),
          maxQueue: config.runner.maxQueue,
          // Refuse with 429 at once a run that would likely still be queued when the request times out.
          maxWaitSeconds: config.requestTimeoutMs / 2000,
          ...(config.runner.workers ? { workers: config.runner.workers } : {}),
          ...(config.runner.goBinary ? { goBinary: config.runner.goBinary } : {}),
          logger: log.child({ module: "runner" }),
          registry: metrics,
        });
        clients.runner = runner;
        inst = {
          client: runner,
          routes: (app) => runnerRoutes(app, runner),
          stop: () => runner.close(),
          ready: async (): Promise<ReadyCheck> => {
            const s = runner.status();
            return { ok: true, degraded: !s.goAvailable || !s.canRunUntrusted, detail: { ...s } };
          },
        };
        break;
      }
      case "progress":
        inst = await progressModule.createProgress(ctx, {
          catalog: need("catalog"),
          enrollment: need("enrollment"),
          runner: need("runner"),
          identity: need("identity"),
        });
        clients.progress = inst.client as Clients["progress"];
        break;
      case "notifications":
        inst = await notificationsModule.createNotifications(ctx, {
          identity: need("identity"),
          catalog: need("catalog"),
        });
        clients.notifications = inst.client as Clients["notifications"];
        break;
      case "analytics":
        inst = await analyticsModule.createAnalytics(ctx, { catalog: need("catalog") });
        clients.analytics = inst.client as Clients["analytics"];
        break;
      case "chat":
        inst = await chatModule.createChat(ctx, { catalog: need("catalog"), enrollment: need("enrollment") });
        clients.chat = inst.client as Clients["chat"];
        break;
      case "sessions":
        inst = await sessionsModule.createSessions(ctx, {
          catalog: need("catalog"),
          enrollment: need("enrollment"),
          runner: need("runner"),
        });
        clients.sessions = inst.client as Clients["sessions"];
        break;
      case "realtime":
        inst = await createRealtime(ctx, {
          verifyToken: clients.identity?.verify ?? identityModule.tokenVerifier(ctx),
        });
        clients.realtime = inst.client as Clients["realtime"];
        break;
      case "gateway":
        inst = { client: null };
        break;
    }
    if (inst) instances.set(name, inst);
  }

  // Live pushes: the composition root connects producers to the hub through the live bus, so neither
  // knows the other, and with Redis a push reaches the sockets of every process, whichever process
  // committed the change.
  clients.notifications?.onNotification((n) => live.publish(LIVE_NOTIFICATIONS, n));
  clients.analytics?.onUpdate((u) => live.publish(LIVE_ANALYTICS, u));
  clients.progress?.onLeaderboardChange((courseId) => live.publish(LIVE_LEADERBOARDS, { courseId }));
  clients.chat?.onChange((courseId, change) => live.publish(LIVE_CHAT, { courseId, change }));
  clients.sessions?.onChange((sessionId, push) => live.publish(LIVE_SESSIONS, { sessionId, push }));
  clients.enrollment?.onCancelled((userId, courseId) => live.publish(LIVE_LEFT_COURSE, { userId, courseId }));
  const hub = clients.realtime;
  const unsubscribe: Array<() => void> = [];
  // Chat rooms are open where this process can tell who may follow them (the chat module runs here).
  const chat = clients.chat;
  if (hub && chat) hub.allowRooms("chat", (claims, courseId) => chat.canFollow(claims, courseId));
  // Presence rooms: the same people as the course's chat (its learners and moderators).
  if (hub && chat) hub.allowRooms(PRESENCE, (claims, courseId) => chat.canFollow(claims, courseId));
  if (hub) hub.reportPresence((r) => live.publish(LIVE_PRESENCE, r));
  // Live session rooms: their members, where the sessions module runs; the documents sync through them.
  const sessions = clients.sessions;
  if (hub && sessions) {
    hub.allowRooms("session", (claims, id) => sessions.canFollow(claims, id));
    hub.handleRooms("session", sessions.rooms);
    sessions.attachRooms((id, data, except) => hub.toRoom("session", id, data, except));
  }
  if (hub || sessions)
    unsubscribe.push(
      live.subscribe(LIVE_SESSIONS, (m) => {
        const room = SessionRoomPush.safeParse(m);
        if (!room.success) {
          log.warn({ channel: LIVE_SESSIONS }, "live bus: dropped a malformed message");
          return;
        }
        const { sessionId, push } = room.data;
        hub?.toRoom("session", sessionId, push);
        // Whichever process ended or reopened a session, every process's copy of it hears.
        if (push.kind === "ended" || push.kind === "reopened")
          sessions?.setEnded(sessionId, push.kind === "ended");
      }),
    );
  if (hub) {
    unsubscribe.push(
      live.subscribe(LIVE_NOTIFICATIONS, (m) => {
        const change = NotificationChangeMessage.safeParse(m);
        if (change.success) hub.toUser(change.data.userId, "notifications", change.data);
        else log.warn({ channel: LIVE_NOTIFICATIONS }, "live bus: dropped a malformed message");
      }),
      live.subscribe(LIVE_ANALYTICS, (m) => {
        const update = AnalyticsUpdate.safeParse(m);
        if (update.success) hub.broadcast("analytics", update.data);
        else log.warn({ channel: LIVE_ANALYTICS }, "live bus: dropped a malformed message");
      }),
      live.subscribe(LIVE_CHAT, (m) => {
        const room = ChatRoomChange.safeParse(m);
        if (room.success) hub.toRoom("chat", room.data.courseId, room.data.change);
        else log.warn({ channel: LIVE_CHAT }, "live bus: dropped a malformed message");
      }),
      live.subscribe(LIVE_LEFT_COURSE, (m) => {
        const left = LeftCourse.safeParse(m);
        if (left.success)
          void hub
            .recheck(left.data.userId, [`chat:${left.data.courseId}`, `${PRESENCE}:${left.data.courseId}`])
            .catch((err: unknown) => log.warn({ err }, "realtime: recheck after leaving a course failed"));
        else log.warn({ channel: LIVE_LEFT_COURSE }, "live bus: dropped a malformed message");
      }),
      live.subscribe(LIVE_PRESENCE, (m) => {
        const report = PresenceReportMessage.safeParse(m);
        if (report.success) hub.receivePresence(report.data);
        else log.warn({ channel: LIVE_PRESENCE }, "live bus: dropped a malformed message");
      }),
      live.subscribe(LIVE_LEADERBOARDS, (m) => {
        const change = LeaderboardChange.safeParse(m);
        if (change.success) hub.broadcast("leaderboards", change.data);
        else log.warn({ channel: LIVE_LEADERBOARDS }, "live bus: dropped a malformed message");
      }),
    );
  }

  const verify = clients.identity?.verify ?? identityModule.tokenVerifier(ctx);
  const http = await createHttpApp({
    config,
    log,
    metrics,
    verifyToken: verify,
    version: VERSION,
    ...(redis ? { redis } : {}),
  });
  for (const inst of instances.values()) await inst.routes?.(http);

  const backlog = new Gauge({
    name: "gopro_outbox_backlog",
    help: "Unpublished outbox rows",
    registers: [metrics],
  });
  http.get("/healthz", { schema: { hide: true } }, async () => ({ status: "ok" }));
  http.get("/readyz", { schema: { hide: true } }, async (_req, reply) => {
    const checks: Record<string, unknown> = {};
    let ok = true;
    let degraded = false;
    try {
      await database.ping();
      const n = await relay.backlog();
      backlog.set(n);
      checks.database = { ok: true, kind: database.kind, outboxBacklog: n };
    } catch (err) {
      ok = false;
      checks.database = { ok: false, error: String(err) };
    }
    // The bus being down degrades but does not stop the process: writes still land in the outbox.
    const busHealth = bus instanceof KafkaBus ? await bus.health() : { kind: "in-process", ok: true };
    checks.bus = busHealth;
    degraded ||= !busHealth.ok;
    // Without the live bus pushes are lost (pages still load and poll): degraded, not down.
    const liveHealth = await live.health();
    checks.live = liveHealth;
    degraded ||= !liveHealth.ok;
    for (const [name, inst] of instances) {
      if (!inst.ready) continue;
      const r = await inst.ready();
      checks[name] = { ok: r.ok, degraded: r.degraded ?? false, ...r.detail };
      ok &&= r.ok;
      degraded ||= r.degraded ?? false;
    }
    return reply
      .status(ok ? 200 : 503)
      .send({ status: ok ? (degraded ? "degraded" : "ready") : "unavailable", modules, checks });
  });
  http.get("/metrics", { schema: { hide: true } }, async (_req, reply) =>
    reply.type(metrics.contentType).send(await metrics.metrics()),
  );

  let started = false;
  const start = async () => {
    if (started) return;
    started = true;
    for (const inst of instances.values()) await inst.start?.();
    relay.start();
    if (bus instanceof KafkaBus) bus.start();
  };

  return {
    ctx,
    http,
    modules,
    clients,
    start,
    async listen() {
      await http.ready();
      await start();
      // A deep accept queue: a classroom pressing Run at once (or a load balancer's burst) must not
      // meet connection resets while the event loop is busy; the kernel caps it at somaxconn.
      return http.listen({ host: config.host, port: config.port, backlog: 2048 });
    },
    async stop() {
      await http.close();
      await relay.stop();
      for (const inst of [...instances.values()].reverse()) await inst.stop?.();
      for (const off of unsubscribe) off();
      await live.close();
      await redis?.quit().catch(() => redis.disconnect());
      await bus.close();
      await database.close();
    },
  };
}

/** For `gopro modules`: the registry as text. */
export const describeModules = (): string =>
  MODULES.map(
    (m) =>
      `${m.name.padEnd(11)} ${m.description}${m.dependsOn.length ? ` (needs ${m.dependsOn.join(", ")})` : ""}`,
  ).join("\n");
