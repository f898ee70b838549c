import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { AppError } from "../../platform/errors.ts";
import { createRunner, type Runner } from "./index.ts";

// Shared with the other runner tests so the standard library compiles once.
const CACHE_DIR = join(tmpdir(), "gopro-runner-test-gocache");

const ITERATOR = `package exercise

import "iter"

// Count yields 0..n-1: range over a function needs go 1.23 in go.mod.
func Count(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := range n {
			if !yield(i) {
				return
			}
		}
	}
}
`;

const TEST = `package exercise

import "testing"

func TestCount(t *testing.T) {
	sum := 0
	for v := range Count(4) {
		sum += v
	}
	if sum != 6 {
		t.Errorf("sum = %d, want 6", sum)
	}
}
`;

describe("the go.mod language version of a run", () => {
  let runner: Runner;
  let work: string;
  before(async () => {
    work = await mkdtemp(join(tmpdir(), "gopro-langver-"));
    runner = await createRunner({
      boundToLoopback: true,
      workDir: work,
      cacheDir: CACHE_DIR,
      cacheEntries: 0,
    });
  });
  after(async () => {
    await runner.close();
    await rm(work, { recursive: true, force: true });
  });

  const run = (languageVersion?: string) =>
    runner.run({
      ownerKey: "lv",
      exerciseVersion: "lv",
      files: { "count.go": ITERATOR },
      testFiles: { "count_test.go": TEST },
      ...(languageVersion ? { languageVersion } : {}),
    });

  it("defaults to 1.22, where range over a function does not compile", async () => {
    const v = await run();
    assert.equal(v.status, "compile_error");
    assert.match(v.compileErrors.map((d) => d.message).join("\n"), /go1\.23|range over/);
  });

  it("1.23 lets the same code pass", async () => {
    const v = await run("1.23");
    assert.equal(v.status, "passed", v.message);
  });

  it("refuses anything that is not a language version", async () => {
    await assert.rejects(
      run("1.23\nreplace x => /etc"),
      (e: unknown) => e instanceof AppError && e.code === "bad_request",
    );
  });
});
