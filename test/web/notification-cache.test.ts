/** The inbox cache's rules: pushes that crossed a read mark, and mark-all (web/src/lib/notificationCache.ts). */
import assert from "node:assert/strict";
import { test } from "node:test";
import { isStalePush, markAllInCache } from "../../web/src/lib/notificationCache.ts";
import type { Notification } from "../../web/src/types.ts";

const n = (id: string, readAt: string | null): Notification => ({
  id,
  kind: "achievement_unlocked",
  title: id,
  body: "",
  link: null,
  createdAt: "2026-12-05T10:00:00.000Z",
  readAt,
});
const cache = (...items: Notification[]) => ({
  pages: [{ notifications: items, nextCursor: null, unread: 0 }],
  pageParams: [undefined],
});

test("an unread push about a notification the tab holds as read is out of date", () => {
  assert.equal(isStalePush(cache(n("a", "2026-12-05T10:01:00.000Z")), n("a", null)), true);
});

test("new notifications, read pushes and unknown caches are applied", () => {
  assert.equal(isStalePush(cache(n("a", null)), n("a", null)), false, "still unread here too");
  assert.equal(isStalePush(cache(n("a", "2026-12-05T10:01:00.000Z")), n("b", null)), false, "a new one");
  assert.equal(isStalePush(cache(n("a", null)), n("a", "2026-12-05T10:01:00.000Z")), false, "read elsewhere");
  assert.equal(isStalePush(undefined, n("a", null)), false, "nothing cached");
});

test("mark-all reads every cached row and keeps the stamps of rows read before", () => {
  const before = "2026-12-05T10:01:00.000Z";
  const at = "2026-12-05T10:02:00.000Z";
  const data = {
    pages: [
      { notifications: [n("a", null), n("b", before)], nextCursor: "b", unread: 1 },
      { notifications: [n("c", null)], nextCursor: null, unread: 1 },
    ],
    pageParams: [undefined, "b"],
  };
  const marked = markAllInCache(data, at);
  assert.deepEqual(
    marked?.pages.flatMap((p) => p.notifications.map((x) => [x.id, x.readAt])),
    [
      ["a", at],
      ["b", before],
      ["c", at],
    ],
  );
  assert.deepEqual(
    marked?.pages.map((p) => p.unread),
    [0, 0],
  );
  assert.equal(data.pages[0]?.notifications[0]?.readAt, null, "the cached data is not changed in place");
  assert.equal(markAllInCache(undefined, at), undefined);
});
