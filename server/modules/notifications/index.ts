/**
 * notifications: the in-app inbox, email (captured in the database, or sent over SMTP with retries),
 * per-learner preferences, templates and the weekly digest. Consumes progress-, learning- and
 * realtime-events; publishes notification-events (`notification.sent`, one per channel).
 */
import type { DigestResult, Notification } from "../../../common/api.ts";
import { consume, type EventBus } from "../../platform/bus.ts";
import type { EventType } from "../../platform/events.ts";
import type { AppContext, ModuleInstance, ReadyCheck } from "../../platform/module.ts";
import type { CatalogClient } from "../catalog/index.ts";
import type { IdentityClient } from "../identity/index.ts";
import { MailSender, smtpTransport } from "./mailer.ts";
import { notificationRoutes } from "./routes.ts";
import { NotificationService } from "./service.ts";

export { DEFAULTS, isEnabled, KINDS, resolvePreferences } from "./rules.ts";
export { escapeHtml } from "./templates.ts";

/** What a live client (the WebSocket hub) is told after a change to a learner's inbox commits. */
export interface NotificationChange {
  userId: string;
  /** The new or changed notification; null when several changed at once (mark all read). */
  notification: Notification | null;
  /** The learner's unread count after the change: what the bell shows. */
  unread: number;
}
export type NotificationListener = (change: NotificationChange) => void;

export interface NotificationsClient {
  /** Called after every committed change to an inbox; returns the function that unsubscribes. */
  onNotification(listener: NotificationListener): () => void;
  unreadCount(userId: string): Promise<number>;
  /** Sends the weekly digest now to every learner with activity in the last 7 days. */
  runDigest(): Promise<DigestResult>;
}

export const migrations = {
  folder: new URL("./migrations", import.meta.url).pathname,
  schema: "notifications",
};

/** The consumer's name in platform.processed_events. */
export const CONSUMER = "notifications.events";

/** The event types the consumer acts on; the rest of its topics (views, hints, custom events) are skipped. */
const HANDLED: ReadonlySet<EventType> = new Set<EventType>([
  "lesson.completed",
  "exercise.attempted",
  "exercise.passed",
  "streak.extended",
  "course.completed",
  "achievement.unlocked",
  "chat.message_posted",
]);

/** A view of the bus that hands a subscriber only the given types, so others cost no transaction. */
function onlyTypes(bus: EventBus, types: ReadonlySet<EventType>): EventBus {
  return {
    publish: (topic, event) => bus.publish(topic, event),
    subscribe: (consumer, topics, handler, batch) =>
      bus.subscribe(
        consumer,
        topics,
        async (event, origin) => {
          if (types.has(event.type)) await handler(event, origin);
        },
        batch &&
          (async (events, origin) => {
            const wanted = events.filter((e) => types.has(e.type));
            if (wanted.length > 0) await batch(wanted, origin);
          }),
      ),
    close: async () => {},
  };
}

export async function createNotifications(
  ctx: AppContext,
  deps: { identity: IdentityClient; catalog: CatalogClient },
): Promise<ModuleInstance<NotificationsClient>> {
  const { smtpUrl, mailFrom, smtpRetryMs, digestIntervalHours } = ctx.config.notifications;
  const log = ctx.log.child({ module: "notifications" });
  const transport = smtpUrl ? smtpTransport(smtpUrl) : undefined;
  const svc = new NotificationService({
    db: ctx.db,
    ...deps,
    now: ctx.now,
    links: { publicUrl: ctx.config.publicUrl },
    captureOnly: !transport,
    log,
  });
  const sender = transport
    ? new MailSender({ db: ctx.db, transport, from: mailFrom, log, retryBaseMs: smtpRetryMs })
    : undefined;

  const listeners = new Set<NotificationListener>();
  const tell = (change: NotificationChange) => {
    for (const l of listeners) {
      try {
        l(change);
      } catch (err) {
        log.error({ err }, "notification listener failed");
      }
    }
  };

  consume(
    onlyTypes(ctx.bus, HANDLED),
    ctx.db,
    CONSUMER,
    ["progress-events", "learning-events", "realtime-events"],
    {
      load: (event) => svc.loadFor(event),
      apply: async (event, tx, loaded) => {
        const delivered = await svc.apply(event, tx, loaded);
        if (delivered.length === 0) return;
        // The notification.sent events go out on the next relay pass (which then wakes the sender).
        setImmediate(() => ctx.relay.wake());
      },
    },
  );

  // A committed `notification.sent` event tells live clients about a new notification and wakes the
  // mail sender, so nothing is announced that a rollback could take back. Failures here must never
  // fail the relay's delivery.
  ctx.bus.subscribe("notifications.live", ["notification-events"], async (event) => {
    if (event.type !== "notification.sent") return;
    if (event.payload.channel === "email") {
      sender?.wake();
      return;
    }
    if (listeners.size === 0) return;
    try {
      const notification = await svc.get(event.payload.notificationId);
      if (!notification) return;
      tell({
        userId: event.payload.userId,
        notification,
        unread: await svc.unreadCount(event.payload.userId),
      });
    } catch (err) {
      log.error({ err }, "could not announce a notification");
    }
  });

  const runDigest = async (): Promise<DigestResult> => {
    const r = await svc.runDigest();
    if (r.delivered.length > 0) ctx.relay.wake();
    log.info({ users: r.users, inApp: r.inApp, emails: r.emails }, "weekly digest sent");
    return { users: r.users, inApp: r.inApp, emails: r.emails };
  };

  let digestTimer: NodeJS.Timeout | undefined;
  const intervalMs = digestIntervalHours * 3_600_000;
  const digestTick = async () => {
    try {
      if (await svc.claimDigest(intervalMs)) await runDigest();
    } catch (err) {
      log.error({ err }, "weekly digest failed");
    }
  };

  return {
    client: {
      onNotification(listener) {
        listeners.add(listener);
        return () => {
          listeners.delete(listener);
        };
      },
      unreadCount: (userId) => svc.unreadCount(userId),
      runDigest,
    },
    routes: (app) =>
      notificationRoutes(app, svc, {
        mode: transport ? "smtp" : "capture",
        runDigest,
        changed: async (userId, notification) =>
          tell({ userId, notification, unread: await svc.unreadCount(userId) }),
        mailQueued: () => sender?.wake(),
      }),
    async start() {
      sender?.start();
      if (intervalMs > 0) {
        await svc.ensureSchedule(intervalMs);
        // Check every hour (or every interval, when shorter) whether the next digest is due.
        digestTimer = setInterval(() => void digestTick(), Math.min(intervalMs, 3_600_000));
        digestTimer.unref();
      }
    },
    async stop() {
      if (digestTimer) clearInterval(digestTimer);
      await sender?.stop();
    },
    async ready(): Promise<ReadyCheck> {
      const stats = await svc.mailStats();
      return {
        ok: true,
        // Mail waiting on a retry means the SMTP server is unreachable or refusing: an operator should look.
        degraded: stats.retrying > 0,
        detail: { mail: transport ? "smtp" : "capture", ...stats },
      };
    },
  };
}
