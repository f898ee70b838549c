/** The inbox cache's rule for pushes that crossed a read mark (web/src/lib/notificationCache.ts). */
import assert from "node:assert/strict";
import { test } from "node:test";
import { isStalePush } from "../../web/src/lib/notificationCache.ts";
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
