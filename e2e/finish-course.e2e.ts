/**
 * A learner finishes a whole course in a real browser against the real server (go-first-steps and
 * go-concurrency by default; E2E_FINISH_COURSES=slug,slug picks others), a new learner per course:
 * register → catalog → course → enroll → Start, then every item in reading order through the UI only
 * (lessons: "Mark complete" then Next; exercises: the editor gets the reference solution from the
 * curriculum, "Run tests" until every test passes, then Next) → the course page and the dashboard
 * show 100 % and the "First course completed" achievement is unlocked.
 *
 * Run: node --test e2e/finish-course.e2e.ts   (needs /usr/bin/chromium and a Go toolchain)
 * Screenshots of every page land in test-artifacts/e2e/finish-*.png. Set E2E_BASE_URL to drive an
 * already running server instead of starting one.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, type TestContext, test } from "node:test";
import type { Page, Response } from "playwright-core";
import { type CourseFile, loadCurriculum } from "../server/modules/catalog/index.ts";
import { type E2eRun, root, screenshotter, startE2e, waitUntil } from "./support.ts";

const COURSE_SLUGS = (process.env.E2E_FINISH_COURSES ?? "go-first-steps,go-concurrency")
  .split(",")
  .map((s) => s.trim())
  .filter(Boolean);
const PREFIX = "finish-";
/** Presses of "Run tests" allowed per exercise (a busy runner answers 429; the reference solution passes). */
const MAX_RUNS = 3;

const curriculum = await loadCurriculum(path.join(root, "curriculum"));
const courses = COURSE_SLUGS.map((slug) => ({
  slug,
  course: curriculum.courses.find((c) => c.slug === slug),
}));

let run: E2eRun | undefined;
let baseUrl = "";
let page: Page;
const screenshot = screenshotter(() => page, PREFIX, { finishAnimations: true });

before(async () => {
  for (const { slug, course } of courses) {
    assert.ok(course, `course ${slug} not found in the curriculum (or it has problems)`);
  }
  run = await startE2e(PREFIX);
  ({ baseUrl, page } = run);
});

after(() => run?.stop());

const itemPath = (item: { kind: "lesson" | "exercise"; id: string }): string =>
  `/${item.kind === "lesson" ? "lessons" : "exercises"}/${item.id}`;

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Replaces the whole content of one file's CodeMirror editor, switching to its tab if there are several. */
async function replaceEditorContent(fileName: string, content: string, fileCount: number): Promise<void> {
  if (fileCount > 1) {
    const tab = page.getByRole("tablist", { name: "Files" }).getByRole("tab", { name: fileName });
    await tab.click();
    await waitUntil(
      `tab ${fileName} selected`,
      async () => (await tab.getAttribute("aria-selected")) === "true",
    );
  }
  const editor = page.getByRole("textbox", { name: `Code editor: ${fileName}` });
  await editor.click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(content);
}

/** Outcome of one press of "Run tests", read from the results panel. */
interface RunOutcome {
  passed: boolean;
  total: number;
  summary: string;
}

async function pressRunTests(exerciseId: string, expectedFiles: Record<string, string>): Promise<RunOutcome> {
  const runButton = page.getByRole("button", { name: "Run tests" });
  // A previous 429 disables the button for a few seconds.
  await waitUntil("Run tests enabled", () => runButton.isEnabled(), 60_000);
  const answered: Promise<Response> = page.waitForResponse(
    (r) => r.request().method() === "POST" && r.url().endsWith(`/api/v1/exercises/${exerciseId}/attempts`),
    { timeout: 120_000 },
  );
  await runButton.click();
  const response = await answered;
  // What the UI sent is exactly what the editor holds: it must be the reference solution.
  const sent: unknown = response.request().postDataJSON();
  assert.deepEqual(sent, { files: expectedFiles }, "the editor content sent to the server");

  const results = page.getByRole("region", { name: "Test results" });
  await waitUntil(
    "results panel settled",
    async () => (await results.getAttribute("aria-busy")) === "false" && (await runButton.isVisible()),
    30_000,
  );
  const list = results.getByRole("list", { name: "Test results" });
  const total = await list.getByRole("listitem").count();
  const passedCount = await list.getByRole("img", { name: "Passed" }).count();
  const headline = await results.getByText(/^All \d+ tests passed$/).count();
  const summary = (await results.innerText()).replace(/\s+/g, " ").trim();
  return {
    passed: response.status() === 201 && total > 0 && passedCount === total && headline > 0,
    total,
    summary,
  };
}

for (const { slug: courseSlug, course } of courses) {
  test(`finish the whole course ${courseSlug} through the UI`, async (t) => {
    assert.ok(course);
    await finishCourse(t, courseSlug, course);
  });
}

async function finishCourse(t: TestContext, courseSlug: string, course: CourseFile): Promise<void> {
  const items = course.modules.flatMap((m) => m.items);
  assert.ok(items.length > 0, "the course has items");
  const email = `e2e-finish-${courseSlug}-${Date.now()}@example.com`;
  const password = "correct horse battery staple";

  await t.test("register", async () => {
    // A new visitor: the previous course's learner (session in the refresh cookie) is gone.
    await page.context().clearCookies();
    await page.goto(`${baseUrl}/`);
    await page.getByRole("banner").getByRole("link", { name: "Sign up" }).click();
    await page.getByRole("heading", { name: "Create your account" }).waitFor();
    await page.getByLabel("Display name").fill("Course Finisher");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await screenshot("register");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(/\/courses$/);
    await page.getByRole("heading", { name: "Courses", level: 1 }).waitFor();
  });

  await t.test("open the course and enroll", async () => {
    const card = page.getByRole("link", { name: course.title });
    await card.waitFor();
    await screenshot("catalog");
    await card.click();
    await page.waitForURL(new RegExp(`/courses/${courseSlug}$`));
    await page.getByRole("heading", { name: course.title, level: 1 }).waitFor();
    await page.getByRole("button", { name: "Enroll" }).click();
    const bar = page.getByRole("progressbar", { name: "Course progress" });
    await bar.waitFor();
    assert.equal(await bar.getAttribute("aria-valuenow"), "0");
    await screenshot("course-enrolled");
  });

  await t.test("start at the first item", async () => {
    const first = items[0];
    assert.ok(first);
    await page
      .getByRole("complementary", { name: "Your progress" })
      .getByRole("link", { name: new RegExp(`^Start: ${escapeRegExp(first.title)}`) })
      .click();
    await page.waitForURL(new RegExp(`${escapeRegExp(itemPath(first))}$`));
  });

  for (const [index, item] of items.entries()) {
    const next = items[index + 1];
    const label = `${String(index + 1).padStart(2, "0")}/${items.length} ${item.kind} ${item.slug}`;
    await t.test(label, async () => {
      assert.ok(page.url().endsWith(itemPath(item)), `expected ${itemPath(item)}, at ${page.url()}`);
      await page.getByRole("heading", { name: item.title, level: 1 }).waitFor();

      if (item.kind === "lesson") {
        await page.getByRole("button", { name: "Mark complete" }).click();
        await page.getByRole("status").filter({ hasText: "Lesson completed" }).waitFor();
      } else {
        const files = Object.entries(item.solution);
        assert.ok(files.length > 0, `${item.id} has a reference solution`);
        for (const [fileName, content] of files) await replaceEditorContent(fileName, content, files.length);
        await page.getByRole("status").filter({ hasText: "Saved" }).waitFor({ timeout: 15_000 });

        let outcome: RunOutcome | undefined;
        for (let run = 1; run <= MAX_RUNS && !outcome?.passed; run++) {
          outcome = await pressRunTests(item.id, item.solution);
        }
        assert.ok(outcome?.passed, `${item.id}: not every test passed: ${outcome?.summary}`);
        assert.match(outcome.summary, new RegExp(`All ${outcome.total} tests passed`));
        // The attempt history is refetched after the run: it lists the passing attempt.
        await page
          .getByRole("region", { name: "Your attempts" })
          .getByRole("button", { name: /^Passed · (\d+)\/\1 tests/ })
          .first()
          .waitFor({ timeout: 15_000 });
      }
      await screenshot(`${item.kind}-${item.slug}`);

      const nav = page.getByRole("navigation", { name: "Course navigation" });
      if (next) {
        const nextLink = nav.getByRole("link", { name: /Next/ });
        assert.match((await nextLink.innerText()).replace(/\s+/g, " "), new RegExp(escapeRegExp(next.title)));
        await nextLink.click();
        await page.waitForURL(new RegExp(`${escapeRegExp(itemPath(next))}$`));
      } else {
        assert.equal(await nav.getByRole("link", { name: /Next/ }).count(), 0, "the last item has no Next");
        const back = nav.getByRole("link", { name: /End of the course/ });
        assert.match(
          await back.innerText(),
          new RegExp(escapeRegExp(course.title)),
          "it leads back to the course",
        );
      }
    });
  }

  await t.test("course page shows 100 % and every item done", async () => {
    await page
      .getByRole("navigation", { name: "Breadcrumb" })
      .getByRole("link", { name: course.title })
      .click();
    await page.waitForURL(new RegExp(`/courses/${courseSlug}$`));
    const bar = page.getByRole("progressbar", { name: "Course progress" });
    // Progress is updated by events just after the last attempt: poll with reloads.
    await waitUntil(
      "course progress at 100",
      async () => {
        if ((await bar.getAttribute("aria-valuenow", { timeout: 5000 })) === "100") return true;
        await page.reload();
        return false;
      },
      30_000,
    );
    const panel = page.getByRole("complementary", { name: "Your progress" });
    await panel.getByText("Course complete — well done!").waitFor();
    const lessons = items.filter((i) => i.kind === "lesson").length;
    const exercises = items.length - lessons;
    // The <div> holding exactly one term (not the card around both) → its definition.
    const term = (name: string) => page.getByRole("term").filter({ hasText: new RegExp(`^${name}$`) });
    const figure = (name: string, other: string) =>
      panel.locator("div", { has: term(name), hasNot: term(other) }).getByRole("definition");
    assert.equal((await figure("Lessons", "Exercises").innerText()).trim(), `${lessons} / ${lessons}`);
    assert.equal((await figure("Exercises", "Lessons").innerText()).trim(), `${exercises} / ${exercises}`);

    const syllabus = page.getByRole("region", { name: "Syllabus" });
    for (const item of items) {
      const kind = item.kind === "lesson" ? "Lesson" : "Exercise";
      const link = syllabus.getByRole("link", { name: `${kind}: ${item.title}`, exact: false });
      await link.getByRole("img", { name: "Done" }).waitFor();
    }
    await screenshot("course-complete");
  });

  await t.test("dashboard shows 100 % and the unlocked achievement", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" }).click();
    await page.getByRole("heading", { name: /Welcome back, Course Finisher/ }).waitFor();
    const bar = page.getByRole("progressbar", { name: `${course.title} progress` });
    const achievement = page
      .getByRole("list", { name: "Achievements" })
      .getByRole("listitem")
      .filter({ has: page.getByRole("heading", { name: "First course completed", exact: true }) });
    await waitUntil(
      "100 % and First course completed unlocked",
      async () => {
        const percent = await bar.getAttribute("aria-valuenow", { timeout: 5000 });
        const unlocked = (await achievement.getAttribute("data-unlocked", { timeout: 5000 })) === "true";
        if (percent === "100" && unlocked) return true;
        await page.reload();
        return false;
      },
      30_000,
    );
    await achievement.getByText(/^Unlocked/).waitFor();
    await page
      .getByRole("article")
      .filter({ has: page.getByRole("heading", { name: course.title }) })
      .getByText(/^Completed /)
      .waitFor();
    assert.equal(
      await page.getByRole("link", { name: new RegExp(`^Continue ${escapeRegExp(course.title)}`) }).count(),
      0,
      "a finished course offers nothing to continue",
    );
    await screenshot("dashboard");
  });
}
