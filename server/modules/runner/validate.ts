import { AppError, type FieldIssue } from "../../platform/errors.ts";
import type { CompileDiagnostic, RunnerLimits, RunRequest } from "./types.ts";

/** A file name the runner will write: a plain Go file name, never a path. */
const GO_FILE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*\.go$/;

export interface SourceFile {
  name: string;
  content: string;
}

/** The request's files after validation, each list sorted by name (stable cache keys, stable builds). */
export interface ValidatedSources {
  files: SourceFile[];
  testFiles: SourceFile[];
  supportFiles: SourceFile[];
  /** The `go` line of the generated go.mod. */
  languageVersion: string;
}

const LANGUAGE_VERSION = /^1\.\d{1,3}$/;

/** Why a name is not acceptable as a learner file, or null when it is. */
export function fileNameProblem(name: string): string | null {
  if (name.length === 0) return "file name is empty";
  if (name.length > 128) return "file name is longer than 128 characters";
  if (name.includes("\0")) return "file name contains a NUL byte";
  if (name.includes("/") || name.includes("\\")) return "file name must not contain a path separator";
  if (name.includes("..")) return "file name must not contain '..'";
  if (!GO_FILE_NAME.test(name)) {
    return "file name must look like name.go (letters, digits, '_', '.', '-')";
  }
  if (name.endsWith("_test.go")) return "test files (_test.go) cannot be submitted";
  return null;
}

function entriesOf(
  value: unknown,
  field: string,
  issues: FieldIssue[],
  required: boolean,
): [string, unknown][] {
  if (value === undefined || value === null) {
    if (required) issues.push({ path: field, message: "is required" });
    return [];
  }
  if (typeof value !== "object" || Array.isArray(value)) {
    issues.push({ path: field, message: "must be an object of file name to content" });
    return [];
  }
  return Object.entries(value);
}

const byName = (a: SourceFile, b: SourceFile): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * Check names, counts and sizes of every file in a request. Learner mistakes are `bad_request`;
 * too many or too large files are `payload_too_large`. Details name each offending field as
 * `files.<name>` so the editor can point at the tab.
 */
export function validateSources(req: RunRequest, limits: RunnerLimits): ValidatedSources {
  const issues: FieldIssue[] = [];
  const tooLarge: FieldIssue[] = [];

  const languageVersion = req.languageVersion ?? "1.22";
  if (!LANGUAGE_VERSION.test(languageVersion)) {
    issues.push({ path: "languageVersion", message: 'must be a Go language version such as "1.22"' });
  }
  const testEntries = entriesOf(req.testFiles, "testFiles", issues, true);
  const supportEntries = entriesOf(req.supportFiles, "supportFiles", issues, false);
  const learnerEntries = entriesOf(req.files, "files", issues, true);

  const trusted = new Set<string>();
  const testFiles: SourceFile[] = [];
  const supportFiles: SourceFile[] = [];
  for (const [name, content] of testEntries) {
    if (!GO_FILE_NAME.test(name) || name.includes("..") || !name.endsWith("_test.go")) {
      issues.push({ path: `testFiles.${name}`, message: "test file names must look like name_test.go" });
    } else if (typeof content !== "string") {
      issues.push({ path: `testFiles.${name}`, message: "content must be a string" });
    } else {
      trusted.add(name);
      testFiles.push({ name, content });
    }
  }
  for (const [name, content] of supportEntries) {
    const problem = fileNameProblem(name);
    if (problem !== null) {
      issues.push({ path: `supportFiles.${name}`, message: problem });
    } else if (typeof content !== "string") {
      issues.push({ path: `supportFiles.${name}`, message: "content must be a string" });
    } else {
      trusted.add(name);
      supportFiles.push({ name, content });
    }
  }

  if (learnerEntries.length === 0 && req.files !== undefined && req.files !== null) {
    issues.push({ path: "files", message: "at least one .go file is required" });
  }
  if (learnerEntries.length > limits.maxFiles) {
    tooLarge.push({ path: "files", message: `at most ${limits.maxFiles} files are allowed` });
  }
  const files: SourceFile[] = [];
  for (const [name, content] of learnerEntries) {
    const path = `files.${name}`;
    const problem = fileNameProblem(name);
    if (problem !== null) {
      issues.push({ path, message: problem });
      continue;
    }
    if (trusted.has(name)) {
      issues.push({ path, message: "this name is used by a file of the exercise; choose another name" });
      continue;
    }
    if (typeof content !== "string") {
      issues.push({ path, message: "content must be a string" });
      continue;
    }
    const bytes = Buffer.byteLength(content, "utf8");
    if (bytes > limits.maxFileBytes) {
      tooLarge.push({ path, message: `file is ${bytes} bytes; the limit is ${limits.maxFileBytes}` });
      continue;
    }
    files.push({ name, content });
  }

  if (issues.length > 0) {
    const first = issues[0];
    const summary = first !== undefined ? `${first.path}: ${first.message}` : "invalid files";
    throw new AppError("bad_request", `Invalid submission (${summary})`, { details: issues });
  }
  if (tooLarge.length > 0) {
    const first = tooLarge[0];
    const summary = first !== undefined ? `${first.path}: ${first.message}` : "too large";
    throw new AppError("payload_too_large", `Submission too large (${summary})`, { details: tooLarge });
  }
  return {
    files: files.sort(byName),
    testFiles: testFiles.sort(byName),
    supportFiles: supportFiles.sort(byName),
    languageVersion,
  };
}

const EMBED_DIRECTIVE = /^\s*\/\/go:embed\b/;
const IMPORT_C_LINE = /^\s*import\s+(?:[A-Za-z_.][A-Za-z0-9_]*\s+)?"C"/;
const IMPORT_BLOCK_OPEN = /^\s*import\s*\(/;
const IMPORT_C_IN_BLOCK = /^\s*(?:[A-Za-z_.][A-Za-z0-9_]*\s+)?"C"\s*(?:\/\/.*)?$/;

/**
 * Find constructs we refuse before invoking the compiler: `//go:embed` would let a learner read
 * the hidden test files into their program, and cgo is disabled (CGO_ENABLED=0), which would
 * otherwise surface as a baffling "undefined" error far away from the cause.
 * A line-based scan is enough because both must appear at the start of a line to take effect.
 */
export function forbiddenConstructs(file: SourceFile): CompileDiagnostic[] {
  const out: CompileDiagnostic[] = [];
  const lines = file.content.split("\n");
  let inImportBlock = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const column = line.length - line.trimStart().length + 1;
    if (EMBED_DIRECTIVE.test(line)) {
      out.push({
        file: file.name,
        line: i + 1,
        column,
        message: "//go:embed is not allowed in exercises",
      });
    }
    if (inImportBlock) {
      if (/^\s*\)/.test(line)) inImportBlock = false;
      else if (IMPORT_C_IN_BLOCK.test(line)) {
        out.push({ file: file.name, line: i + 1, column, message: 'cgo (import "C") is not supported here' });
      }
    } else if (IMPORT_BLOCK_OPEN.test(line)) {
      const rest = line.slice(line.indexOf("(") + 1);
      inImportBlock = !rest.includes(")");
      if (/(^|[\s;(])"C"/.test(rest)) {
        out.push({ file: file.name, line: i + 1, column, message: 'cgo (import "C") is not supported here' });
      }
    } else if (IMPORT_C_LINE.test(line)) {
      out.push({ file: file.name, line: i + 1, column, message: 'cgo (import "C") is not supported here' });
    }
  }
  return out;
}
