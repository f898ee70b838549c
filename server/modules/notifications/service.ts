/**
 * The notifications domain: turning events into inbox entries and mail (respecting each learner's
 * preferences), the inbox itself, preferences, the captured mailbox, and the weekly digest.
 */
import { randomUUID } from "node:crypto";
import { and, desc, eq, gte, inArray, isNull, lt, lte, ne, sql } from "drizzle-orm";
import type {
  DigestResult,
  MailMessage,
  MailStatus,
  Notification,
  NotificationKind,
  NotificationPreference,
  NotificationPreferencesBody,
} from "../../../common/api.ts";
import { emit } from "../../platform/bus.ts";
import { dayOf } from "../../platform/clock.ts";
import type { Db, Executor, Tx } from "../../platform/db.ts";
import { isAppError, notFound } from "../../platform/errors.ts";
import type { DomainEvent } from "../../platform/events.ts";
import type { Logger } from "../../platform/logger.ts";
import type { CatalogClient } from "../catalog/index.ts";
import type { IdentityClient } from "../identity/index.ts";
import { ACHIEVEMENTS } from "../progress/index.ts";
import {
  digestLines,
  digestSummary,
  hasActivity,
  isEnabled,
  type PreferenceRow,
  preferenceChanges,
  resolvePreferences,
  sumWeek,
} from "./rules.ts";
import { activityDays, digestSchedule, inbox, mail, preferences } from "./schema.ts";
import {
  achievementEmail,
  courseCompletedEmail,
  type EmailContent,
  type Links,
  mentionEmail,
  weeklyDigestEmail,
} from "./templates.ts";

export interface Recipient {
  userId: string;
  email: string;
  displayName: string;
}
interface CourseInfo {
  title: string;
  slug: string;
}

/** What the consumer reads from identity and catalog before its transaction opens. */
export type Loaded =
  | { kind: "course_completed"; recipient: Recipient | null; course: CourseInfo }
  | {
      kind: "achievement_unlocked";
      recipient: Recipient | null;
      achievement: { title: string; description: string };
    }
  | { kind: "mention"; recipients: Recipient[]; author: string; course: CourseInfo; messageId: string };

/** A notification written for one learner, reported after commit so live clients can be told. */
export interface Delivered {
  userId: string;
  notification: Notification | null;
  mailId: string | null;
}

export interface ServiceDeps {
  db: Db;
  identity: IdentityClient;
  catalog: CatalogClient;
  now: () => Date;
  links: Links;
  /** True without SMTP_URL: mail is captured for the admin mailbox instead of being sent. */
  captureOnly: boolean;
  log: Logger;
}

type Counter =
  | "lessonsCompleted"
  | "exercisesPassed"
  | "attempts"
  | "coursesCompleted"
  | "achievementsUnlocked";

/** Most mentions one chat message can notify (the rest are ignored). */
export const MAX_MENTIONS = 50;
const WEEK_MS = 7 * 86_400_000;

type InboxRow = typeof inbox.$inferSelect;
const toNotification = (r: InboxRow): Notification => ({
  id: r.id,
  kind: r.kind as NotificationKind,
  title: r.title,
  body: r.body,
  link: r.link,
  createdAt: r.createdAt.toISOString(),
  readAt: r.readAt ? r.readAt.toISOString() : null,
});
type MailRow = typeof mail.$inferSelect;
const toMail = (r: MailRow): MailMessage => ({
  id: r.id,
  kind: r.kind,
  to: r.to,
  subject: r.subject,
  text: r.text,
  html: r.html,
  status: r.status,
  attempts: r.attempts,
  error: r.error,
  createdAt: r.createdAt.toISOString(),
  sentAt: r.sentAt ? r.sentAt.toISOString() : null,
  nextAttemptAt: r.status === "pending" ? r.nextAttemptAt.toISOString() : null,
});

export class NotificationService {
  private readonly d: ServiceDeps;
  constructor(d: ServiceDeps) {
    this.d = d;
  }

  // ---------- reading other modules (outside any transaction) ----------

  /** The learner's address and name; null when the account no longer exists. */
  async recipient(userId: string): Promise<Recipient | null> {
    try {
      const u = await this.d.identity.getUser(userId);
      return { userId: u.id, email: u.email, displayName: u.displayName };
    } catch (err) {
      if (isAppError(err) && err.code === "not_found") return null;
      throw err;
    }
  }

  private async course(courseId: string): Promise<CourseInfo> {
    try {
      const c = await this.d.catalog.outline(courseId);
      return { title: c.title, slug: c.slug };
    } catch (err) {
      if (isAppError(err) && err.code === "not_found") return { title: courseId, slug: courseId };
      throw err;
    }
  }

  /** The consumer's `load`: everything `apply` needs from identity and catalog. */
  async loadFor(event: DomainEvent): Promise<Loaded | undefined> {
    switch (event.type) {
      case "course.completed":
        return {
          kind: "course_completed",
          recipient: await this.recipient(event.payload.userId),
          course: await this.course(event.payload.courseId),
        };
      case "achievement.unlocked": {
        const def = ACHIEVEMENTS.find((a) => a.code === event.payload.code);
        return {
          kind: "achievement_unlocked",
          recipient: await this.recipient(event.payload.userId),
          achievement: { title: def?.title ?? event.payload.code, description: def?.description ?? "" },
        };
      }
      case "chat.message_posted": {
        const ids = [...new Set(event.payload.mentions)]
          .filter((id) => id !== event.payload.userId)
          .slice(0, MAX_MENTIONS);
        if (ids.length === 0) return undefined;
        const recipients: Recipient[] = [];
        for (const id of ids) {
          const r = await this.recipient(id);
          if (r) recipients.push(r);
        }
        const author = await this.recipient(event.payload.userId);
        return {
          kind: "mention",
          recipients,
          author: author?.displayName ?? "Someone",
          course: await this.course(event.payload.courseId),
          messageId: event.payload.messageId,
        };
      }
      default:
        return undefined;
    }
  }

  // ---------- the consumer ----------

  /** Applies one event inside the consumer's transaction; returns what was delivered. */
  async apply(event: DomainEvent, tx: Tx, loaded: Loaded | undefined): Promise<Delivered[]> {
    const day = dayOf(new Date(event.occurredAt));
    switch (event.type) {
      case "lesson.completed":
        await this.count(tx, event.payload.userId, day, "lessonsCompleted");
        return [];
      case "exercise.passed":
        await this.count(tx, event.payload.userId, day, "exercisesPassed");
        return [];
      case "exercise.attempted":
        await this.count(tx, event.payload.userId, day, "attempts");
        return [];
      case "streak.extended":
        await tx
          .insert(activityDays)
          .values({ userId: event.payload.userId, day, bestStreak: event.payload.current })
          .onConflictDoUpdate({
            target: [activityDays.userId, activityDays.day],
            set: { bestStreak: sql`greatest(${activityDays.bestStreak}, excluded.best_streak)` },
          });
        return [];
      case "course.completed": {
        await this.count(tx, event.payload.userId, day, "coursesCompleted");
        if (loaded?.kind !== "course_completed" || !loaded.recipient) return [];
        const { recipient, course } = loaded;
        return [
          await this.deliver(tx, recipient, "course_completed", {
            title: `You completed ${course.title}`,
            body: "Every lesson and exercise done. Well done!",
            link: `/courses/${course.slug}`,
            email: () =>
              courseCompletedEmail(this.d.links, {
                displayName: recipient.displayName,
                courseTitle: course.title,
                courseSlug: course.slug,
              }),
          }),
        ];
      }
      case "achievement.unlocked": {
        await this.count(tx, event.payload.userId, day, "achievementsUnlocked");
        if (loaded?.kind !== "achievement_unlocked" || !loaded.recipient) return [];
        const { recipient, achievement } = loaded;
        return [
          await this.deliver(tx, recipient, "achievement_unlocked", {
            title: `Achievement unlocked: ${achievement.title}`,
            body: achievement.description,
            link: "/",
            email: () =>
              achievementEmail(this.d.links, {
                displayName: recipient.displayName,
                title: achievement.title,
                description: achievement.description,
              }),
          }),
        ];
      }
      case "chat.message_posted": {
        if (loaded?.kind !== "mention") return [];
        const out: Delivered[] = [];
        for (const recipient of loaded.recipients) {
          await tx
            .insert(activityDays)
            .values({ userId: recipient.userId, day, mentions: 1 })
            .onConflictDoUpdate({
              target: [activityDays.userId, activityDays.day],
              set: { mentions: sql`${activityDays.mentions} + 1` },
            });
          out.push(
            await this.deliver(tx, recipient, "mention", {
              title: `${loaded.author} mentioned you`,
              body: `In the chat of ${loaded.course.title}.`,
              link: `/courses/${loaded.course.slug}#message-${loaded.messageId}`,
              email: () =>
                mentionEmail(this.d.links, {
                  displayName: recipient.displayName,
                  author: loaded.author,
                  courseTitle: loaded.course.title,
                  courseSlug: loaded.course.slug,
                }),
            }),
          );
        }
        return out;
      }
      default:
        return [];
    }
  }

  private async count(tx: Tx, userId: string, day: string, counter: Counter): Promise<void> {
    await tx
      .insert(activityDays)
      .values({ userId, day, [counter]: 1 })
      .onConflictDoUpdate({
        target: [activityDays.userId, activityDays.day],
        set: { [counter]: sql`${activityDays[counter]} + 1` },
      });
  }

  /**
   * Writes one notification on every channel the learner's preferences allow, each with its
   * `notification.sent` event, in the caller's transaction.
   */
  async deliver(
    tx: Tx,
    to: Recipient,
    kind: NotificationKind,
    n: { title: string; body: string; link: string | null; email: () => EmailContent },
  ): Promise<Delivered> {
    const prefs = await this.preferenceRows(tx, to.userId);
    const id = randomUUID();
    const out: Delivered = { userId: to.userId, notification: null, mailId: null };
    if (isEnabled(prefs, kind, "in_app")) {
      const [row] = await tx
        .insert(inbox)
        .values({ id, userId: to.userId, kind, title: n.title, body: n.body, link: n.link })
        .returning();
      if (row) out.notification = toNotification(row);
      await emit(tx, {
        type: "notification.sent",
        actor: "system",
        aggregateId: to.userId,
        payload: { notificationId: id, userId: to.userId, kind, channel: "in_app" },
      });
    }
    if (isEnabled(prefs, kind, "email") && to.email) {
      const content = n.email();
      const mailId = randomUUID();
      await tx.insert(mail).values({
        id: mailId,
        userId: to.userId,
        notificationId: id,
        kind,
        to: to.email,
        subject: content.subject,
        text: content.text,
        html: content.html,
        status: this.d.captureOnly ? "captured" : "pending",
      });
      out.mailId = mailId;
      await emit(tx, {
        type: "notification.sent",
        actor: "system",
        aggregateId: to.userId,
        payload: { notificationId: id, userId: to.userId, kind, channel: "email" },
      });
    }
    return out;
  }

  // ---------- inbox ----------

  async list(
    userId: string,
    page: { cursor?: string | undefined; limit: number },
  ): Promise<{ notifications: Notification[]; nextCursor: string | null; unread: number }> {
    const rows = await this.d.db
      .select()
      .from(inbox)
      .where(and(eq(inbox.userId, userId), page.cursor ? lt(inbox.seq, Number(page.cursor)) : undefined))
      .orderBy(desc(inbox.seq))
      .limit(page.limit + 1);
    const more = rows.length > page.limit;
    const shown = rows.slice(0, page.limit);
    const last = shown.at(-1);
    return {
      notifications: shown.map(toNotification),
      nextCursor: more && last ? String(last.seq) : null,
      unread: await this.unreadCount(userId),
    };
  }

  async get(id: string): Promise<Notification | null> {
    const [row] = await this.d.db.select().from(inbox).where(eq(inbox.id, id));
    return row ? toNotification(row) : null;
  }

  async unreadCount(userId: string, db: Executor = this.d.db): Promise<number> {
    const [r] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(inbox)
      .where(and(eq(inbox.userId, userId), isNull(inbox.readAt)));
    return r?.n ?? 0;
  }

  /** Marks one of the learner's own notifications read; someone else's is "not found". */
  async markRead(userId: string, id: string): Promise<Notification> {
    const [row] = await this.d.db
      .update(inbox)
      .set({ readAt: sql`coalesce(${inbox.readAt}, now())` })
      .where(and(eq(inbox.id, id), eq(inbox.userId, userId)))
      .returning();
    if (!row) throw notFound("Notification");
    return toNotification(row);
  }

  async markAllRead(userId: string): Promise<number> {
    const rows = await this.d.db
      .update(inbox)
      .set({ readAt: sql`now()` })
      .where(and(eq(inbox.userId, userId), isNull(inbox.readAt)))
      .returning({ id: inbox.id });
    return rows.length;
  }

  // ---------- preferences ----------

  private async preferenceRows(db: Executor, userId: string): Promise<PreferenceRow[]> {
    return db
      .select({ kind: preferences.kind, channel: preferences.channel, enabled: preferences.enabled })
      .from(preferences)
      .where(eq(preferences.userId, userId));
  }

  async getPreferences(userId: string): Promise<NotificationPreference[]> {
    return resolvePreferences(await this.preferenceRows(this.d.db, userId));
  }

  async setPreferences(
    userId: string,
    body: NotificationPreferencesBody["preferences"],
  ): Promise<NotificationPreference[]> {
    const changes = preferenceChanges(body);
    await this.d.db.transaction(async (tx) => {
      for (const c of changes) {
        await tx
          .insert(preferences)
          .values({ userId, kind: c.kind, channel: c.channel, enabled: c.enabled })
          .onConflictDoUpdate({
            target: [preferences.userId, preferences.kind, preferences.channel],
            set: { enabled: c.enabled, updatedAt: sql`now()` },
          });
      }
    });
    return this.getPreferences(userId);
  }

  // ---------- mailbox (admin) ----------

  async mailbox(q: {
    cursor?: string | undefined;
    limit: number;
    status?: MailStatus | undefined;
    to?: string | undefined;
  }): Promise<{ messages: MailMessage[]; nextCursor: string | null }> {
    const rows = await this.d.db
      .select()
      .from(mail)
      .where(
        and(
          q.cursor ? lt(mail.seq, Number(q.cursor)) : undefined,
          q.status ? eq(mail.status, q.status) : undefined,
          q.to ? eq(mail.to, q.to) : undefined,
        ),
      )
      .orderBy(desc(mail.seq))
      .limit(q.limit + 1);
    const more = rows.length > q.limit;
    const shown = rows.slice(0, q.limit);
    const last = shown.at(-1);
    return { messages: shown.map(toMail), nextCursor: more && last ? String(last.seq) : null };
  }

  /** Puts a failed message back in the queue, to be tried again at once. */
  async retryMail(id: string): Promise<MailMessage> {
    const [row] = await this.d.db
      .update(mail)
      .set({ status: "pending", nextAttemptAt: sql`now()` })
      .where(and(eq(mail.id, id), eq(mail.status, "failed")))
      .returning();
    if (row) return toMail(row);
    const [current] = await this.d.db.select().from(mail).where(eq(mail.id, id));
    if (!current) throw notFound("Message");
    return toMail(current);
  }

  async mailStats(): Promise<{ pending: number; failed: number; retrying: number }> {
    const [r] = await this.d.db
      .select({
        pending: sql<number>`count(*) filter (where ${mail.status} = 'pending')::int`,
        failed: sql<number>`count(*) filter (where ${mail.status} = 'failed')::int`,
        retrying: sql<number>`count(*) filter (where ${mail.status} = 'pending' and ${mail.attempts} > 0)::int`,
      })
      .from(mail);
    return { pending: r?.pending ?? 0, failed: r?.failed ?? 0, retrying: r?.retrying ?? 0 };
  }

  // ---------- weekly digest ----------

  /**
   * Sends the weekly digest to every learner with activity in the last 7 days (counted from the events
   * this module consumed, plus its own inbox), each on the channels their preferences allow.
   */
  async runDigest(): Promise<DigestResult & { delivered: Delivered[] }> {
    const now = this.d.now();
    const since = new Date(now.getTime() - WEEK_MS);
    const fromDay = dayOf(new Date(now.getTime() - WEEK_MS + 86_400_000));
    const active = await this.d.db
      .selectDistinct({ userId: activityDays.userId })
      .from(activityDays)
      .where(gte(activityDays.day, fromDay));
    const notified = await this.d.db
      .selectDistinct({ userId: inbox.userId })
      .from(inbox)
      .where(and(gte(inbox.createdAt, since), ne(inbox.kind, "weekly_digest")));
    const users = [...new Set([...active, ...notified].map((r) => r.userId))].sort();
    const result = { users: 0, inApp: 0, emails: 0, delivered: [] as Delivered[] };
    for (const userId of users) {
      const days = await this.d.db
        .select()
        .from(activityDays)
        .where(and(eq(activityDays.userId, userId), gte(activityDays.day, fromDay)));
      const highlights = await this.d.db
        .select({ title: inbox.title })
        .from(inbox)
        .where(
          and(
            eq(inbox.userId, userId),
            gte(inbox.createdAt, since),
            inArray(inbox.kind, ["course_completed", "achievement_unlocked"]),
          ),
        )
        .orderBy(desc(inbox.seq))
        .limit(10);
      const week = sumWeek(days);
      if (!hasActivity(week, highlights.length)) continue;
      const recipient = await this.recipient(userId);
      if (!recipient) continue;
      const lines = digestLines(week);
      const delivered = await this.d.db.transaction((tx) =>
        this.deliver(tx, recipient, "weekly_digest", {
          title: "Your week in GO-PRO",
          body: digestSummary(week),
          link: "/",
          email: () =>
            weeklyDigestEmail(this.d.links, {
              displayName: recipient.displayName,
              lines,
              highlights: highlights.map((h) => h.title),
            }),
        }),
      );
      result.users++;
      if (delivered.notification) result.inApp++;
      if (delivered.mailId) result.emails++;
      result.delivered.push(delivered);
    }
    return result;
  }

  /** Creates the timer's schedule row if missing: the first digest goes out one interval from now. */
  async ensureSchedule(intervalMs: number): Promise<void> {
    await this.d.db
      .insert(digestSchedule)
      .values({ id: 1, nextRunAt: new Date(this.d.now().getTime() + intervalMs) })
      .onConflictDoNothing();
  }

  /** Claims the due digest run (only one process wins it) and moves the schedule one interval on. */
  async claimDigest(intervalMs: number): Promise<boolean> {
    const now = this.d.now();
    const claimed = await this.d.db
      .update(digestSchedule)
      .set({ nextRunAt: new Date(now.getTime() + intervalMs), lastRunAt: now })
      .where(and(eq(digestSchedule.id, 1), lte(digestSchedule.nextRunAt, now)))
      .returning();
    return claimed.length > 0;
  }
}
