/**
 * The tools around the editor on an exercise page, in a real browser against the real server, used
 * the way a learner uses them (roles, labels and visible text):
 * 1. hints are revealed one at a time and are still revealed after a reload (the server keeps them);
 * 2. a compile error is reported by the verdict and marked in the editor at its line;
 * 3. the attempt history lists every run, newest first, with its status;
 * 4. "Reset to starter" (after a confirmation) puts the starter code back, in the editor and on the
 *    server;
 * 5. an administrator created with `gopro admin create` sees the users, the courses and the runner's
 *    status, with the sandbox kind that /readyz reports.
 *
 * Run: node --test e2e/exercise-tools.e2e.ts   (needs /usr/bin/chromium and a Go toolchain)
 * Screenshots land in test-artifacts/e2e/tools-*.png. With E2E_BASE_URL (an already running server),
 * set E2E_ADMIN_EMAIL and E2E_ADMIN_PASSWORD for the administrator part.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, test } from "node:test";
import type { Locator, Page } from "playwright-core";
import type { Attempt, AttemptSummary, CourseList, Draft, Exercise, Hints, User } from "../common/api.ts";
import { loadCurriculum } from "../server/modules/catalog/index.ts";
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

const PREFIX = "tools-";
const EXERCISE_ID = "go-first-steps.hello";
const FILE = "hello.go";
/** The first run compiles with a cold Go build cache, on a possibly busy shared machine. */
const RUN_TIMEOUT = 300_000;

const curriculum = await loadCurriculum(path.join(root, "curriculum"));
const reference = curriculum.courses
  .flatMap((c) => c.modules.flatMap((m) => m.items))
  .flatMap((i) => (i.kind === "exercise" && i.id === EXERCISE_ID ? [i] : []))[0];

/** `greeting` is declared nowhere: the compiler stops at line 5, column 9 (after the tab and "return "). */
const BROKEN_LINE = 5;
const BROKEN = [
  "package hello",
  "",
  "// Hello forgets to declare its greeting.",
  "func Hello(name string) string {",
  "\treturn greeting + name",
  "}",
  "",
].join("\n");

/** Compiles, and passes every test but the empty name one. */
const ALMOST = [
  "package hello",
  "",
  "// Hello greets a person, but forgets the world.",
  "func Hello(name string) string {",
  '\treturn "Hello, " + name + "!"',
  "}",
  "",
].join("\n");

const stamp = Date.now().toString(36);
const admin: AdminAccount | undefined = process.env.E2E_BASE_URL
  ? process.env.E2E_ADMIN_EMAIL && process.env.E2E_ADMIN_PASSWORD
    ? { email: process.env.E2E_ADMIN_EMAIL, password: process.env.E2E_ADMIN_PASSWORD, displayName: "Admin" }
    : undefined
  : { email: `admin-tools-${stamp}@example.com`, password: "admin password 123", displayName: "Tess Admin" };

let run: E2eRun | undefined;
let baseUrl = "";
let page: Page;
let adminPage: Page;
let learner: ApiClient | undefined;
const shot = screenshotter(() => page, PREFIX, { finishAnimations: true });
const adminShot = screenshotter(() => adminPage, `${PREFIX}admin-`, { finishAnimations: true });

before(async () => {
  assert.ok(reference, `exercise ${EXERCISE_ID} not found in the curriculum (or it has problems)`);
  run = await startE2e(PREFIX, { admin, env: { REQUEST_TIMEOUT_MS: "300000" } });
  ({ baseUrl, page } = run);
});

after(() => run?.stop());

const editor = (): Locator => page.getByRole("textbox", { name: `Code editor: ${FILE}` });

/**
 * The editor's document as the learner sees it. CodeMirror renders each document line as one
 * `.cm-line` element (all of them for a document this short), tabs included as text; an empty line
 * holds only a <br>. Joining the lines' texts with newlines gives the document back exactly.
 */
async function editorText(): Promise<string> {
  return (await editor().locator(".cm-line").allTextContents()).join("\n");
}

/** Replaces the whole document, as a learner selecting all and pasting would. */
async function replaceCode(code: string): Promise<void> {
  await editor().click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(code);
  await waitUntil("the editor holds what was typed", async () => (await editorText()) === code);
}

const codeRegion = (): Locator => page.getByRole("region", { name: "Code", exact: true });
const saveStatus = (): Locator => codeRegion().getByRole("status");
const results = (): Locator => page.getByRole("region", { name: "Test results" });
const history = (): Locator => page.getByRole("region", { name: "Your attempts" });
const hintsPanel = (): Locator => page.getByRole("region", { name: "Hints" });

/** Presses "Run tests" and waits for the verdict; a busy runner (429) is asked again. */
async function runTests(): Promise<Attempt> {
  const button = page.getByRole("button", { name: "Run tests" });
  for (let run = 1; run <= 3; run++) {
    await waitUntil("Run tests enabled", () => button.isEnabled(), 60_000);
    const answered = page.waitForResponse(
      (r) => r.request().method() === "POST" && r.url().endsWith(`/api/v1/exercises/${EXERCISE_ID}/attempts`),
      { timeout: RUN_TIMEOUT },
    );
    await button.click();
    const res = await answered;
    if (res.status() === 429) {
      await results().getByText("The test runner is busy").waitFor();
      continue;
    }
    assert.equal(res.status(), 201, await res.text());
    await waitUntil("results shown", async () => (await results().getAttribute("aria-busy")) === "false");
    return (await res.json()) as Attempt;
  }
  assert.fail("the runner stayed busy");
}

/** The history rows, newest first as shown: each row's text and the time it shows. */
async function historyRows(): Promise<Array<{ text: string; at: string | null }>> {
  const rows = await history().getByRole("listitem").all();
  return Promise.all(
    rows.map(async (r) => ({
      text: (await r.innerText()).replace(/\s+/g, " ").trim(),
      at: await r.locator("time").getAttribute("datetime"),
    })),
  );
}

test(`exercise tools on ${EXERCISE_ID}`, async (t) => {
  assert.ok(reference);
  const me = await ApiClient.register(baseUrl, "Tool Learner");
  learner = me;
  const exercise = (await (await me.ok("GET", `/exercises/${EXERCISE_ID}`)).json()) as Exercise;
  const starter = exercise.starter[FILE];
  assert.ok(starter, `the starter has ${FILE}`);
  let compileErrorId = "";

  await t.test("open the exercise and enroll from it", async () => {
    await login(page, baseUrl, me.email, PASSWORD);
    await page.goto(`${baseUrl}/exercises/${EXERCISE_ID}`);
    await page.getByRole("heading", { name: exercise.title, level: 1 }).waitFor();
    await editor().waitFor();
    assert.equal(await editorText(), starter, "a new learner starts from the starter code");
    // Not enrolled yet: the place of "Run tests" offers to enroll.
    await page.getByRole("button", { name: "Enroll in Go First Steps to run tests" }).click();
    await page.getByRole("button", { name: "Run tests" }).waitFor();
    await history().getByText("No attempts yet.").waitFor();
  });

  await t.test("hints: revealed one at a time, still there after a reload", async () => {
    const hints = reference.hints;
    assert.equal(exercise.hintCount, hints.length);
    assert.ok(hints.length >= 3, "the exercise has at least three hints");
    // Hints are Markdown; what the page shows is their text without the code marks.
    const shown = (h: string): string => h.replaceAll("`", "");
    const items = hintsPanel().getByRole("listitem");
    const counter = (n: number) =>
      hintsPanel().getByText(`${n} of ${hints.length} revealed`, { exact: true });

    await counter(0).waitFor();
    assert.equal(await items.count(), 0, "no hint is shown before asking");
    await hintsPanel()
      .getByText(/^Stuck\? Reveal a hint\./)
      .waitFor();
    await shot("hints-none");

    await hintsPanel().getByRole("button", { name: "Reveal first hint" }).click();
    await counter(1).waitFor();
    assert.equal(await items.count(), 1, "one hint after one reveal");
    const first = (await items.nth(0).innerText()).replace(/\s+/g, " ");
    assert.match(first, /^Hint 1 /i);
    assert.ok(first.includes(shown(hints[0] ?? "")), `hint 1 is the first hint: ${first}`);
    assert.ok(!first.includes(shown(hints[1] ?? "")), "hint 2 is not given away with hint 1");

    await hintsPanel().getByRole("button", { name: "Reveal hint 2" }).click();
    await counter(2).waitFor();
    assert.equal(await items.count(), 2, "two hints after two reveals");
    const second = (await items.nth(1).innerText()).replace(/\s+/g, " ");
    assert.match(second, /^Hint 2 /i);
    assert.ok(second.includes(shown(hints[1] ?? "")), `hint 2 is the second hint: ${second}`);
    await shot("hints-two");

    // The server keeps what was revealed: a reload shows the same two, and offers the third.
    const kept = (await (await me.ok("GET", `/exercises/${EXERCISE_ID}/hints`)).json()) as Hints;
    assert.deepEqual(kept, { revealed: hints.slice(0, 2), total: hints.length });
    await page.reload();
    await counter(2).waitFor();
    assert.equal(await items.count(), 2, "the two hints survive a reload");
    const next = hintsPanel().getByRole("button", { name: "Reveal hint 3" });
    await next.waitFor();

    // Reveal the rest: with none left the reveal button goes away and the counter says all are out.
    for (let n = 3; n <= hints.length; n++) {
      await hintsPanel()
        .getByRole("button", { name: `Reveal hint ${n}` })
        .click();
      await counter(n).waitFor();
    }
    assert.equal(await items.count(), hints.length);
    assert.equal(await hintsPanel().getByRole("button").count(), 0, "no reveal button when none are left");
    await page.reload();
    await counter(hints.length).waitFor();
    assert.equal(await items.count(), hints.length, "all hints survive a reload");
    assert.equal(await hintsPanel().getByRole("button").count(), 0);
    await shot("hints-all");
  });

  await t.test("a compile error is reported and marked at its line in the editor", async () => {
    const lintRanges = editor().locator(".cm-lintRange-error");
    const markers = codeRegion().locator(".cm-lint-marker-error");
    await replaceCode(BROKEN);
    assert.equal(await lintRanges.count(), 0, "no error marked before running");
    assert.equal(await markers.count(), 0);

    const attempt = await runTests();
    compileErrorId = attempt.id;
    assert.equal(attempt.verdict.status, "compile_error", attempt.verdict.message);
    const reported = attempt.verdict.compileErrors[0];
    assert.ok(reported, "the verdict lists the compile error");
    assert.equal(reported.line, BROKEN_LINE);
    assert.match(reported.message, /undefined: greeting/);

    // The verdict, in words, and the error with its place.
    await results().getByText("Your code doesn't compile yet").waitFor();
    const listed = results().getByRole("list", { name: "Compile errors" }).getByRole("listitem");
    assert.equal(await listed.count(), attempt.verdict.compileErrors.length);
    await listed
      .first()
      .getByText(/undefined: greeting/)
      .waitFor();
    assert.equal(await results().getByRole("img", { name: "Passed" }).count(), 0);

    // In the editor: the underline sits inside the 5th line (CodeMirror renders document lines as
    // `.cm-line` elements in order, so DOM containment ties the mark to its line, however the page is
    // laid out) and covers the undefined name.
    await lintRanges.first().waitFor();
    assert.equal(await lintRanges.count(), 1, "exactly one error marked");
    const line = editor()
      .locator(".cm-line")
      .nth(BROKEN_LINE - 1);
    assert.equal(await line.locator(".cm-lintRange-error").innerText(), "greeting");

    // The gutter marker lives in a separate column, tied to its line only by vertical position: its
    // middle must fall within the 5th line's box (and so not within any other line's).
    assert.equal(await markers.count(), 1, "one marker in the lint gutter");
    const lineBox = await line.boundingBox();
    const markerBox = await markers.first().boundingBox();
    assert.ok(lineBox && markerBox);
    const middle = markerBox.y + markerBox.height / 2;
    assert.ok(
      middle >= lineBox.y && middle <= lineBox.y + lineBox.height,
      `marker at y=${middle}, line ${BROKEN_LINE} spans ${lineBox.y}–${lineBox.y + lineBox.height}`,
    );
    // Hovering the marker explains it.
    await markers.first().hover();
    await page
      .locator(".cm-tooltip")
      .filter({ hasText: /undefined: greeting/ })
      .waitFor();
    await shot("compile-error");

    // The error's place in the verdict is a button that takes the cursor there.
    await page.mouse.move(0, 0);
    await results()
      .getByRole("button", { name: new RegExp(`^Go to \\S*${FILE} line ${BROKEN_LINE}$`) })
      .click();
    await waitUntil("cursor on the error's line", async () =>
      (await line.getAttribute("class"))?.split(" ").includes("cm-activeLine"),
    );
    assert.equal(
      await page.evaluate("document.activeElement?.getAttribute('aria-label')"),
      `Code editor: ${FILE}`,
      "the editor has the focus after going to the error",
    );
  });

  await t.test("attempt history: every run, newest first, with its status", async () => {
    await waitUntil("the compile error in the history", async () => (await historyRows()).length === 1);
    assert.match((await historyRows())[0]?.text ?? "", /^Compile error/);

    await replaceCode(ALMOST);
    const failed = await runTests();
    assert.equal(failed.verdict.status, "failed");
    await results().getByText("3 of 4 tests passed").waitFor();
    await waitUntil("two rows", async () => (await historyRows()).length === 2);

    await replaceCode(reference.solution[FILE] ?? "");
    const passed = await runTests();
    assert.equal(passed.verdict.status, "passed");
    await results().getByText("All 4 tests passed").waitFor();
    // The new row shows at once; the refetch that follows must agree with it.
    await waitUntil("three rows", async () => (await historyRows()).length === 3);

    const rows = await historyRows();
    assert.match(rows[0]?.text ?? "", /^Passed · 4\/4 tests/);
    assert.match(rows[1]?.text ?? "", /^Failed · 3\/4 tests/);
    assert.match(rows[2]?.text ?? "", /^Compile error/);
    // Newest first, and the same attempts, in the same order, as the server has.
    const stored = (
      (await (await me.ok("GET", `/exercises/${EXERCISE_ID}/attempts`)).json()) as {
        attempts: AttemptSummary[];
      }
    ).attempts;
    const newestFirst = [...stored].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    assert.deepEqual(
      rows.map((r) => r.at),
      newestFirst.map((a) => a.createdAt),
    );
    assert.deepEqual(
      newestFirst.map((a) => a.status),
      ["passed", "failed", "compile_error"],
    );
    assert.deepEqual(
      newestFirst.map((a) => a.id),
      [passed.id, failed.id, compileErrorId],
    );
    await shot("history");

    // Choosing an older attempt shows its verdict again.
    const older = history().getByRole("button", { name: /^Failed · 3\/4 tests/ });
    await older.click();
    await waitUntil(
      "old attempt selected",
      async () => (await older.getAttribute("aria-pressed")) === "true",
    );
    await results()
      .getByText(/^Attempt from /)
      .waitFor();
    await results().getByText("3 of 4 tests passed").waitFor();
    await shot("history-older-attempt");
    await results().getByRole("button", { name: "Close" }).click();
    await results().getByText("All 4 tests passed").waitFor();
    assert.equal(await older.getAttribute("aria-pressed"), "false");
  });

  await t.test(
    "reset to starter: confirmed, restores the starter in the editor and on the server",
    async () => {
      // An edit the server has saved, so the reset has something to undo.
      const edited = `${reference.solution[FILE] ?? ""}\n// Notes to self: try strings.Builder.\n`;
      await replaceCode(edited);
      await saveStatus().filter({ hasText: "Saved" }).waitFor({ timeout: 15_000 });
      const before = (await (await me.ok("GET", `/exercises/${EXERCISE_ID}/draft`)).json()) as Draft;
      assert.equal(before.files[FILE], edited, "the server holds the edit");
      assert.notEqual(before.updatedAt, null);

      // The confirmation can be declined: nothing changes.
      const dialog = page.getByRole("dialog", { name: "Reset to the starter code?" });
      await page.getByRole("button", { name: "Reset to starter" }).click();
      await dialog.waitFor();
      await shot("reset-confirm");
      await dialog.getByRole("button", { name: "Cancel" }).click();
      await dialog.waitFor({ state: "hidden" });
      assert.equal(await editorText(), edited, "Cancel keeps the code");

      await page.getByRole("button", { name: "Reset to starter" }).click();
      await dialog.getByRole("button", { name: "Reset code" }).click();
      await dialog.waitFor({ state: "hidden" });
      await waitUntil("starter back in the editor", async () => (await editorText()) === starter);
      await saveStatus().filter({ hasText: "Starter code" }).waitFor();
      const after = (await (await me.ok("GET", `/exercises/${EXERCISE_ID}/draft`)).json()) as Draft;
      assert.deepEqual(after, { files: exercise.starter, updatedAt: null }, "the server's draft is gone");
      await shot("reset-done");

      await page.reload();
      await editor().waitFor();
      assert.equal(await editorText(), starter, "the starter after a reload");
      await saveStatus().filter({ hasText: "Starter code" }).waitFor();
      // Resetting the code keeps the attempts.
      await waitUntil("history still there", async () => (await historyRows()).length === 3);
    },
  );
});

test("admin page: users, courses and the runner with its sandbox", { skip: !admin }, async (t) => {
  assert.ok(admin && run);
  const adminContext = await run.session.browser.newContext({
    viewport: { width: 1280, height: 860 },
    colorScheme: "light",
  });
  try {
    adminPage = await adminContext.newPage();
    adminPage.setDefaultTimeout(20_000);
    const api = await ApiClient.login(baseUrl, admin.email, admin.password);
    const main = adminPage.getByRole("main");

    await t.test("only an admin has the Admin link", async () => {
      if (learner) {
        await page.goto(`${baseUrl}/`);
        await page
          .getByRole("navigation", { name: "Main" })
          .getByRole("link", { name: "Dashboard" })
          .waitFor();
        assert.equal(
          await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).count(),
          0,
          "a learner has no Admin link",
        );
      }
      await login(adminPage, baseUrl, admin.email, admin.password);
      await adminPage.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
      await adminPage.waitForURL(/\/admin$/);
      await adminPage.getByRole("heading", { name: "Admin", level: 1 }).waitFor();
    });

    await t.test("users: the learner and the admin, with their roles", async () => {
      const { users } = (await (await api.ok("GET", "/admin/users")).json()) as { users: User[] };
      const table = main
        .getByRole("region", { name: "Users" })
        .getByRole("table", { name: `${users.length} users` });
      await table.waitFor();
      // One header row, then a row per user.
      assert.equal(await table.getByRole("row").count(), users.length + 1);
      const cells = async (email: string): Promise<string[]> =>
        (await table.getByRole("row").filter({ hasText: email }).getByRole("cell").allInnerTexts()).map((c) =>
          c.trim(),
        );
      const adminRow = await cells(admin.email);
      assert.deepEqual(adminRow.slice(0, 3), [admin.displayName, admin.email, "admin"]);
      if (learner) {
        const learnerRow = await cells(learner.email);
        assert.deepEqual(learnerRow.slice(0, 3), ["Tool Learner", learner.email, "learner"]);
      }
    });

    await t.test("courses: every course with its lessons and exercises", async () => {
      const { courses } = (await (await api.ok("GET", "/admin/courses")).json()) as CourseList;
      assert.ok(courses.length > 0);
      const table = main
        .getByRole("region", { name: "Courses" })
        .getByRole("table", { name: `${courses.length} courses` });
      await table.waitFor();
      assert.equal(await table.getByRole("row").count(), courses.length + 1);
      for (const c of courses) {
        const row = table
          .getByRole("row")
          .filter({ has: adminPage.getByRole("link", { name: c.title, exact: true }) });
        const texts = (await row.getByRole("cell").allInnerTexts()).map((s) => s.trim());
        assert.equal(texts[1], c.slug);
        assert.equal(texts[3], String(c.lessonCount), `${c.slug} lessons`);
        assert.equal(texts[4], String(c.exerciseCount), `${c.slug} exercises`);
        await row.getByRole("link", { name: `Analytics of ${c.title}` }).waitFor();
      }
    });

    await t.test("runner: the sandbox kind /readyz reports", async () => {
      const ready = (await (await fetch(`${baseUrl}/readyz`)).json()) as {
        checks: {
          runner?: {
            sandbox?: string;
            goVersion?: string | null;
            workers?: number;
            canRunUntrusted?: boolean;
          };
        };
      };
      const runner = ready.checks.runner;
      assert.ok(runner?.sandbox, `/readyz reports the sandbox: ${JSON.stringify(ready.checks)}`);
      const region = main.getByRole("region", { name: "Code runner" });
      // The innermost <div> holding that term (its ancestors come first in document order) → its
      // definition.
      const stat = (name: string) =>
        region
          .locator("div", { has: adminPage.getByRole("term").filter({ hasText: new RegExp(`^${name}$`) }) })
          .last()
          .getByRole("definition");
      await stat("Sandbox").waitFor();
      assert.equal((await stat("Sandbox").innerText()).trim(), runner.sandbox);
      const ok = await stat("Sandbox").getByRole("img").getAttribute("aria-label");
      assert.equal(ok, runner.canRunUntrusted ? "OK" : "Problem");
      if (runner.goVersion) assert.equal((await stat("Go toolchain").innerText()).trim(), runner.goVersion);
      assert.match((await stat("Workers busy").innerText()).trim(), new RegExp(`^\\d+ / ${runner.workers}$`));
      await adminShot("page");
    });
  } finally {
    await adminContext.close();
  }
});
