import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { hideHostPaths, parseCompileOutput } from "./compile-errors.ts";

const known = new Set(["solution.go", "helper.go", "solution_test.go", "go.mod"]);

describe("parseCompileOutput", () => {
  it("maps compiler errors to bare file names with line and column", () => {
    const raw = [
      "# exercise [exercise.test]",
      "./solution.go:12:5: undefined: x",
      "./helper.go:3:2: declared and not used: y",
      "",
    ].join("\n");
    const parsed = parseCompileOutput(raw, { knownFiles: known });
    assert.deepEqual(parsed.diagnostics, [
      { file: "solution.go", line: 12, column: 5, message: "undefined: x" },
      { file: "helper.go", line: 3, column: 2, message: "declared and not used: y" },
    ]);
    assert.equal(parsed.text, "./solution.go:12:5: undefined: x\n./helper.go:3:2: declared and not used: y");
  });

  it("handles go list errors without ./ and drops the FAIL summary lines", () => {
    const raw =
      "# exercise\nsolution.go:1:1: expected 'package', found 'EOF'\nFAIL\texercise [setup failed]\nFAIL\n";
    const parsed = parseCompileOutput(raw, { knownFiles: known });
    assert.deepEqual(parsed.diagnostics, [
      { file: "solution.go", line: 1, column: 1, message: "expected 'package', found 'EOF'" },
    ]);
    assert.equal(parsed.text, "solution.go:1:1: expected 'package', found 'EOF'");
  });

  it("folds tab-indented detail lines into the message", () => {
    const raw = [
      "./solution.go:4:9: cannot use s (variable of type string) as int value in return statement",
      "./solution.go:7:10: not enough return values",
      "\thave ()",
      "\twant (int)",
    ].join("\n");
    const parsed = parseCompileOutput(raw, { knownFiles: known });
    assert.equal(parsed.diagnostics[1]?.message, "not enough return values\nhave ()\nwant (int)");
  });

  it("reports errors in the hidden test file under its own name", () => {
    const parsed = parseCompileOutput("./solution_test.go:3:33: undefined: Add\n", { knownFiles: known });
    assert.deepEqual(parsed.diagnostics, [
      { file: "solution_test.go", line: 3, column: 33, message: "undefined: Add" },
    ]);
  });

  it("parses vet findings and ignores files it did not write", () => {
    const raw = [
      "# [exercise]",
      'vet: ./solution.go:3:38: fmt.Printf format %d has arg "s" of wrong type string',
      "/usr/local/go/src/fmt/print.go:1:1: something odd",
      "other.go:1:1: not ours",
    ].join("\n");
    const parsed = parseCompileOutput(raw, { knownFiles: known });
    assert.equal(parsed.diagnostics.length, 1);
    assert.equal(parsed.diagnostics[0]?.line, 3);
    assert.match(parsed.text, /not ours/);
  });

  it("hides host paths in messages without a position", () => {
    const raw =
      "found packages other (solution.go) and exercise (solution_test.go) in /tmp/gopro-runner/job-abc/src\n";
    const parsed = parseCompileOutput(raw, {
      knownFiles: known,
      hostPaths: [
        ["/tmp/gopro-runner", "<work>"],
        ["/tmp/gopro-runner/job-abc/src", "."],
      ],
    });
    assert.deepEqual(parsed.diagnostics, []);
    assert.equal(parsed.text, "found packages other (solution.go) and exercise (solution_test.go) in .");
  });

  it("deduplicates the same error reported twice", () => {
    const line = "./solution.go:2:1: syntax error: unexpected EOF";
    assert.equal(parseCompileOutput(`${line}\n${line}\n`, { knownFiles: known }).diagnostics.length, 1);
  });
});

describe("hideHostPaths", () => {
  it("replaces longer paths first", () => {
    assert.equal(
      hideHostPaths("/a/b/c and /a/b", [
        ["/a/b", "B"],
        ["/a/b/c", "C"],
      ]),
      "C and B",
    );
  });
});
