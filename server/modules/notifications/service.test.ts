/**
 * The notifications module against a real (embedded) database, with identity and catalog faked: events
 * in, inbox entries, captured mail, preferences, live announcements, the digest and the SMTP sender's
 * retries (with a fake transport).
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { and, eq, sql } from "drizzle-orm";
import { Registry } from "prom-client";
import type { User } from "../../../common/api.ts";
import { emit, InProcessBus, OutboxRelay } from "../../platform/bus.ts";
import { MemoryCache } from "../../platform/cache.ts";
import { loadConfig } from "../../platform/config.ts";
import { type Database, openDatabase } from "../../platform/db.ts";
import { AppError } from "../../platform/errors.ts";
import type { NewEvent } from "../../platform/events.ts";
import { InProcessLive } from "../../platform/live.ts";
import { createLogger } from "../../platform/logger.ts";
import type { AppContext, ModuleInstance } from "../../platform/module.ts";
import { outbox } from "../../platform/schema.ts";
import { MemoryLimitStore } from "../../platform/sliding-limit.ts";
import type { CatalogClient } from "../catalog/index.ts";
import type { IdentityClient } from "../identity/index.ts";
import { ACHIEVEMENTS } from "../progress/index.ts";
import {
  createNotifications,
  migrations,
  type NotificationChange,
  type NotificationsClient,
} from "./index.ts";
import { MailSender, type MailTransport, type OutgoingMessage } from "./mailer.ts";
import { mail } from "./schema.ts";
import { NotificationService } from "./service.ts";

const log = createLogger("silent");
const EVIL = "<script>alert(1)</script>";
const users = new Map<string, User>();
const addUser = (id: string, displayName = `User ${id}`) =>
  users.set(id, {
    id,
    email: `${id}@example.test`,
    displayName,
    role: "learner",
    createdAt: new Date().toISOString(),
  });

const unused = () => Promise.reject(new Error("not used in this test"));
const identity: IdentityClient = {
  verify: unused,
  createAdmin: unused,
  async getUser(id) {
    const u = users.get(id);
    if (!u) throw new AppError("not_found", "User not found");
    return u;
  },
};
const catalog: CatalogClient = {
  async outline(id) {
    return { id, slug: "go-first-steps", title: `Go ${EVIL}`, items: [] };
  },
  item: unused,
  runnable: unused,
  importFrom: unused,
};

let database: Database;
let ctx: AppContext;
let mod: ModuleInstance<NotificationsClient>;
let svc: NotificationService;
let clock = new Date();

before(async () => {
  database = await openDatabase({ dataDir: "memory://", logger: log });
  await database.migrate(new URL("../../platform/migrations", import.meta.url).pathname, "platform");
  await database.migrate(migrations.folder, migrations.schema);
  const bus = new InProcessBus();
  const config = loadConfig({
    DATA_DIR: "memory://",
    LOG_LEVEL: "silent",
    PUBLIC_URL: "https://learn.example.test",
    DIGEST_INTERVAL_HOURS: "0",
  });
  ctx = {
    config,
    log,
    database,
    db: database.db,
    bus,
    relay: new OutboxRelay(database.db, bus, log),
    metrics: new Registry(),
    cache: new MemoryCache(),
    limits: new MemoryLimitStore(),
    live: new InProcessLive(log),
    now: () => clock,
  };
  mod = await createNotifications(ctx, { identity, catalog });
  await mod.start?.();
  svc = new NotificationService({
    db: database.db,
    identity,
    catalog,
    now: () => clock,
    links: { publicUrl: "https://learn.example.test" },
    captureOnly: true,
    log,
  });
});
after(async () => {
  await mod?.stop?.();
  await ctx?.relay.stop();
  await database?.close();
});

/** Emits events as another module would (in a transaction), then lets the relay deliver everything. */
async function publish(...events: NewEvent[]): Promise<void> {
  await database.db.transaction((tx) => emit(tx, ...events));
  await ctx.relay.drain();
}
const inbox = (userId: string) => svc.list(userId, { limit: 100 });
const mailTo = async (userId: string) =>
  (await svc.mailbox({ limit: 100, to: `${userId}@example.test` })).messages;
const sentEvents = async (userId: string) =>
  (
    await database.db
      .select({ event: outbox.event })
      .from(outbox)
      .where(and(eq(outbox.type, "notification.sent"), eq(outbox.key, userId)))
  ).map((r) => (r.event as { payload: { channel: string; kind: string } }).payload);

describe("notifications from events", () => {
  test("an achievement lands in the inbox only (email is off by default), with one notification.sent", async () => {
    addUser("ach1");
    await publish({
      type: "achievement.unlocked",
      actor: "ach1",
      aggregateId: "ach1",
      payload: { userId: "ach1", code: "first-pass" },
    });
    const list = await inbox("ach1");
    assert.equal(list.notifications.length, 1);
    assert.equal(list.notifications[0]?.kind, "achievement_unlocked");
    const def = ACHIEVEMENTS.find((a) => a.code === "first-pass");
    assert.ok(def);
    assert.equal(list.notifications[0]?.title, `Achievement unlocked: ${def.title}`);
    assert.equal(list.notifications[0]?.body, def.description);
    assert.equal(list.unread, 1);
    assert.equal((await mailTo("ach1")).length, 0);
    assert.deepEqual(
      (await sentEvents("ach1")).map((p) => `${p.kind}/${p.channel}`),
      ["achievement_unlocked/in_app"],
    );
  });

  test("with email turned on for achievements, the email is captured, escaped, beside the inbox entry", async () => {
    addUser("ach2", EVIL);
    await svc.setPreferences("ach2", [{ kind: "achievement_unlocked", email: true }]);
    await publish({
      type: "achievement.unlocked",
      actor: "ach2",
      aggregateId: "ach2",
      payload: { userId: "ach2", code: "first-lesson" },
    });
    const [m] = await mailTo("ach2");
    assert.ok(m);
    assert.equal(m.status, "captured");
    assert.equal(
      m.subject,
      `Achievement unlocked: ${ACHIEVEMENTS.find((a) => a.code === "first-lesson")?.title}`,
    );
    assert.ok(!m.html.includes("<script"));
    assert.ok(m.html.includes("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert.equal((await inbox("ach2")).notifications.length, 1);
    assert.deepEqual(
      (await sentEvents("ach2")).map((p) => p.channel),
      ["in_app", "email"],
    );
  });

  test("a course completion notifies in the app and by email, with the course title escaped", async () => {
    addUser("cc1");
    await publish({
      type: "course.completed",
      actor: "cc1",
      aggregateId: "cc1",
      payload: { userId: "cc1", courseId: "go-first-steps" },
    });
    const [n] = (await inbox("cc1")).notifications;
    assert.equal(n?.title, `You completed Go ${EVIL}`, "the inbox stores text; the web app escapes it");
    assert.equal(n?.link, "/courses/go-first-steps");
    const [m] = await mailTo("cc1");
    assert.ok(m && !m.html.includes("<script"));
    assert.ok(m.text.includes("https://learn.example.test/courses/go-first-steps"));
  });

  test("email off for course completion stops the email but keeps the inbox entry", async () => {
    addUser("cc2");
    const prefs = await svc.setPreferences("cc2", [{ kind: "course_completed", email: false }]);
    assert.deepEqual(
      prefs.find((p) => p.kind === "course_completed"),
      { kind: "course_completed", inApp: true, email: false },
    );
    await publish({
      type: "course.completed",
      actor: "cc2",
      aggregateId: "cc2",
      payload: { userId: "cc2", courseId: "c" },
    });
    assert.equal((await inbox("cc2")).notifications.length, 1);
    assert.equal((await mailTo("cc2")).length, 0);
  });

  test("in-app off and email on: mail only, and the inbox stays empty", async () => {
    addUser("cc3");
    await svc.setPreferences("cc3", [{ kind: "course_completed", inApp: false }]);
    await publish({
      type: "course.completed",
      actor: "cc3",
      aggregateId: "cc3",
      payload: { userId: "cc3", courseId: "c" },
    });
    assert.equal((await inbox("cc3")).notifications.length, 0);
    assert.equal((await mailTo("cc3")).length, 1);
  });

  test("a chat message notifies each mentioned learner once, never the author, and live clients hear it", async () => {
    for (const id of ["author", "m1", "m2"]) addUser(id);
    const heard: NotificationChange[] = [];
    const off = mod.client.onNotification((c) => heard.push(c));
    await publish({
      type: "chat.message_posted",
      actor: "author",
      aggregateId: "room-1",
      payload: {
        roomId: "room-1",
        courseId: "go-first-steps",
        messageId: "msg-1",
        userId: "author",
        mentions: ["m1", "m2", "author", "m1", "ghost"],
      },
    });
    off();
    for (const id of ["m1", "m2"]) {
      const list = await inbox(id);
      assert.equal(list.notifications.length, 1, id);
      assert.equal(list.notifications[0]?.kind, "mention");
      assert.equal(list.notifications[0]?.title, "User author mentioned you");
      assert.equal(list.notifications[0]?.link, "/courses/go-first-steps#message-msg-1");
      assert.equal((await mailTo(id)).length, 0, "mention email is off by default");
    }
    assert.equal((await inbox("author")).notifications.length, 0);
    assert.deepEqual(heard.map((h) => [h.userId, h.notification?.kind, h.unread]).sort(), [
      ["m1", "mention", 1],
      ["m2", "mention", 1],
    ]);
    // After unsubscribing, nothing more is heard.
    await publish({
      type: "chat.message_posted",
      actor: "author",
      aggregateId: "room-1",
      payload: { roomId: "room-1", courseId: "c", messageId: "msg-2", userId: "author", mentions: ["m1"] },
    });
    assert.equal(heard.length, 2);
    assert.equal(await mod.client.unreadCount("m1"), 2);
  });

  test("an event delivered twice notifies once", async () => {
    addUser("dup");
    const [e] = await database.db.transaction((tx) =>
      emit(tx, {
        type: "course.completed",
        actor: "dup",
        aggregateId: "dup",
        payload: { userId: "dup", courseId: "c" },
      }),
    );
    await ctx.relay.drain();
    assert.ok(e);
    await ctx.bus.publish("progress-events", e);
    assert.equal((await inbox("dup")).notifications.length, 1);
    assert.equal((await mailTo("dup")).length, 1);
  });

  test("a deleted account is skipped, not retried forever", async () => {
    await publish({
      type: "course.completed",
      actor: "nobody",
      aggregateId: "nobody",
      payload: { userId: "nobody", courseId: "c" },
    });
    assert.equal((await inbox("nobody")).notifications.length, 0);
    assert.equal(await ctx.relay.backlog(), 0);
  });
});

describe("the inbox", () => {
  test("pages newest first by cursor, and read marks are per learner", async () => {
    addUser("pager");
    for (let i = 0; i < 5; i++)
      await publish({
        type: "achievement.unlocked",
        actor: "pager",
        aggregateId: "pager",
        payload: { userId: "pager", code: `code-${i}` },
      });
    const first = await svc.list("pager", { limit: 2 });
    assert.deepEqual(
      first.notifications.map((n) => n.title),
      ["Achievement unlocked: code-4", "Achievement unlocked: code-3"],
    );
    assert.ok(first.nextCursor);
    const second = await svc.list("pager", { limit: 2, cursor: first.nextCursor });
    const third = await svc.list("pager", { limit: 2, cursor: second.nextCursor ?? undefined });
    assert.deepEqual(
      [...second.notifications, ...third.notifications].map((n) => n.title.slice(-6)),
      ["code-2", "code-1", "code-0"],
    );
    assert.equal(third.nextCursor, null);

    const target = first.notifications[0];
    assert.ok(target);
    await assert.rejects(
      svc.markRead("someone-else", target.id),
      (e: unknown) => e instanceof AppError && e.code === "not_found",
    );
    const read = await svc.markRead("pager", target.id);
    assert.ok(read.readAt);
    assert.equal(await svc.unreadCount("pager"), 4);
    assert.equal(
      (await svc.markRead("pager", target.id)).readAt,
      read.readAt,
      "reading twice keeps the first time",
    );
    assert.equal(await svc.markAllRead("pager"), 4);
    assert.equal(await svc.unreadCount("pager"), 0);
  });
});

describe("the weekly digest", () => {
  test("goes to learners active in the last 7 days, summing what they did", async () => {
    addUser("busy");
    addUser("idle");
    addUser("lapsed");
    // Events carry the real time, so the digest looks at the real last week.
    clock = new Date();
    const at = (userId: string, type: "lesson.completed" | "exercise.passed") =>
      type === "lesson.completed"
        ? ({
            type,
            actor: userId,
            aggregateId: userId,
            payload: { userId, courseId: "c", lessonId: "l" },
          } as const)
        : ({
            type,
            actor: userId,
            aggregateId: userId,
            payload: { userId, courseId: "c", exerciseId: "e", attemptId: "a" },
          } as const);
    await publish(
      at("busy", "lesson.completed"),
      at("busy", "lesson.completed"),
      at("busy", "exercise.passed"),
    );
    await publish({
      type: "streak.extended",
      actor: "busy",
      aggregateId: "busy",
      payload: { userId: "busy", current: 3, day: "2026-03-09" },
    });
    // Activity older than a week does not count.
    const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000).toISOString();
    await publish({ ...at("lapsed", "lesson.completed"), occurredAt: tenDaysAgo });
    const r = await mod.client.runDigest();
    await ctx.relay.drain();
    assert.ok(r.users >= 1);
    const digest = (await inbox("busy")).notifications.find((n) => n.kind === "weekly_digest");
    assert.ok(digest, "the busy learner gets a digest");
    assert.match(digest.body, /2 lessons completed/);
    assert.match(digest.body, /1 exercise passed/);
    const [m] = (await mailTo("busy")).filter((x) => x.kind === "weekly_digest");
    assert.ok(m, "digest email is on by default");
    assert.match(m.text, /• 2 lessons completed/);
    assert.match(m.text, /a 3-day streak/);
    for (const quiet of ["idle", "lapsed"]) {
      assert.equal((await inbox(quiet)).notifications.length, 0, quiet);
      assert.equal((await mailTo(quiet)).length, 0, quiet);
    }
  });

  test("the timer's schedule is claimed once per interval", async () => {
    const hour = 3_600_000;
    await svc.ensureSchedule(hour);
    assert.equal(await svc.claimDigest(hour), false, "not due yet");
    clock = new Date(clock.getTime() + hour);
    assert.equal(await svc.claimDigest(hour), true);
    assert.equal(await svc.claimDigest(hour), false, "a second replica does not run it again");
  });
});

describe("the SMTP sender", () => {
  class FlakyTransport implements MailTransport {
    sent: OutgoingMessage[] = [];
    failures: Array<Error & { responseCode?: number; code?: string }>;
    constructor(failures: Array<Error & { responseCode?: number; code?: string }>) {
      this.failures = failures;
    }
    async send(m: OutgoingMessage) {
      const f = this.failures.shift();
      if (f) throw f;
      this.sent.push(m);
    }
    close() {}
  }
  const queue = async (id: string) =>
    database.db.insert(mail).values({
      id,
      kind: "course_completed",
      to: `${id}@example.test`,
      subject: `subject ${id}`,
      text: "text",
      html: "<p>html</p>",
      status: "pending",
    });
  const row = async (id: string) => (await database.db.select().from(mail).where(eq(mail.id, id)))[0];
  async function sendUntilIdle(sender: MailSender, id: string) {
    // Each due message is tried once per call; make retries due at once instead of waiting for them.
    for (let i = 0; i < 20; i++) {
      const r = await row(id);
      if (r?.status !== "pending") return;
      await database.db.update(mail).set({ nextAttemptAt: sql`now()` }).where(eq(mail.id, id));
      await sender.sendOne();
    }
  }

  test("an outage is retried with growing delays until the message goes out", async () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNECTION" });
    const transport = new FlakyTransport([refused, refused]);
    const sender = new MailSender({
      db: database.db,
      transport,
      from: "GO-PRO <a@b.test>",
      log,
      retryBaseMs: 60_000,
    });
    await queue("out1");
    assert.equal(await sender.sendOne(), true);
    const after1 = await row("out1");
    assert.equal(after1?.status, "pending");
    assert.equal(after1?.attempts, 1);
    assert.match(after1?.error ?? "", /ECONNECTION/);
    assert.ok((after1?.nextAttemptAt.getTime() ?? 0) > Date.now() + 30_000, "the retry waits");
    assert.equal(await sender.sendOne(), false, "nothing else is due");
    await sendUntilIdle(sender, "out1");
    const done = await row("out1");
    assert.equal(done?.status, "sent");
    assert.equal(done?.attempts, 3);
    assert.equal(done?.error, null);
    assert.ok(done?.sentAt);
    assert.deepEqual(
      transport.sent.map((m) => [m.to, m.subject, m.from]),
      [["out1@example.test", "subject out1", "GO-PRO <a@b.test>"]],
    );
  });

  test("a permanent refusal fails the message; an administrator can queue it again", async () => {
    const rejected = Object.assign(new Error("550 mailbox unavailable"), {
      code: "EENVELOPE",
      responseCode: 550,
    });
    const transport = new FlakyTransport([rejected]);
    const sender = new MailSender({ db: database.db, transport, from: "x@y.test", log, retryBaseMs: 10 });
    await queue("perm1");
    await sender.sendOne();
    assert.equal((await row("perm1"))?.status, "failed");
    assert.equal(transport.sent.length, 0);
    const again = await svc.retryMail("perm1");
    assert.equal(again.status, "pending");
    await sender.sendOne();
    assert.equal((await row("perm1"))?.status, "sent");
    await assert.rejects(
      svc.retryMail("no-such-message"),
      (e: unknown) => e instanceof AppError && e.code === "not_found",
    );
  });
});
