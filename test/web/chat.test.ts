/**
 * The chat's client rules as plain functions: hostile Markdown renders as inert text (no script, no
 * event handlers, no javascript: links or images), and messages merge into the cached pages by id.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { InfiniteData } from "@tanstack/react-query";
import { flatten, mentionsIn, mergeMessage } from "../../web/src/lib/chatPages.ts";
import { renderMarkdown } from "../../web/src/lib/markdown.ts";
import type { ChatHistory, ChatMessage } from "../../web/src/types.ts";

describe("chat Markdown is safe to put in the page", () => {
  const hostile = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "![x](javascript:alert(1))",
    '![x](x" onerror="alert(1))',
    '<a href="javascript:alert(1)">x</a>',
    '<svg onload="alert(1)"></svg>',
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<iframe src="https://evil.example"></iframe>',
    "```\n</code></pre><script>alert(1)</script>\n```",
    "`<b onmouseover=alert(1)>`",
  ];
  for (const src of hostile) {
    test(JSON.stringify(src), () => {
      const html = renderMarkdown(src);
      assert.doesNotMatch(html, /<script/i);
      assert.doesNotMatch(html, /<(img|svg|iframe|a)\b[^>]*\son[a-z]+=/i, "no event handler attribute");
      assert.doesNotMatch(html, /<(iframe|svg)\b/i);
      assert.doesNotMatch(html, /(href|src)="\s*(javascript|data|vbscript):/i);
    });
  }

  test("ordinary Markdown still works: code, emphasis, safe links, images", () => {
    const html = renderMarkdown("**bold** `x := 1` [Go](https://go.dev) ![logo](https://go.dev/logo.png)");
    assert.match(html, /<strong>bold<\/strong>/);
    assert.match(html, /<code>x := 1<\/code>/);
    assert.match(html, /<a href="https:\/\/go.dev" target="_blank" rel="noopener noreferrer">Go<\/a>/);
    assert.match(html, /<img src="https:\/\/go.dev\/logo.png" alt="logo"/);
  });
});

describe("chat pages merge by message id", () => {
  const msg = (id: string, body = id): ChatMessage => ({
    id,
    courseId: "c",
    userId: "u",
    authorName: "A",
    body,
    mentions: [],
    createdAt: "2026-12-05T10:00:00.000Z",
    editedAt: null,
    deletedAt: null,
  });
  const data = (): InfiniteData<ChatHistory, string | undefined> => ({
    pages: [
      { messages: [msg("c"), msg("d")], nextCursor: "x" },
      { messages: [msg("a"), msg("b")], nextCursor: null },
    ],
    pageParams: [undefined, "x"],
  });

  test("a new message goes after the newest; the list reads oldest first", () => {
    assert.deepEqual(
      flatten(mergeMessage(data(), msg("e"))).map((m) => m.id),
      ["a", "b", "c", "d", "e"],
    );
  });

  test("the same message again (push and answer) replaces, never doubles", () => {
    const once = mergeMessage(data(), msg("e"));
    const twice = mergeMessage(once, msg("e", "e edited"));
    const list = flatten(twice);
    assert.deepEqual(
      list.map((m) => m.id),
      ["a", "b", "c", "d", "e"],
    );
    assert.equal(list.at(-1)?.body, "e edited");
    assert.equal(flatten(mergeMessage(data(), msg("a", "a edited")))[0]?.body, "a edited");
  });
});

describe("mentions in a message", () => {
  const people = [
    { userId: "ana", displayName: "Ana" },
    { userId: "ana-chat", displayName: "Ana Chat" },
    { userId: "ben", displayName: "Ben Chat" },
    { userId: "me", displayName: "Me Myself" },
  ];
  test("known names after @, any case, longest first, each once, never me", () => {
    assert.deepEqual(mentionsIn("@ana chat look, and @Ben Chat too", people, "me"), ["ana-chat", "ben"]);
    assert.deepEqual(mentionsIn("@Ana: hi", people, "me"), ["ana"]);
    assert.deepEqual(mentionsIn("@Ben Chat @ben chat", people, "me"), ["ben"]);
    assert.deepEqual(mentionsIn("@Me Myself", people, "me"), []);
  });
  test("not a mention: no @, or the name goes on", () => {
    assert.deepEqual(mentionsIn("Ana, hi", people, "me"), []);
    assert.deepEqual(mentionsIn("@Anabel hi", people, "me"), []);
    assert.deepEqual(mentionsIn("mail ana@example.com", people, "me"), []);
  });
});
