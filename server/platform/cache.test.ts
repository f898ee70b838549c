import assert from "node:assert/strict";
import { test } from "node:test";
import { MemoryCache } from "./cache.ts";

test("entries expire after their TTL", () => {
  let now = 1000;
  const c = new MemoryCache(10, () => now);
  c.set("a", 1, 50);
  assert.equal(c.get("a"), 1);
  now += 50;
  assert.equal(c.get("a"), undefined);
});

test("the oldest entries are dropped beyond the size bound", () => {
  const c = new MemoryCache(2);
  c.set("a", 1, 1000);
  c.set("b", 2, 1000);
  c.set("c", 3, 1000);
  assert.equal(c.get("a"), undefined);
  assert.equal(c.get("c"), 3);
});

test("invalidate drops a prefix only", () => {
  const c = new MemoryCache();
  c.set("catalog:list:x", 1, 1000);
  c.set("catalog:course:y", 2, 1000);
  c.set("other", 3, 1000);
  c.invalidate("catalog:");
  assert.equal(c.get("catalog:list:x"), undefined);
  assert.equal(c.get("other"), 3);
});
