/**
 * The core learning loop, in a real browser against the real server:
 * register → catalog → course → enroll → first exercise → solve → run tests → dashboard shows
 * progress and the "first passing exercise" achievement. Then reload (session restored from the
 * refresh cookie), log out and log back in.
 *
 * Run: node --test e2e/core-loop.e2e.ts   (needs /usr/bin/chromium and a Go toolchain)
 * Screenshots of every step land in test-artifacts/e2e/. Set E2E_BASE_URL to drive an already
 * running server instead of starting one.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Page } from "playwright-core";
import { type E2eRun, screenshotter, startE2e, waitUntil } from "./support.ts";

const SOLUTION = `package hello

// Hello returns a friendly greeting for name, such as "Hello, Ana!".
func Hello(name string) string {
	if name == "" {
		return "Hello, World!"
	}
	return "Hello, " + name + "!"
}
`;

let run: E2eRun | undefined;
let baseUrl = "";
let page: Page;
const screenshot = screenshotter(() => page);

before(async () => {
  run = await startE2e("");
  ({ baseUrl, page } = run);
});

after(() => run?.stop());

test("core loop: register, enroll, solve the first exercise, see progress", async (t) => {
  const email = `e2e-${Date.now()}@example.com`;
  const password = "correct horse battery staple";

  await t.test("landing page for visitors", async () => {
    await page.goto(`${baseUrl}/`);
    await page.getByRole("heading", { level: 1 }).waitFor();
    await page.getByRole("link", { name: "Browse the catalog" }).waitFor();
    await screenshot("landing");
  });

  await t.test("register shows field errors, then creates the account", async () => {
    await page.getByRole("banner").getByRole("link", { name: "Sign up" }).click();
    await page.getByRole("heading", { name: "Create your account" }).waitFor();
    // A too-short password is rejected by the server with a field-level message.
    await page.getByLabel("Display name").fill("E2E Gopher");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create account" }).click();
    await waitUntil(
      "password field error",
      async () => (await page.getByLabel("Password").getAttribute("aria-invalid")) === "true",
    );
    await screenshot("register-field-error");

    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(/\/courses$/);
    await page.getByRole("heading", { name: "Courses", level: 1 }).waitFor();
  });

  await t.test("catalog lists the first course and filters by text", async () => {
    const card = page.getByRole("link", { name: "Go First Steps" });
    await card.waitFor();
    await screenshot("catalog");
    await page.getByRole("searchbox", { name: "Search courses" }).fill("zzz-no-such-course");
    await page.getByText("No courses found").waitFor();
    await page.getByRole("button", { name: "Clear filters" }).click();
    await card.click();
    await page.waitForURL(/\/courses\/go-first-steps$/);
  });

  await t.test("course page: enroll", async () => {
    await page.getByRole("heading", { name: "Go First Steps", level: 1 }).waitFor();
    await page.getByRole("button", { name: "Enroll" }).click();
    await page.getByRole("progressbar", { name: "Course progress" }).waitFor();
    await screenshot("course-enrolled");
  });

  await t.test("open the first exercise", async () => {
    await page
      .getByRole("link", { name: /Exercise:/ })
      .first()
      .click();
    await page.waitForURL(/\/exercises\/go-first-steps\.hello$/);
    await page.getByRole("textbox", { name: "Code editor: hello.go" }).waitFor();
    await page.getByRole("heading", { name: "Instructions" }).waitFor();
    await screenshot("exercise-starter");
  });

  await t.test("run the starter: tests fail with messages", async () => {
    await page.getByRole("button", { name: "Run tests" }).click();
    const results = page.getByRole("list", { name: "Test results" });
    await results.waitFor({ timeout: 90_000 });
    const failed = await results.getByRole("img", { name: "Failed" }).count();
    assert.ok(failed > 0, "the starter code should fail at least one test");
    await screenshot("exercise-failing");
  });

  await t.test("write a correct solution and run the tests", async () => {
    const editor = page.getByRole("textbox", { name: "Code editor: hello.go" });
    await editor.click();
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.press("Delete");
    await page.keyboard.insertText(SOLUTION);
    await page.getByRole("status").filter({ hasText: "Saved" }).waitFor({ timeout: 15_000 });

    // Keyboard shortcut from inside the editor.
    await page.keyboard.press("Control+Enter");
    const results = page.getByRole("list", { name: "Test results" });
    await waitUntil(
      "all tests passing",
      async () => {
        const total = await results.getByRole("listitem").count();
        const passed = await results.getByRole("img", { name: "Passed" }).count();
        return total > 0 && passed === total ? total : undefined;
      },
      90_000,
    );
    await page
      .getByText(/All \d+ tests passed/)
      .first()
      .waitFor();
    await screenshot("exercise-passed");
  });

  await t.test("draft survives a reload (session restored from the refresh cookie)", async () => {
    await page.reload();
    const editor = page.getByRole("textbox", { name: "Code editor: hello.go" });
    await editor.waitFor();
    const text = (await editor.textContent()) ?? "";
    assert.match(text, /return "Hello, " \+ name \+ "!"/);
    await page.getByRole("button", { name: "Run tests" }).waitFor();
    await page.getByRole("heading", { name: "Your attempts" }).waitFor();
  });

  await t.test("dashboard shows progress and the unlocked achievement", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" }).click();
    await page.getByRole("heading", { name: /Welcome back/ }).waitFor();
    const bar = page.getByRole("progressbar", { name: "Go First Steps progress" });
    const achievement = page
      .getByRole("list", { name: "Achievements" })
      .getByRole("listitem")
      .filter({ hasText: /first passing exercise/i });
    // Progress and achievements are updated by events just after the attempt: poll with reloads.
    await waitUntil(
      "progress > 0 and achievement unlocked",
      async () => {
        const percent = Number(await bar.getAttribute("aria-valuenow", { timeout: 5000 }));
        const unlocked = (await achievement.getAttribute("data-unlocked", { timeout: 5000 })) === "true";
        if (percent > 0 && unlocked) return true;
        await page.reload();
        return false;
      },
      30_000,
    );
    await achievement.getByText(/^Unlocked/).waitFor();
    await page.getByRole("link", { name: /Continue Go First Steps/ }).waitFor();
    await screenshot("dashboard");
  });

  await t.test("dark mode and a phone-sized screen", async () => {
    await page.emulateMedia({ colorScheme: "dark" });
    await screenshot("dashboard-dark");
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${baseUrl}/exercises/go-first-steps.hello`);
    await page.getByRole("textbox", { name: "Code editor: hello.go" }).waitFor();
    await screenshot("exercise-phone-dark");
    await page.emulateMedia({ colorScheme: "light" });
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  await t.test("log out, then log back in", async () => {
    await page.goto(`${baseUrl}/`);
    await page.getByRole("button", { name: "Log out" }).click();
    await page.getByRole("link", { name: "Browse the catalog" }).waitFor();
    await page.getByRole("banner").getByRole("link", { name: "Log in" }).click();
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("wrong password");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("alert").filter({ hasText: "Could not log in" }).waitFor();
    await screenshot("login-failed");
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("heading", { name: /Welcome back, E2E Gopher/ }).waitFor();
  });

  await t.test("unknown pages show a 404", async () => {
    await page.goto(`${baseUrl}/no/such/page`);
    await page.getByRole("heading", { name: /couldn't find that page/ }).waitFor();
    await screenshot("not-found");
  });
});
