/**
 * Notifications over real HTTP: a learner finishes go-first-steps and is told in the app and by email.
 * Without SMTP_URL the email is captured for the admin mailbox; with it, a real SMTP server (started here,
 * with a login) receives it, including after an outage, and preferences can turn the email off.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import type {
  DigestResult,
  Mailbox,
  MailMessage,
  Notification,
  NotificationList,
  NotificationPreferences,
  ReadAllResult,
  Session,
  UnreadCount,
} from "../../common/api.ts";
import type { NotificationChange } from "../../server/modules/notifications/index.ts";
import { finishCourse, referenceCourse } from "../support/curriculum.ts";
import { Client, databaseKinds, eventually, startTestServer, type TestServer } from "../support/server.ts";
import { type ReceivedMail, startSmtp, type TestSmtp } from "../support/smtp.ts";

const COURSE = "go-first-steps";
const course = referenceCourse(COURSE);

/** Enrolls and finishes every lesson and exercise (with the reference solutions) of the course. */
async function enrollAndFinish(c: Client): Promise<void> {
  assert.equal((await c.req("POST", `/api/v1/courses/${COURSE}/enrollment`)).status, 201);
  await finishCourse(c, course);
}

/**
 * Waits until every event is published and consumed: the relay marks a row published only after its
 * consumers committed, and their own events are new rows, so an empty backlog means nothing is in flight.
 */
async function settled(server: TestServer): Promise<void> {
  const relay = server.platform.ctx.relay;
  assert.equal(
    await eventually(
      () => relay.backlog(),
      (n) => n === 0,
      300,
    ),
    0,
    "the outbox drains",
  );
}

const inbox = async (c: Client) =>
  (await c.req("GET", "/api/v1/notifications?limit=100")).json<NotificationList>();
const completionOf = (l: NotificationList) => l.notifications.find((n) => n.kind === "course_completed");

async function adminClient(server: TestServer): Promise<Client> {
  const identity = server.platform.clients.identity;
  assert.ok(identity);
  const email = `admin-${randomBytes(4).toString("hex")}@example.test`;
  await identity.createAdmin(email, "admin password 123", "Admin");
  const a = new Client(server.url);
  const r = await a.req("POST", "/api/v1/auth/login", { email, password: "admin password 123" });
  assert.equal(r.status, 200);
  a.token = r.json<Session>().accessToken;
  return a;
}

const mailbox = async (admin: Client, to: string) =>
  (await admin.req("GET", `/api/v1/admin/mailbox?limit=100&to=${encodeURIComponent(to)}`)).json<Mailbox>();

for (const kind of databaseKinds()) {
  describe(`notifications, mail captured (${kind})`, () => {
    let server: TestServer;
    let admin: Client;
    before(async () => {
      server = await startTestServer(kind, { PUBLIC_URL: "https://learn.example.test" });
      admin = await adminClient(server);
    });
    after(() => server?.stop());

    test("every notification route needs a signed-in user; the mailbox and digest need an admin", async () => {
      const anon = new Client(server.url);
      for (const [method, p] of [
        ["GET", "/api/v1/notifications"],
        ["GET", "/api/v1/notifications/unread-count"],
        ["POST", "/api/v1/notifications/read-all"],
        ["GET", "/api/v1/notifications/preferences"],
        ["GET", "/api/v1/admin/mailbox"],
      ] as const)
        assert.equal((await anon.req(method, p)).status, 401, p);
      await anon.register();
      assert.equal((await anon.req("GET", "/api/v1/admin/mailbox")).status, 403);
      assert.equal((await anon.req("POST", "/api/v1/admin/notifications/digest")).status, 403);
      assert.equal((await anon.req("GET", "/api/v1/notifications?cursor=abc")).status, 400);
      assert.equal((await anon.req("GET", "/api/v1/notifications?limit=1000")).status, 400);
    });

    test("finishing the course: in-app notification, unread count, read marks, captured mail, digest", async () => {
      const heard: NotificationChange[] = [];
      const off = server.platform.clients.notifications?.onNotification((ch) => heard.push(ch));
      const c = new Client(server.url);
      const { user } = await c.register();
      const empty = await inbox(c);
      assert.deepEqual([empty.notifications.length, empty.unread, empty.nextCursor], [0, 0, null]);

      await enrollAndFinish(c);
      await settled(server);
      const list = await inbox(c);
      const done = completionOf(list);
      assert.ok(done, "a course completed notification");
      assert.equal(done.title, "You completed Go First Steps");
      assert.equal(done.link, `/courses/${COURSE}`);
      assert.equal(done.readAt, null);
      assert.equal(list.notifications.filter((n) => n.kind === "course_completed").length, 1);
      // Achievements unlocked on the way are in the inbox too; everything is unread.
      assert.ok(list.notifications.some((n) => n.kind === "achievement_unlocked"));
      const unread = (await c.req("GET", "/api/v1/notifications/unread-count")).json<UnreadCount>().unread;
      assert.equal(unread, list.notifications.length);
      assert.equal(list.unread, unread);

      // Live clients were told after commit, with the bell count.
      const live = await eventually(
        async () => heard.filter((h) => h.userId === user.id && h.notification?.kind === "course_completed"),
        (h) => h.length > 0,
        300,
      );
      assert.equal(live.length, 1);
      assert.ok((live[0]?.unread ?? 0) >= 1);

      // Nobody else can see or read it.
      const other = new Client(server.url);
      await other.register();
      assert.equal((await inbox(other)).notifications.length, 0);
      const stolen = await other.req("POST", `/api/v1/notifications/${done.id}/read`);
      assert.equal(stolen.status, 404);
      assert.equal(
        (await c.req("GET", "/api/v1/notifications/unread-count")).json<UnreadCount>().unread,
        unread,
      );

      const read = await c.req("POST", `/api/v1/notifications/${done.id}/read`);
      assert.equal(read.status, 200);
      assert.ok(read.json<Notification>().readAt);
      assert.equal(
        (await c.req("GET", "/api/v1/notifications/unread-count")).json<UnreadCount>().unread,
        unread - 1,
      );
      assert.ok(
        heard.some((h) => h.userId === user.id && h.notification?.id === done.id && h.unread === unread - 1),
      );
      assert.equal((await c.req("POST", "/api/v1/notifications/no-such-id/read")).status, 404);

      // Paging walks the whole inbox, newest first, without repeats.
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: NotificationList = (
          await c.req("GET", `/api/v1/notifications?limit=2${cursor ? `&cursor=${cursor}` : ""}`)
        ).json<NotificationList>();
        seen.push(...page.notifications.map((n) => n.id));
        cursor = page.nextCursor;
      } while (cursor);
      assert.deepEqual(
        seen,
        list.notifications.map((n) => n.id),
      );

      // The email was captured, and an admin reads it in the mailbox.
      const box = await mailbox(admin, user.email);
      assert.equal(box.mode, "capture");
      const captured = box.messages.filter((m) => m.kind === "course_completed");
      assert.equal(captured.length, 1);
      const m = captured[0] as MailMessage;
      assert.equal(m.status, "captured");
      assert.equal(m.to, user.email);
      assert.equal(m.subject, "You completed Go First Steps");
      assert.match(m.text, /https:\/\/learn\.example\.test\/courses\/go-first-steps/);
      assert.match(m.html, /<strong>Go First Steps<\/strong>/);
      assert.equal(
        box.messages.filter((x) => x.kind === "achievement_unlocked").length,
        0,
        "achievement email is off by default",
      );

      // The weekly digest, sent now by an admin, sums the week.
      const digest = await admin.req("POST", "/api/v1/admin/notifications/digest");
      assert.equal(digest.status, 200);
      assert.ok(digest.json<DigestResult>().users >= 1);
      const withDigest = await inbox(c);
      const d = withDigest.notifications.find((n) => n.kind === "weekly_digest");
      assert.ok(d);
      assert.match(d.body, /6 lessons completed, 6 exercises passed/);
      const digestMail = (await mailbox(admin, user.email)).messages.find((x) => x.kind === "weekly_digest");
      assert.ok(digestMail);
      assert.match(digestMail.text, /1 course completed/);

      const all = await c.req("POST", "/api/v1/notifications/read-all");
      assert.equal(all.json<ReadAllResult>().unread, 0);
      assert.equal(all.json<ReadAllResult>().marked, withDigest.unread);
      off?.();
    });

    test("preferences: defaults, partial updates, validation", async () => {
      const c = new Client(server.url);
      await c.register();
      const defaults = (
        await c.req("GET", "/api/v1/notifications/preferences")
      ).json<NotificationPreferences>();
      assert.deepEqual(defaults.preferences, [
        { kind: "course_completed", inApp: true, email: true },
        { kind: "achievement_unlocked", inApp: true, email: false },
        { kind: "mention", inApp: true, email: false },
        { kind: "weekly_digest", inApp: true, email: true },
      ]);
      const put = await c.req("PUT", "/api/v1/notifications/preferences", {
        preferences: [
          { kind: "mention", email: true },
          { kind: "weekly_digest", inApp: false },
        ],
      });
      assert.equal(put.status, 200);
      const after = put.json<NotificationPreferences>().preferences;
      assert.deepEqual(
        after.find((p) => p.kind === "mention"),
        { kind: "mention", inApp: true, email: true },
      );
      assert.deepEqual(
        after.find((p) => p.kind === "weekly_digest"),
        {
          kind: "weekly_digest",
          inApp: false,
          email: true,
        },
      );
      for (const bad of [
        { preferences: [{ kind: "spam", email: true }] },
        { preferences: [] },
        { preferences: [{ kind: "mention", email: "yes" }] },
        { preferences: [{ kind: "mention", sms: true }] },
      ])
        assert.equal(
          (await c.req("PUT", "/api/v1/notifications/preferences", bad)).status,
          400,
          JSON.stringify(bad),
        );
      // Another learner still has the defaults.
      const other = new Client(server.url);
      await other.register();
      assert.deepEqual(
        (await other.req("GET", "/api/v1/notifications/preferences")).json<NotificationPreferences>(),
        defaults,
      );
    });
  });

  describe(`notifications, mail sent over SMTP (${kind})`, () => {
    let server: TestServer;
    let smtp: TestSmtp;
    let admin: Client;
    const received: ReceivedMail[] = [];
    before(async () => {
      smtp = await startSmtp({ received });
      server = await startTestServer(kind, {
        SMTP_URL: smtp.url,
        MAIL_FROM: "GO-PRO <learn@example.test>",
        PUBLIC_URL: "https://learn.example.test",
        SMTP_RETRY_MS: "100",
      });
      admin = await adminClient(server);
    });
    after(async () => {
      await server?.stop();
      await smtp?.close();
    });
    const arrivedFor = (to: string) => received.filter((m) => m.envelopeTo.includes(to));

    test("the course completion email arrives at the SMTP server", async () => {
      const c = new Client(server.url);
      const { user } = await c.register();
      await enrollAndFinish(c);
      const got = await eventually(
        async () => arrivedFor(user.email),
        (m) => m.length > 0,
        300,
      );
      assert.equal(got.length, 1);
      const m = got[0] as ReceivedMail;
      assert.equal(m.user, "gopro", "the server logged in with the credentials of SMTP_URL");
      assert.equal(m.envelopeFrom, "learn@example.test");
      assert.equal(m.parsed.headers.get("to"), user.email);
      assert.equal(m.parsed.headers.get("subject"), "You completed Go First Steps");
      assert.match(m.parsed.headers.get("from") ?? "", /learn@example\.test/);
      assert.match(m.parsed.text, /you completed every lesson and exercise of Go First Steps/);
      assert.match(m.parsed.text, /https:\/\/learn\.example\.test\/courses\/go-first-steps/);
      assert.match(m.parsed.html, /<strong>Go First Steps<\/strong>/);
      const box = await eventually(
        () => mailbox(admin, user.email),
        (b) => b.messages.every((x) => x.status === "sent"),
        300,
      );
      assert.equal(box.mode, "smtp");
      assert.deepEqual(
        box.messages.map((x) => [x.kind, x.status, x.attempts, x.error]),
        [["course_completed", "sent", 1, null]],
      );
      assert.ok(completionOf(await inbox(c)), "the in-app notification too");
    });

    test("email turned off for course completion: no email, the in-app notification stays", async () => {
      const c = new Client(server.url);
      const { user } = await c.register();
      const put = await c.req("PUT", "/api/v1/notifications/preferences", {
        preferences: [{ kind: "course_completed", email: false }],
      });
      assert.equal(put.status, 200);
      await enrollAndFinish(c);
      const list = await eventually(
        () => inbox(c),
        (l) => completionOf(l) !== undefined,
        300,
      );
      assert.ok(completionOf(list));
      // The mail decision is made in the transaction that wrote the in-app notification: it is final.
      assert.deepEqual((await mailbox(admin, user.email)).messages, []);
      assert.deepEqual(arrivedFor(user.email), []);
    });

    test("SMTP down, then back: the email is retried and delivered, nothing lost", async () => {
      await smtp.close();
      const c = new Client(server.url);
      const { user } = await c.register();
      await enrollAndFinish(c);
      const failing = await eventually(
        () => mailbox(admin, user.email),
        (b) => b.messages.some((x) => x.attempts >= 1),
        300,
      );
      const [m] = failing.messages;
      assert.ok(m);
      assert.equal(m.status, "pending", "a failed attempt keeps the message queued");
      assert.ok(m.attempts >= 1);
      assert.ok(m.error, "the last error is recorded");
      assert.ok(m.nextAttemptAt);
      const ready = await c.req("GET", "/readyz");
      assert.equal(
        ready.json<{ checks: { notifications: { retrying: number } } }>().checks.notifications.retrying,
        1,
      );
      assert.equal(ready.json<{ status: string }>().status, "degraded", "an operator is told");

      smtp = await startSmtp({ port: smtp.port, received });
      const got = await eventually(
        async () => arrivedFor(user.email),
        (x) => x.length > 0,
        300,
      );
      assert.equal(got.length, 1);
      assert.equal(got[0]?.parsed.headers.get("subject"), "You completed Go First Steps");
      const box = await eventually(
        () => mailbox(admin, user.email),
        (b) => b.messages[0]?.status === "sent",
        300,
      );
      assert.equal(box.messages.length, 1);
      assert.equal(box.messages[0]?.status, "sent");
      assert.ok((box.messages[0]?.attempts ?? 0) >= 2);
      const healthy = (await c.req("GET", "/readyz")).json<{
        checks: { notifications: { retrying: number } };
      }>();
      assert.equal(healthy.checks.notifications.retrying, 0);
    });
  });
}
