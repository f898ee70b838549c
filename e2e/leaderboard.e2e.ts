/**
 * The course leaderboard in a real browser: a learner sees their own row on the course page, another
 * learner's points (earned through the API, standing in for another browser) move the board live
 * without a reload, and the period tabs work with the keyboard.
 *
 * Run: node --test e2e/leaderboard.e2e.ts   (needs /usr/bin/chromium)
 * Screenshots land in test-artifacts/e2e/leaderboard-*.png.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, test } from "node:test";
import type { Page } from "playwright-core";
import { loadCurriculum } from "../server/modules/catalog/index.ts";
import {
  ApiClient,
  type E2eRun,
  login,
  PASSWORD,
  root,
  screenshotter,
  startE2e,
  waitUntil,
} from "./support.ts";

const PREFIX = "leaderboard-";
const COURSE_SLUG = "go-first-steps";
const LIVE_TIMEOUT = 60_000;

const curriculum = await loadCurriculum(path.join(root, "curriculum"));
const course = curriculum.courses.find((c) => c.slug === COURSE_SLUG);
const lessons = (course?.modules.flatMap((m) => m.items) ?? []).filter((i) => i.kind === "lesson");

let run: E2eRun | undefined;
let baseUrl = "";
let page: Page;
const shot = screenshotter(() => page, PREFIX, { finishAnimations: true });

before(async () => {
  assert.ok(lessons.length >= 3, `course ${COURSE_SLUG} has lessons`);
  run = await startE2e(PREFIX, { env: { RATE_LIMIT_AUTH_PER_MIN: "200" } });
  ({ baseUrl, page } = run);
});

after(async () => {
  await run?.stop();
});

test("the course leaderboard shows my row and moves live when someone else earns points", async (t) => {
  const me = await ApiClient.register(baseUrl, "Lena Leader");
  await me.ok("POST", `/courses/${COURSE_SLUG}/enrollment`);
  await me.ok("POST", `/lessons/${lessons[0]?.id}/completion`);
  const board = page.getByRole("region", { name: "Leaderboard" });
  const top = board.getByRole("list", { name: /^Top learners/ });

  await t.test("my row is on the board, marked as mine", async () => {
    await login(page, baseUrl, me.email, PASSWORD);
    await page.goto(`${baseUrl}/courses/${COURSE_SLUG}`);
    await page.getByRole("heading", { name: "Go First Steps", level: 1 }).waitFor();
    await board.waitFor();
    assert.equal(await board.getByRole("tab", { name: "This week" }).getAttribute("aria-selected"), "true");
    const mine = top.locator('li[aria-current="true"]');
    await mine.filter({ hasText: "Lena Leader" }).waitFor();
    assert.match((await mine.innerText()).replace(/\s+/g, " "), /1 Lena Leader \(you\) 2 points/);
    await page.evaluate("window.__e2eBoardMark = 'same page'");
    await shot("my-row");
  });

  await t.test("another learner's lessons put them on top without a reload", async () => {
    const rival = await ApiClient.register(baseUrl, "Rival Runner");
    await rival.ok("POST", `/courses/${COURSE_SLUG}/enrollment`);
    for (const l of lessons.slice(0, 3)) await rival.ok("POST", `/lessons/${l.id}/completion`);
    await waitUntil(
      "the rival at rank 1",
      async () => {
        const first = (await top.getByRole("listitem").first().innerText()).replace(/\s+/g, " ");
        return /^1 Rival Runner 6 points/.test(first) ? first : undefined;
      },
      LIVE_TIMEOUT,
    );
    assert.match(
      (await top.locator('li[aria-current="true"]').innerText()).replace(/\s+/g, " "),
      /^2 Lena Leader \(you\) 2 points/,
    );
    assert.equal(await page.evaluate("window.__e2eBoardMark"), "same page", "the page was not reloaded");
    await shot("rival-on-top");
  });

  await t.test("the period tabs follow the keyboard", async () => {
    await board.getByRole("tab", { name: "This week" }).focus();
    await page.keyboard.press("ArrowRight");
    const all = board.getByRole("tab", { name: "All time" });
    await waitUntil("All time selected", async () => (await all.getAttribute("aria-selected")) === "true");
    assert.equal(await page.evaluate("document.activeElement?.textContent"), "All time");
    await board.getByRole("list", { name: "Top learners, all time" }).waitFor();
    assert.equal(
      await board.getByRole("list", { name: "Top learners, all time" }).getByRole("listitem").count(),
      2,
    );
  });
});
