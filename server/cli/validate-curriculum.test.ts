import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";
import type { CourseFile } from "../modules/catalog/index.ts";
import {
  checkPublishedIds,
  compareReports,
  lessonPrograms,
  PUBLISHED_IDS_FILE,
} from "./validate-curriculum.ts";

const result = (name: string, status: "pass" | "fail" | "skip") => ({
  name,
  status,
  message: "",
  output: "",
  durationMs: 0,
});

describe("runner report against plain go test", () => {
  test("agreeing reports give no difference", () => {
    const plain = new Map([
      ["TestA", "pass"],
      ["TestA/x", "pass"],
    ]);
    assert.equal(
      compareReports({ tests: [result("TestA", "pass"), result("TestA/x", "pass")] }, plain),
      null,
    );
  });
  test("a missing, an extra and a different test are each named", () => {
    const plain = new Map([
      ["TestA", "pass"],
      ["TestB", "pass"],
    ]);
    const d = compareReports({ tests: [result("TestA", "fail"), result("TestC", "pass")] }, plain) ?? "";
    assert.match(d, /TestA: runner fail, go test pass/);
    assert.match(d, /TestB missing/);
    assert.match(d, /TestC reported only by the runner/);
  });
});

describe("published ids", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "gopro-ids-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const course = (itemIds: string[]) =>
    ({ id: "c", modules: [{ id: "c.m", items: itemIds.map((id) => ({ id })) }] }) as unknown as CourseFile;

  test("new ids must be recorded; --update-ids records them", () => {
    assert.equal(checkPublishedIds(dir, [course(["c.a"])], false).length, 3);
    assert.deepEqual(checkPublishedIds(dir, [course(["c.a"])], true), []);
    assert.match(readFileSync(path.join(dir, PUBLISHED_IDS_FILE), "utf8"), /^c\.a$/m);
    assert.deepEqual(checkPublishedIds(dir, [course(["c.a"])], false), []);
  });

  test("a published id that disappears is a problem even with --update-ids", () => {
    writeFileSync(path.join(dir, PUBLISHED_IDS_FILE), "c\nc.m\nc.a\nc.old\n");
    const problems = checkPublishedIds(dir, [course(["c.a"])], true);
    assert.deepEqual(problems, ["published id c.old is gone: ids never change once published (restore it)"]);
  });
});

describe("lesson programs", () => {
  test("only whole programs are picked, with the line their fence opens on", () => {
    const md = [
      "Intro.",
      "```go",
      "x := 1",
      "```",
      "",
      "```go",
      "// Package main prints.",
      "package main",
      "",
      'import "fmt"',
      "",
      "func main() {",
      '\tfmt.Println("hi")',
      "}",
      "```",
      "```go",
      "package shapes",
      "",
      "func main() {}",
      "```",
      "```text",
      "package main",
      "func main() {}",
      "```",
    ].join("\n");
    const found = lessonPrograms(md);
    assert.equal(found.length, 1);
    assert.equal(found[0]?.line, 6);
    assert.match(found[0]?.code ?? "", /^\/\/ Package main prints\.\npackage main\n/);
    assert.match(found[0]?.code ?? "", /fmt\.Println\("hi"\)\n}\n$/);
  });
});
