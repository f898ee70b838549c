import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AppError } from "../../platform/errors.ts";
import { defaultLimits, resolveLimits } from "./limits.ts";
import type { RunRequest } from "./types.ts";
import { fileNameProblem, forbiddenConstructs, validateSources } from "./validate.ts";

const base: RunRequest = {
  ownerKey: "u1",
  exerciseVersion: "v1",
  files: { "solution.go": "package exercise\n" },
  testFiles: { "solution_test.go": "package exercise\n" },
};

function rejects(req: RunRequest, code: string, path: string): void {
  assert.throws(
    () => validateSources(req, defaultLimits),
    (err: unknown) => {
      assert.ok(err instanceof AppError);
      assert.equal(err.code, code);
      assert.ok(Array.isArray(err.details));
      assert.ok(
        err.details.some((d) => d.path === path),
        `expected a detail for ${path}, got ${JSON.stringify(err.details)}`,
      );
      return true;
    },
  );
}

describe("fileNameProblem", () => {
  it("accepts plain Go file names", () => {
    for (const ok of ["solution.go", "a.go", "my_helper-2.go", "_ignored.go", "x.y.go"]) {
      assert.equal(fileNameProblem(ok), null, ok);
    }
  });

  it("rejects paths, traversal, NUL, test files and other extensions", () => {
    for (const bad of [
      "../x.go",
      "a/b.go",
      "..go",
      "a\\b.go",
      "x\0.go",
      "x_test.go",
      "x.txt",
      "go.mod",
      ".hidden.go",
      "-x.go",
      "",
      "sp ace.go",
      "ünï.go",
    ]) {
      assert.notEqual(fileNameProblem(bad), null, JSON.stringify(bad));
    }
  });
});

describe("validateSources", () => {
  it("returns files sorted by name", () => {
    const v = validateSources(
      { ...base, files: { "b.go": "package exercise\n", "a.go": "package exercise\n" } },
      defaultLimits,
    );
    assert.deepEqual(
      v.files.map((f) => f.name),
      ["a.go", "b.go"],
    );
  });

  it("rejects a bad name with a detail per file", () => {
    rejects({ ...base, files: { "../evil.go": "x" } }, "bad_request", "files.../evil.go");
    rejects({ ...base, files: { "sneaky_test.go": "x" } }, "bad_request", "files.sneaky_test.go");
  });

  it("rejects a learner file colliding with an exercise file", () => {
    rejects(
      { ...base, supportFiles: { "solution.go": "package exercise\n" } },
      "bad_request",
      "files.solution.go",
    );
  });

  it("rejects empty file sets and non-string content", () => {
    rejects({ ...base, files: {} }, "bad_request", "files");
    rejects({ ...base, files: { "a.go": 42 as unknown as string } }, "bad_request", "files.a.go");
  });

  it("answers payload_too_large for too many or too big files", () => {
    const many: Record<string, string> = {};
    for (let i = 0; i <= defaultLimits.maxFiles; i++) many[`f${i}.go`] = "package exercise\n";
    rejects({ ...base, files: many }, "payload_too_large", "files");
    rejects(
      { ...base, files: { "big.go": "x".repeat(defaultLimits.maxFileBytes + 1) } },
      "payload_too_large",
      "files.big.go",
    );
  });

  it("counts size in UTF-8 bytes", () => {
    const limits = { ...defaultLimits, maxFileBytes: 10 };
    assert.throws(() => validateSources({ ...base, files: { "a.go": "ééééé€" } }, limits), /too large/);
  });
});

describe("forbiddenConstructs", () => {
  it("flags //go:embed and cgo imports with their line", () => {
    const content = [
      "package exercise",
      "",
      'import _ "embed"',
      "import (",
      '\t"fmt"',
      '\t"C"',
      ")",
      'import "C"',
      "//go:embed solution_test.go",
      "var s string",
    ].join("\n");
    const found = forbiddenConstructs({ name: "solution.go", content });
    assert.deepEqual(
      found.map((d) => [d.line, d.message.slice(0, 10)]),
      [
        [6, "cgo (impor"],
        [8, "cgo (impor"],
        [9, "//go:embed"],
      ],
    );
  });

  it("leaves ordinary code alone", () => {
    const content = 'package exercise\n\nimport "fmt"\n\n// mentions go:embed in prose\nvar C = "C"\n';
    assert.deepEqual(forbiddenConstructs({ name: "a.go", content }), []);
  });
});

describe("resolveLimits", () => {
  it("layers overrides and clamps to the ceilings", () => {
    const l = resolveLimits(defaultLimits, { runMs: 1_000_000, memoryBytes: 1024 });
    assert.equal(l.runMs, 60_000);
    assert.equal(l.memoryBytes, 16 * 1024 * 1024);
    assert.equal(l.compileMs, defaultLimits.compileMs);
  });

  it("rejects nonsense values", () => {
    assert.throws(
      () => resolveLimits(defaultLimits, { runMs: -1 }),
      (e: unknown) => {
        return e instanceof AppError && e.code === "bad_request";
      },
    );
    assert.throws(() => resolveLimits(defaultLimits, { runMs: Number.NaN }), AppError);
  });
});
