import assert from "node:assert/strict";
import { test } from "node:test";
import { MODULES, resolveTargets } from "./registry.ts";

test("all is the union of every module, dependencies first", () => {
  const all = resolveTargets(["all"]);
  assert.equal(all.length, MODULES.length);
  for (const m of MODULES) {
    for (const d of m.dependsOn) assert.ok(all.indexOf(d) < all.indexOf(m.name), `${d} before ${m.name}`);
  }
});

test("a single module brings its dependencies, and every process has the gateway", () => {
  assert.deepEqual(resolveTargets(["progress"]), [
    "catalog",
    "enrollment",
    "runner",
    "identity",
    "progress",
    "gateway",
  ]);
});

test("unknown targets fail listing the valid ones", () => {
  assert.throws(
    () => resolveTargets(["all", "nope"]),
    /Unknown target\(s\): nope\. Valid targets: all, identity/,
  );
});
