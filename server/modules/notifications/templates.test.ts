import assert from "node:assert/strict";
import { test } from "node:test";
import {
  achievementEmail,
  appUrl,
  courseCompletedEmail,
  escapeHtml,
  html,
  mentionEmail,
  oneLine,
  weeklyDigestEmail,
} from "./templates.ts";

const links = { publicUrl: "https://learn.example.test/" };
const EVIL = `<script>alert("x")</script>`;

test("escapeHtml escapes every character that can open markup or leave an attribute", () => {
  assert.equal(
    escapeHtml(`<a href="x" onclick='y'>&\`</a>`),
    "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;",
  );
  assert.equal(escapeHtml("plain text"), "plain text");
});

test("the html tag escapes values but keeps nested fragments", () => {
  const inner = html`<b>${EVIL}</b>`;
  const outer = html`<p>${inner}${[html`<i>${"a&b"}</i>`]}${42}</p>`;
  assert.equal(
    outer.value,
    "<p><b>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</b><i>a&amp;b</i>42</p>",
  );
});

test("course completed: a script in the display name or the course title is escaped in HTML", () => {
  const m = courseCompletedEmail(links, {
    displayName: EVIL,
    courseTitle: `Go ${EVIL}`,
    courseSlug: "go-first-steps",
  });
  assert.ok(!m.html.includes("<script"), "no raw script tag");
  assert.ok(m.html.includes("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
  // The plain-text part is text: it keeps the characters as they are.
  assert.ok(m.text.includes(`Hi ${EVIL},`));
  assert.ok(m.text.includes("https://learn.example.test/courses/go-first-steps"));
  assert.ok(m.html.includes('href="https://learn.example.test/courses/go-first-steps"'));
  assert.equal(m.subject, `You completed Go ${EVIL}`);
  assert.ok(m.html.includes('href="https://learn.example.test/notifications/settings"'), "a way to opt out");
  assert.ok(m.text.includes("https://learn.example.test/notifications/settings"));
});

test("course completed: the slug is encoded into the link", () => {
  const m = courseCompletedEmail(links, { displayName: "Ada", courseTitle: "T", courseSlug: `a"b<c` });
  assert.ok(m.html.includes('href="https://learn.example.test/courses/a%22b%3Cc"'));
});

test("achievement and mention emails escape every interpolated value", () => {
  const a = achievementEmail(links, { displayName: EVIL, title: EVIL, description: EVIL });
  const b = mentionEmail(links, { displayName: EVIL, author: EVIL, courseTitle: EVIL, courseSlug: "c" });
  for (const m of [a, b]) {
    assert.ok(!m.html.includes("<script"), m.subject);
    assert.ok(m.html.includes("&lt;script&gt;"));
  }
  assert.match(a.subject, /^Achievement unlocked: /);
  assert.match(b.text, /mentioned you in the chat of/);
});

test("weekly digest lists the week and its highlights, escaped", () => {
  const m = weeklyDigestEmail(links, {
    displayName: "Ada",
    lines: ["3 lessons completed", "2 exercises passed"],
    highlights: [`You completed ${EVIL}`],
  });
  assert.equal(m.subject, "Your week in GO-PRO");
  assert.ok(m.text.includes("  • 3 lessons completed\n"));
  assert.ok(m.text.includes("Highlights:"));
  assert.ok(m.html.includes("<li>2 exercises passed</li>"));
  assert.ok(!m.html.includes("<script"));
  const quiet = weeklyDigestEmail(links, { displayName: "Ada", lines: [], highlights: [] });
  assert.match(quiet.text, /A quiet week/);
  assert.ok(!quiet.text.includes("Highlights"));
});

test("subjects are one line: a newline cannot inject a mail header", () => {
  const m = courseCompletedEmail(links, {
    displayName: "Ada",
    courseTitle: "Go\r\nBcc: victim@example.test",
    courseSlug: "go",
  });
  assert.ok(!/[\r\n]/.test(m.subject));
  assert.equal(oneLine("a\u0000b\tc  d"), "a b c d");
  assert.equal(oneLine("x".repeat(300)).length, 200);
});

test("links into the app are absolute http(s) URLs under PUBLIC_URL", () => {
  assert.equal(appUrl("https://a.example/", "/courses/x"), "https://a.example/courses/x");
  assert.equal(appUrl("http://127.0.0.1:8080", "notifications"), "http://127.0.0.1:8080/notifications");
});
