/**
 * Live updates in a real browser against the real server, over the WebSocket (no reloads):
 * 1. A learner has the app open while the API (standing in for another tab) passes an exercise and
 *    then finishes the course "go-first-steps": the header bell counts the notifications as they
 *    arrive; the inbox marks one read and then all read, and the count drops; preferences persist.
 * 2. The connection recovers: a refused token (4001) is refreshed first, a dropped one reconnects.
 * 3. An administrator (created with `gopro admin create`) sees the course-completed email in the
 *    mailbox, opens the live analytics dashboard, and while new learners register, enroll, view
 *    lessons and run tests through the API, the active-learner figure and the per-minute chart change.
 *    The per-course view follows one more learner live.
 *
 * Run: node --test e2e/live.e2e.ts   (needs /usr/bin/chromium and a Go toolchain)
 * Screenshots land in test-artifacts/e2e/live-*.png. With E2E_BASE_URL (an already running server),
 * set E2E_ADMIN_EMAIL and E2E_ADMIN_PASSWORD for the administrator part.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, test } from "node:test";
import type { BrowserContext, Locator, Page, WebSocketRoute } from "playwright-core";
import type { NotificationList } from "../common/api.ts";
import { type CourseFile, loadCurriculum } from "../server/modules/catalog/index.ts";
import {
  type AdminAccount,
  ApiClient,
  type E2eRun,
  login,
  PASSWORD,
  root,
  screenshotter,
  startE2e,
  waitUntil,
} from "./support.ts";

const PREFIX = "live-";
const COURSE_SLUG = "go-first-steps";
/** Pushed updates arrive within a second or two; generous for a busy shared machine. */
const LIVE_TIMEOUT = 60_000;

const curriculum = await loadCurriculum(path.join(root, "curriculum"));
const course: CourseFile | undefined = curriculum.courses.find((c) => c.slug === COURSE_SLUG);
const items = course?.modules.flatMap((m) => m.items) ?? [];
const lessons = items.filter((i) => i.kind === "lesson");
const exercises = items.flatMap((i) => (i.kind === "exercise" ? [i] : []));

const stamp = Date.now().toString(36);
const admin: AdminAccount | undefined = process.env.E2E_BASE_URL
  ? process.env.E2E_ADMIN_EMAIL && process.env.E2E_ADMIN_PASSWORD
    ? { email: process.env.E2E_ADMIN_EMAIL, password: process.env.E2E_ADMIN_PASSWORD, displayName: "Admin" }
    : undefined
  : { email: `admin-${stamp}@example.com`, password: "admin password 123", displayName: "Ada Admin" };

let run: E2eRun | undefined;
let baseUrl = "";
let page: Page;
let adminContext: BrowserContext | undefined;
let adminPage: Page;
let learnerEmail = "";
const shot = screenshotter(() => page, PREFIX, { finishAnimations: true });
const adminShot = screenshotter(() => adminPage, `${PREFIX}admin-`, { finishAnimations: true });

before(async () => {
  assert.ok(course, `course ${COURSE_SLUG} not found in the curriculum (or it has problems)`);
  // Several learners register within a minute (lift the per-IP limit on auth calls), and the first
  // test run compiles with a cold build cache on a possibly busy machine (allow it time).
  run = await startE2e(PREFIX, {
    admin,
    env: { RATE_LIMIT_AUTH_PER_MIN: "200", REQUEST_TIMEOUT_MS: "300000" },
  });
  ({ baseUrl, page } = run);
});

after(async () => {
  await adminContext?.close().catch(() => undefined);
  await run?.stop();
});

/** Leaves a mark in the page's window: still there later means the page was never reloaded. */
const MARK = "window.__e2eLiveMark = 'still the same page'";
const markStillThere = async (p: Page): Promise<boolean> =>
  (await p.evaluate("window.__e2eLiveMark")) === "still the same page";

const numberAttr = async (l: Locator, name: string): Promise<number> => {
  const v = await l.getAttribute(name, { timeout: 5000 });
  assert.ok(v !== null, `${name} missing`);
  return Number(v);
};

test("learner: the bell counts notifications live; the inbox marks them read", async (t) => {
  assert.ok(course);
  const learner = await ApiClient.register(baseUrl, "Bell Learner");
  learnerEmail = learner.email;
  const bell = page.getByRole("banner").getByRole("button", { name: /^Notifications/ });

  await t.test("signed in, the bell starts at zero and the live connection comes up", async () => {
    await login(page, baseUrl, learner.email, PASSWORD);
    await page.getByRole("heading", { name: /Welcome back, Bell Learner/ }).waitFor();
    await bell.waitFor();
    assert.equal(await bell.getAttribute("data-unread"), "0");
    assert.equal(await bell.getAttribute("aria-label"), "Notifications");
    await waitUntil("live connection", async () => (await bell.getAttribute("data-live-status")) === "live");
    await page.evaluate(MARK);
  });

  await t.test("passing the first exercise (through the API) raises the count without a reload", async () => {
    await learner.ok("POST", `/courses/${COURSE_SLUG}/enrollment`);
    const first = exercises[0];
    assert.ok(first);
    await learner.pass(first);
    await waitUntil("bell at 1", async () => (await bell.getAttribute("data-unread")) === "1", LIVE_TIMEOUT);
    assert.ok(await markStillThere(page), "the page was not reloaded");
    assert.equal(await bell.getAttribute("aria-label"), "Notifications, 1 unread");
    // Announced politely to screen readers.
    await page
      .getByRole("status")
      .filter({
        hasText: /New notification: Achievement unlocked: First passing exercise\. 1 unread notification\./,
      })
      .waitFor();
    await shot("bell-one-unread");
  });

  await t.test("the dropdown lists it; the inbox marks it read and the count drops", async () => {
    await bell.click();
    const panel = page.getByRole("region", { name: "Notifications" });
    const item = panel.getByRole("listitem").filter({ hasText: "First passing exercise" });
    await item.waitFor();
    assert.equal(await item.getAttribute("data-unread"), "true");
    await shot("bell-dropdown");

    await panel.getByRole("link", { name: "See all notifications" }).click();
    await page.waitForURL(/\/notifications$/);
    await page.getByRole("heading", { name: "Notifications", level: 1 }).waitFor();
    const inbox = page.getByRole("list", { name: "Notifications" });
    const row = inbox.getByRole("listitem").filter({ hasText: "First passing exercise" });
    await row.waitFor();
    await shot("inbox-unread");
    await row.getByRole("button", { name: /^Mark read/ }).click();
    await waitUntil("bell at 0", async () => (await bell.getAttribute("data-unread")) === "0");
    assert.equal(await row.getAttribute("data-unread"), "false");
    await page.getByText("You're all caught up.").waitFor();
    assert.ok(await markStillThere(page), "the page was not reloaded");
  });

  await t.test("finishing the course adds notifications live, at the top of the open inbox", async () => {
    for (const l of lessons) await learner.ok("POST", `/lessons/${l.id}/completion`);
    for (const e of exercises.slice(1)) await learner.pass(e);
    // Finishing earns the course_completed notice and three achievements (first lesson, five
    // exercises, first course); with the first exercise's achievement that is five in all. They are
    // made by events a moment after the requests, so wait until the server holds every one.
    const list = await waitUntil(
      "all five notifications on the server",
      async () => {
        const l = (await (await learner.ok("GET", "/notifications?limit=100")).json()) as NotificationList;
        return l.notifications.length >= 5 ? l : undefined;
      },
      LIVE_TIMEOUT,
    );
    assert.deepEqual(list.notifications.map((n) => n.kind).sort(), [
      "achievement_unlocked",
      "achievement_unlocked",
      "achievement_unlocked",
      "achievement_unlocked",
      "course_completed",
    ]);
    assert.equal(list.unread, 4);
    const inbox = page.getByRole("list", { name: "Notifications" });
    const completed = inbox.locator('[data-kind="course_completed"]').filter({ hasText: "Go First Steps" });
    await completed.waitFor({ timeout: LIVE_TIMEOUT });
    // What the bell shows is what the server counts, and the open inbox got them all without a reload.
    const unread = await waitUntil(
      "bell counts the four new ones",
      async () => ((await numberAttr(bell, "data-unread")) === 4 ? 4 : undefined),
      LIVE_TIMEOUT,
    );
    await waitUntil("five rows in the inbox", async () => (await inbox.getByRole("listitem").count()) === 5);
    // The newest is on top, and only the one read before is read.
    assert.equal(await inbox.getByRole("listitem").first().getAttribute("data-unread"), "true");
    assert.equal(await inbox.locator('[data-unread="true"]').count(), 4);
    assert.ok(await markStillThere(page), "the page was not reloaded");
    await shot("inbox-course-completed");

    // Following a notification's link navigates in the app and marks it read.
    await completed.getByRole("link", { name: /^You completed Go First Steps/ }).click();
    await page.waitForURL(new RegExp(`/courses/${COURSE_SLUG}$`));
    await page.getByRole("heading", { name: "Go First Steps", level: 1 }).waitFor();
    await waitUntil("one fewer unread", async () => (await numberAttr(bell, "data-unread")) === unread - 1);
    await page.goBack();
    await page.waitForURL(/\/notifications$/);
    assert.equal(await completed.getAttribute("data-unread"), "false");

    await page.getByRole("button", { name: "Mark all read" }).click();
    await waitUntil("bell at 0 after mark all", async () => (await bell.getAttribute("data-unread")) === "0");
    assert.equal(await inbox.locator('[data-unread="true"]').count(), 0);
    const after = (await (await learner.ok("GET", "/notifications/unread-count")).json()) as {
      unread: number;
    };
    assert.equal(after.unread, 0);
  });

  await t.test("preferences: a toggle is saved and survives a reload", async () => {
    await page.getByRole("link", { name: "Settings" }).click();
    await page.waitForURL(/\/notifications\/settings$/);
    const toggle = page.getByRole("switch", { name: "Achievement unlocked by email" });
    await toggle.waitFor();
    assert.equal(await toggle.isChecked(), false, "achievement emails are off by default");
    await toggle.click();
    await page.getByRole("status").filter({ hasText: "Saved: Achievement unlocked by email on." }).waitFor();
    await shot("settings");
    await page.reload();
    await waitUntil("saved toggle after reload", () =>
      page.getByRole("switch", { name: "Achievement unlocked by email" }).isChecked(),
    );
    const prefs = (await (await learner.ok("GET", "/notifications/preferences")).json()) as {
      preferences: Array<{ kind: string; email: boolean }>;
    };
    assert.equal(prefs.preferences.find((p) => p.kind === "achievement_unlocked")?.email, true);
  });

  await t.test("dark mode and a phone-sized screen", async () => {
    await page.goto(`${baseUrl}/notifications`);
    await page.getByRole("list", { name: "Notifications" }).waitFor();
    await page.emulateMedia({ colorScheme: "dark" });
    await shot("inbox-dark");
    await page.setViewportSize({ width: 390, height: 844 });
    await shot("inbox-phone-dark");
    await bell.click();
    await page.getByRole("region", { name: "Notifications" }).getByRole("listitem").first().waitFor();
    await shot("bell-dropdown-phone-dark");
    await page.keyboard.press("Escape");
    await page.emulateMedia({ colorScheme: "light" });
    await shot("inbox-phone");
    await page.setViewportSize({ width: 1280, height: 860 });
  });
});

test("the live connection gets a fresh token after 4001 and comes back after a drop", async () => {
  assert.ok(run);
  const learner = await ApiClient.register(baseUrl, "Reconnect Learner");
  const context = await run.session.browser.newContext({ viewport: { width: 1280, height: 860 } });
  try {
    const p = await context.newPage();
    p.setDefaultTimeout(20_000);
    // What happened, in order: socket openings, auth frames, refreshes of the access token.
    const log: string[] = [];
    const sockets: WebSocketRoute[] = [];
    p.on("request", (r) => {
      if (r.method() === "POST" && r.url().endsWith("/api/v1/auth/refresh")) log.push("refresh");
    });
    await p.routeWebSocket(/\/api\/v1\/ws$/, (ws) => {
      const n = sockets.push(ws);
      log.push(`open ${n}`);
      assert.ok(!ws.url().includes("token"), "no token in the socket's URL");
      if (n === 1) {
        // The first connection refuses the token, as the hub does with an expired one.
        ws.onMessage((m) => {
          if (String(m).includes('"auth"')) {
            log.push("auth 1 → 4001");
            void ws.close({ code: 4001, reason: "token refused" });
          }
        });
        return;
      }
      const server = ws.connectToServer();
      ws.onMessage((m) => {
        if (String(m).includes('"auth"')) log.push(`auth ${n}`);
        server.send(m);
      });
    });

    await login(p, baseUrl, learner.email, PASSWORD);
    const bell = p.getByRole("banner").getByRole("button", { name: /^Notifications/ });
    await waitUntil(
      "live after a 4001",
      async () => (await bell.getAttribute("data-live-status")) === "live",
    );
    const refused = log.indexOf("auth 1 → 4001");
    const second = log.indexOf("open 2");
    assert.ok(refused >= 0 && second > refused, log.join(", "));
    assert.ok(log.slice(refused, second).includes("refresh"), `a refresh between: ${log.join(", ")}`);

    // The server goes away: the client comes back by itself, without needing a new token.
    const dropped = log.length;
    await sockets[1]?.close({ code: 1001, reason: "server going away" });
    await waitUntil("third connection", async () => sockets.length === 3);
    await waitUntil("live again", async () => (await bell.getAttribute("data-live-status")) === "live");
    assert.ok(!log.slice(dropped).includes("refresh"), log.join(", "));
    assert.ok(log.slice(dropped).includes("auth 3"), log.join(", "));

    // And the subscription is back: a new notification reaches the bell.
    await learner.ok("POST", `/courses/${COURSE_SLUG}/enrollment`);
    const first = exercises[0];
    assert.ok(first);
    await learner.pass(first);
    await waitUntil("bell at 1", async () => (await bell.getAttribute("data-unread")) === "1", LIVE_TIMEOUT);
    assert.equal(sockets.length, 3, "no further reconnects");
  } finally {
    await context.close();
  }
});

test("admin: mailbox, then the live dashboard moves while learners work", { skip: !admin }, async (t) => {
  assert.ok(admin && run);
  adminContext = await run.session.browser.newContext({
    viewport: { width: 1280, height: 860 },
    colorScheme: "light",
  });
  adminPage = await adminContext.newPage();
  adminPage.setDefaultTimeout(20_000);

  await t.test("the mailbox shows the captured course-completed email", async () => {
    await login(adminPage, baseUrl, admin.email, admin.password);
    await adminPage.goto(`${baseUrl}/admin`);
    const mailbox = adminPage.getByRole("region", { name: "Mailbox" });
    await mailbox.waitFor();
    if (learnerEmail) {
      const mail = mailbox.getByRole("listitem").filter({ hasText: learnerEmail }).first();
      await waitUntil("the email in the mailbox", async () => {
        if (await mail.isVisible()) return true;
        await mailbox.getByRole("button", { name: "Refresh" }).click();
        return false;
      });
      await mail.locator("summary").click();
      await mail.locator("pre").waitFor();
      assert.match(await mail.locator("pre").innerText(), /Go First Steps/);
    }
    await adminShot("mailbox");
  });

  const stat = () => adminPage.locator("[data-active-learners]").first();
  const chart = () => adminPage.locator("figure[data-live-updates]").first();

  await t.test("the dashboard figures and chart change as learners act", async () => {
    await adminPage.getByRole("link", { name: "Live analytics" }).click();
    await adminPage.waitForURL(/\/admin\/analytics$/);
    await adminPage.getByRole("heading", { name: "Live analytics", level: 1 }).waitFor();
    await waitUntil(
      "dashboard live",
      async () =>
        (await adminPage.getByRole("main").locator("[data-live-status]").getAttribute("data-live-status")) ===
        "live",
    );
    await chart().waitFor();
    await adminPage.evaluate(MARK);
    const eventsBefore = await numberAttr(chart(), "data-events");
    const updatesBefore = await numberAttr(chart(), "data-live-updates");
    assert.equal(updatesBefore, 0);
    await adminShot("dashboard-before");

    const learners = [
      await ApiClient.register(baseUrl, "Dash One"),
      await ApiClient.register(baseUrl, "Dash Two"),
    ];
    const first = exercises[0];
    assert.ok(first);
    for (const l of learners) {
      await l.ok("POST", `/courses/${COURSE_SLUG}/enrollment`);
      for (const lesson of lessons.slice(0, 2)) await l.ok("POST", `/lessons/${lesson.id}/views`);
      // One failing run (the starter-less empty file does not compile) and one passing run.
      await l.req("POST", `/exercises/${first.id}/attempts`, { files: { "hello.go": "package hello\n" } });
      await l.pass(first);
    }

    const active = await waitUntil(
      "two or more learners active, chart moved by pushes",
      async () => {
        const a = await numberAttr(stat(), "data-active-learners");
        const events = await numberAttr(chart(), "data-events");
        const updates = await numberAttr(chart(), "data-live-updates");
        return a >= 2 && events > eventsBefore && updates > 0 ? a : undefined;
      },
      LIVE_TIMEOUT,
    );
    assert.ok(active >= 2);
    // The overview, refetched after pushes, catches up with the chart: the last hour is part of the
    // last 24 hours.
    await waitUntil(
      "24-hour totals caught up",
      async () =>
        (await numberAttr(adminPage.locator("[data-events-24h]"), "data-events-24h")) >=
        (await numberAttr(chart(), "data-events")),
      LIVE_TIMEOUT,
    );
    assert.ok(await markStillThere(adminPage), "the dashboard was not reloaded");
    // The top-courses table lists the course the learners worked in.
    await adminPage.getByRole("link", { name: "Go First Steps analytics" }).waitFor();
    // Funnel: views ≥ starts ≥ runs ≥ passes, and something passed.
    const funnel = (await adminPage.locator("[data-funnel]").getAttribute("data-funnel"))
      ?.split(",")
      .map(Number);
    assert.ok(funnel && funnel.length === 4, `funnel ${funnel}`);
    assert.ok((funnel[0] ?? 0) > 0 && (funnel[3] ?? 0) > 0, `funnel ${funnel}`);
    await adminShot("dashboard");
  });

  await t.test("dark mode and a phone-sized screen", async () => {
    await adminPage.emulateMedia({ colorScheme: "dark" });
    await adminShot("dashboard-dark");
    await adminPage.setViewportSize({ width: 390, height: 844 });
    await adminShot("dashboard-phone-dark");
    await adminPage.emulateMedia({ colorScheme: "light" });
    await adminShot("dashboard-phone");
    await adminPage.setViewportSize({ width: 1280, height: 860 });
  });

  await t.test("the course view follows one more learner live", async () => {
    await adminPage.getByRole("link", { name: "Go First Steps analytics" }).click();
    await adminPage.waitForURL(new RegExp(`/admin/courses/${COURSE_SLUG}/analytics$`));
    await adminPage.getByRole("heading", { name: "Go First Steps", level: 1 }).waitFor();
    await waitUntil(
      "course view live",
      async () =>
        (await adminPage.getByRole("main").locator("[data-live-status]").getAttribute("data-live-status")) ===
        "live",
    );
    await adminPage.evaluate(MARK);
    const eventsBefore = await numberAttr(chart(), "data-events");
    assert.ok(eventsBefore > 0, "the course had events in the last hour");

    const late = await ApiClient.register(baseUrl, "Dash Three");
    await late.ok("POST", `/courses/${COURSE_SLUG}/enrollment`);
    const lesson = lessons[0];
    assert.ok(lesson);
    await late.ok("POST", `/lessons/${lesson.id}/views`);
    await waitUntil(
      "course chart moved by pushes",
      async () =>
        (await numberAttr(chart(), "data-live-updates")) > 0 &&
        (await numberAttr(chart(), "data-events")) > eventsBefore,
      LIVE_TIMEOUT,
    );
    assert.ok((await numberAttr(stat(), "data-active-learners")) >= 1);
    assert.ok(await markStillThere(adminPage), "the course view was not reloaded");
    await adminShot("course");

    for (const [label, points] of [
      ["Last 24 hours", 24],
      ["Last 30 days", 30],
    ] as const) {
      await adminPage.getByText(label, { exact: true }).click();
      await waitUntil(`${label} drawn`, async () => {
        const n = await adminPage.locator("figure[data-points]").first().getAttribute("data-points");
        return Number(n) > 0 && Number(n) <= points;
      });
    }
    await adminShot("course-30-days");
  });
});
