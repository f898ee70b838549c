/**
 * Course chat in two browsers at once (two contexts, two learners of the same course): messages
 * arrive live both ways without a reload, Markdown renders and HTML shows as text (nothing runs),
 * edits and deletes reach the other side, and a message sent while one side's connection was down
 * is there once it comes back.
 *
 * Run: node --test e2e/chat.e2e.ts   (needs /usr/bin/chromium)
 * Screenshots land in test-artifacts/e2e/chat-*.png.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { BrowserContext, Locator, Page, WebSocketRoute } from "playwright-core";
import { ApiClient, type E2eRun, login, PASSWORD, screenshotter, startE2e, waitUntil } from "./support.ts";

const PREFIX = "chat-";
const COURSE_SLUG = "go-first-steps";
const LIVE_TIMEOUT = 60_000;

let run: E2eRun | undefined;
let baseUrl = "";
let ana: Page;
let benContext: BrowserContext | undefined;
let ben: Page;
const shotAna = screenshotter(() => ana, `${PREFIX}ana-`, { finishAnimations: true });
const shotBen = screenshotter(() => ben, `${PREFIX}ben-`, { finishAnimations: true });
/** Ben's sockets, routed so the test can drop one and hold the reconnect. */
const benSockets: WebSocketRoute[] = [];
/** Set just before the drop: the next socket Ben opens waits for `releaseReconnect`. */
let holdNext = false;
let releaseReconnect: () => void = () => undefined;
const reconnectGate = new Promise<void>((r) => {
  releaseReconnect = r;
});

before(async () => {
  run = await startE2e(PREFIX, { env: { RATE_LIMIT_AUTH_PER_MIN: "200" } });
  ({ baseUrl, page: ana } = run);
  benContext = await run.session.browser.newContext({ viewport: { width: 1280, height: 860 } });
  ben = await benContext.newPage();
  ben.setDefaultTimeout(20_000);
  await ben.routeWebSocket(/\/api\/v1\/ws$/, (ws) => {
    benSockets.push(ws);
    const held = holdNext;
    holdNext = false;
    const queued: Array<string | Buffer> = [];
    let server: WebSocketRoute | null = null;
    ws.onMessage((m) => (server ? server.send(m) : queued.push(m)));
    void (async () => {
      // The reconnect after the drop waits until the test lets it through.
      if (held) await reconnectGate;
      server = ws.connectToServer();
      for (const m of queued) server.send(m);
    })();
  });
});

after(async () => {
  await benContext?.close().catch(() => undefined);
  await run?.stop();
});

const chatOf = (p: Page): Locator => p.getByRole("region", { name: "Course chat" });
const messagesOf = (p: Page): Locator => chatOf(p).getByRole("list", { name: "Messages" });
const say = async (p: Page, text: string) => {
  const box = chatOf(p).getByRole("textbox", { name: "Message" });
  await box.fill(text);
  await box.press("Enter");
  await waitUntil("the composer to clear", async () => (await box.inputValue()) === "");
};
const noScriptRan = async (p: Page) => assert.equal(await p.evaluate("window.__xss"), undefined);

test("two learners chat live in their course's room", async (t) => {
  const a = await ApiClient.register(baseUrl, "Ana Chat");
  const b = await ApiClient.register(baseUrl, "Ben Chat");
  for (const c of [a, b]) await c.ok("POST", `/courses/${COURSE_SLUG}/enrollment`);

  await t.test("both open the course page and see the chat", async () => {
    await login(ana, baseUrl, a.email, PASSWORD);
    await login(ben, baseUrl, b.email, PASSWORD);
    for (const p of [ana, ben]) {
      await p.goto(`${baseUrl}/courses/${COURSE_SLUG}`);
      await chatOf(p).waitFor();
      await chatOf(p).getByText("No messages yet. Say hello!").waitFor();
      // The header's bell (a live channel of its own) is up before anything is said.
      await p
        .getByRole("banner")
        .getByRole("button", { name: /^Notifications/ })
        .waitFor();
      await p.evaluate("window.__e2eChatMark = 'same page'");
    }
  });

  await t.test(
    "Ben says hello; Ana's reply, with Markdown and a mention, reaches him without a reload",
    async () => {
      await say(ben, "Hello from Ben");
      await messagesOf(ana).getByText("Hello from Ben").waitFor({ timeout: LIVE_TIMEOUT });
      await say(ana, "Hi Ben! `fmt.Println` prints a **line**. @Ben Chat, see the lesson.");
      const onBen = messagesOf(ben).getByRole("listitem").filter({ hasText: "Hi Ben!" });
      await onBen.waitFor({ timeout: LIVE_TIMEOUT });
      assert.equal(await onBen.locator("code").innerText(), "fmt.Println");
      assert.equal(await onBen.locator("strong").innerText(), "line");
      await onBen.getByText("Ana Chat").waitFor();
      assert.equal(await ben.evaluate("window.__e2eChatMark"), "same page");
      // "@Ben Chat" mentioned him (he is in the room's history): his bell counts it.
      const bell = ben.getByRole("banner").getByRole("button", { name: /^Notifications/ });
      await waitUntil(
        "Ben's mention notification",
        async () => (await bell.getAttribute("data-unread")) === "1",
        LIVE_TIMEOUT,
      );
      const inbox = (await (await b.ok("GET", "/notifications")).json()) as {
        notifications: Array<{ kind: string }>;
      };
      assert.deepEqual(
        inbox.notifications.map((n) => n.kind),
        ["mention"],
      );
    },
  );

  await t.test("HTML in a message shows as text and runs nothing", async () => {
    await say(ben, '<img src=x onerror="window.__xss=1"> and [a link](javascript:window.__xss=2)');
    const onAna = messagesOf(ana).getByRole("listitem").filter({ hasText: "<img src=x" });
    await onAna.waitFor({ timeout: LIVE_TIMEOUT });
    assert.equal(await onAna.locator("img").count(), 0);
    assert.equal(await onAna.getByRole("link", { name: "a link" }).getAttribute("href"), "#");
    await noScriptRan(ana);
    await noScriptRan(ben);
    await shotAna("two-messages");
  });

  await t.test("Ana edits her message and Ben deletes his: each side sees the other's change", async () => {
    const mine = messagesOf(ana).locator('li[data-mine="true"]').filter({ hasText: "Hi Ben!" });
    await mine.getByRole("button", { name: "Edit your message" }).click();
    const box = mine.getByRole("textbox", { name: "Edit your message" });
    await box.fill("Hi Ben! `fmt.Println` prints a **line** (and a newline).");
    await mine.getByRole("button", { name: "Save" }).click();
    const onBen = messagesOf(ben).getByRole("listitem").filter({ hasText: "(and a newline)" });
    await onBen.waitFor({ timeout: LIVE_TIMEOUT });
    await onBen.getByText("(edited)").waitFor();

    const his = messagesOf(ben).locator('li[data-mine="true"]').filter({ hasText: "<img src=x" });
    await his.getByRole("button", { name: /^Delete/ }).click();
    await ben
      .getByRole("dialog", { name: "Delete this message?" })
      .getByRole("button", { name: "Delete" })
      .click();
    await messagesOf(ana).getByText("Message deleted").waitFor({ timeout: LIVE_TIMEOUT });
    assert.equal(await messagesOf(ana).getByRole("listitem").filter({ hasText: "<img src=x" }).count(), 0);
    // Ana cannot edit or delete Ben's (deleted) message, nor anyone else's.
    assert.equal(await messagesOf(ana).locator('li[data-mine="false"]').getByRole("button").count(), 0);
    await shotBen("after-edit-and-delete");
  });

  await t.test("a message sent while Ben's connection was down is there when it comes back", async () => {
    const before = benSockets.length;
    holdNext = true;
    await benSockets.at(-1)?.close({ code: 1001, reason: "server going away" });
    await waitUntil("Ben's client to try again", async () => benSockets.length === before + 1);
    // Ben is offline (his reconnect is held): Ana speaks now.
    await say(ana, "Sent while you were away");
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(await messagesOf(ben).getByText("Sent while you were away").count(), 0, "not delivered yet");
    releaseReconnect();
    await messagesOf(ben).getByText("Sent while you were away").waitFor({ timeout: LIVE_TIMEOUT });
    assert.equal(await messagesOf(ben).getByText("Sent while you were away").count(), 1, "once");
    assert.equal(await ben.evaluate("window.__e2eChatMark"), "same page", "no reload");
    // Live again: the next message arrives by push.
    await say(ana, "And now live again");
    await messagesOf(ben).getByText("And now live again").waitFor({ timeout: LIVE_TIMEOUT });
    assert.equal(benSockets.length, before + 1, "no further reconnects");
    await shotBen("after-reconnect");
  });

  await t.test("presence: each sees the other online, and on which lesson", async () => {
    const online = chatOf(ana).page().getByRole("region", { name: "Online now" });
    await online.getByText("Ben Chat").waitFor({ timeout: LIVE_TIMEOUT });
    await online.getByText("on the course page").waitFor();
    // Ben opens the first lesson: Ana's card says where he is; on the lesson, Ana sees him there.
    await ben.getByRole("link", { name: /Lesson: Hello, Go/ }).click();
    await ben.getByRole("heading", { name: "Hello, Go", level: 1 }).waitFor();
    await online.getByText("on Hello, Go").waitFor({ timeout: LIVE_TIMEOUT });
    await shotAna("online-now");
    await ana.getByRole("link", { name: /Lesson: Hello, Go/ }).click();
    await ana.getByRole("heading", { name: "Hello, Go", level: 1 }).waitFor();
    await ana
      .getByRole("status", { name: "Also here" })
      .getByText("Also here: Ben Chat")
      .waitFor({ timeout: LIVE_TIMEOUT });
    // Ben leaves the course's pages: he is gone from Ana's lesson.
    await ben.goto(`${baseUrl}/courses`);
    await waitUntil(
      "Ben gone",
      async () => (await ana.getByRole("status", { name: "Also here" }).count()) === 0,
      LIVE_TIMEOUT,
    );
  });
});
