/**
 * A live coding session in two browsers at once (two contexts): the host starts it from the exercise
 * page, the guest opens the shared link, each sees the other's edits and named cursor, the guest
 * follows the host's cursor, a run by one shows its verdict to both, the session chat works both
 * ways, and after the host ends it the code is read-only and still there when reopened.
 *
 * Run: node --test e2e/session.e2e.ts   (needs /usr/bin/chromium)
 * Screenshots land in test-artifacts/e2e/session-*.png.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { BrowserContext, Locator, Page } from "playwright-core";
import { referenceCourse } from "../test/support/curriculum.ts";
import { ApiClient, type E2eRun, login, PASSWORD, screenshotter, startE2e, waitUntil } from "./support.ts";

const PREFIX = "session-";
const course = referenceCourse("go-first-steps");
const exercise = (() => {
  for (const m of course.modules)
    for (const it of m.items) if (it.kind === "exercise" && Object.keys(it.starter).length === 1) return it;
  throw new Error("no single-file exercise");
})();
const LIVE = 30_000;

let run: E2eRun | undefined;
let baseUrl = "";
let host: Page;
let guestContext: BrowserContext | undefined;
let guest: Page;
const shotHost = screenshotter(() => host, `${PREFIX}host-`, { finishAnimations: true });
const shotGuest = screenshotter(() => guest, `${PREFIX}guest-`, { finishAnimations: true });

before(async () => {
  run = await startE2e(PREFIX, { env: { RATE_LIMIT_AUTH_PER_MIN: "200" } });
  ({ baseUrl, page: host } = run);
  guestContext = await run.session.browser.newContext({ viewport: { width: 1280, height: 900 } });
  guest = await guestContext.newPage();
  guest.setDefaultTimeout(20_000);
});

after(async () => {
  await guestContext?.close().catch(() => undefined);
  await run?.stop();
});

const editorOf = (p: Page): Locator => p.getByTestId("session-editor").locator(".cm-content");
/** The text of the shared editor, line by line (in the page: this file has no DOM types). */
const codeOf = (p: Page): Promise<string> =>
  p.evaluate(
    `[...document.querySelectorAll('[data-testid="session-editor"] .cm-line')].map((l) => {
      const c = l.cloneNode(true);
      for (const caret of c.querySelectorAll(".cm-ySelectionCaret")) caret.remove();
      return (c.textContent ?? "").replaceAll("\\u2060", "");
    }).join("\\n")`,
  );
/** Types at the end of the document. */
const typeAtEnd = async (p: Page, text: string) => {
  await editorOf(p).click();
  await p.keyboard.press("Control+End");
  await p.keyboard.type(text);
};

test("two people code together in one live session", async (t) => {
  const a = await ApiClient.register(baseUrl, "Hana Host");
  const b = await ApiClient.register(baseUrl, "Gus Guest");
  await a.ok("POST", `/courses/${course.slug}/enrollment`);
  let link = "";

  await t.test("the host starts a session from the exercise page", async () => {
    await login(host, baseUrl, a.email, PASSWORD);
    await host.goto(`${baseUrl}/exercises/${exercise.id}`);
    await host.getByRole("button", { name: "Start live session" }).click();
    await host.waitForURL(/\/sessions\/[0-9a-f-]{36}$/);
    link = await host.getByLabel("Share this link to invite others").inputValue();
    assert.equal(link, host.url());
    await waitUntil("the starter code in the shared editor", async () =>
      (await codeOf(host)).includes("package"),
    );
  });

  await t.test("the guest opens the link and both see the same code", async () => {
    await login(guest, baseUrl, b.email, PASSWORD);
    await guest.goto(link);
    await guest.getByRole("heading", { name: exercise.title }).waitFor();
    await waitUntil(
      "the same code on both sides",
      async () => (await codeOf(guest)) === (await codeOf(host)) && (await codeOf(guest)).length > 0,
      LIVE,
    );
    await guest
      .getByRole("list", { name: "Here now" })
      .getByText("Hana Host (host)")
      .waitFor({ timeout: LIVE });
    await host.getByRole("list", { name: "Here now" }).getByText("Gus Guest").waitFor({ timeout: LIVE });
  });

  await t.test("each sees the other's edits and named cursor", async () => {
    await typeAtEnd(host, "\n// hello from Hana");
    await waitUntil(
      "the host's edit at the guest",
      async () => (await codeOf(guest)).includes("// hello from Hana"),
      LIVE,
    );
    // The host's cursor is drawn in the guest's editor with her name.
    await guest
      .locator(".cm-ySelectionInfo", { hasText: "Hana Host" })
      .waitFor({ state: "attached", timeout: LIVE });
    await guest.getByRole("checkbox", { name: /Follow Hana Host/ }).uncheck();
    await typeAtEnd(guest, "\n// and from Gus");
    await waitUntil(
      "the guest's edit at the host",
      async () => (await codeOf(host)).includes("// and from Gus"),
      LIVE,
    );
    await host
      .locator(".cm-ySelectionInfo", { hasText: "Gus Guest" })
      .waitFor({ state: "attached", timeout: LIVE });
    assert.equal(await codeOf(host), await codeOf(guest));
    await shotHost("editing");
    await shotGuest("editing");
  });

  await t.test("a run by the guest shows the same verdict to both", async () => {
    // The guest replaces the code with the reference solution: select all, then insert it.
    const solution = Object.values(exercise.solution ?? {})[0] ?? "";
    await editorOf(guest).click();
    await guest.keyboard.press("Control+A");
    await guest.keyboard.press("Delete");
    await editorOf(guest).click();
    await guest.keyboard.insertText(solution);
    await waitUntil(
      "the solution at the host",
      async () => (await codeOf(host)).trim() === solution.trim(),
      LIVE,
    );
    await guest.getByRole("button", { name: "Run tests together" }).click();
    for (const p of [host, guest]) {
      const results = p.getByRole("region", { name: /Test results/ });
      await results.getByText("run by Gus Guest").waitFor({ timeout: 120_000 });
      await results
        .getByText(/All \d+ tests passed/)
        .first()
        .waitFor({ timeout: 120_000 });
    }
    await shotHost("verdict");
    await shotGuest("verdict");
  });

  await t.test("the session chat works both ways", async () => {
    const box = guest.getByRole("textbox", { name: "Message" });
    await box.fill("It passes! 🎉");
    await box.press("Enter");
    await host
      .getByRole("region", { name: "Session chat" })
      .getByText("It passes! 🎉")
      .waitFor({ timeout: LIVE });
    const hostBox = host.getByRole("textbox", { name: "Message" });
    await hostBox.fill("Well done, Gus");
    await hostBox.press("Enter");
    await guest
      .getByRole("region", { name: "Session chat" })
      .getByText("Well done, Gus")
      .waitFor({ timeout: LIVE });
  });

  await t.test("the guest follows the host's cursor", async () => {
    await guest.getByRole("checkbox", { name: /Follow Hana Host/ }).check();
    // The host moves to the top; the guest's editor keeps her cursor in view.
    await editorOf(host).click();
    await host.keyboard.press("Control+Home");
    await host.keyboard.type("// top\n");
    await waitUntil(
      "the guest's view scrolled to the host's cursor",
      async () =>
        guest.evaluate<boolean>(`(() => {
        const info = document.querySelector(".cm-ySelectionInfo");
        const scroller = document.querySelector('[data-testid="session-editor"] .cm-scroller');
        if (!info || !scroller) return false;
        const a = info.getBoundingClientRect();
        const b = scroller.getBoundingClientRect();
        return a.top >= b.top - 40 && a.bottom <= b.bottom + 40;
      })()`),
      LIVE,
    );
  });

  await t.test("ended, the code is read-only and kept; reopened, it is editable again", async () => {
    const before = await codeOf(host);
    await host.getByRole("button", { name: "End session" }).click();
    await guest.getByText("Hana Host ended the session").waitFor({ timeout: LIVE });
    assert.equal(await editorOf(guest).getAttribute("contenteditable"), "false");
    await shotGuest("ended");
    await guest.reload();
    await waitUntil("the kept code after a reload", async () => (await codeOf(guest)) === before, LIVE);
    await host.getByRole("button", { name: "Reopen session" }).click();
    await waitUntil(
      "the guest's editor editable again",
      async () => (await editorOf(guest).getAttribute("contenteditable")) === "true",
      LIVE,
    );
  });

  await t.test("the host finds the session on the dashboard later and reopens its code", async () => {
    const code = await codeOf(host);
    await host.goto(`${baseUrl}/`);
    const card = host.getByRole("region", { name: "Live sessions" });
    await card.getByRole("link", { name: exercise.title }).click();
    await host.waitForURL(/\/sessions\//);
    await waitUntil(
      "the same code, from the stored document",
      async () => (await codeOf(host)) === code,
      LIVE,
    );
    await shotHost("reopened");
  });
});
