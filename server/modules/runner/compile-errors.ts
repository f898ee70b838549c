import type { CompileDiagnostic } from "./types.ts";

export interface ParsedCompileOutput {
  /** Positioned errors in submitted files, in the order the tool printed them. */
  diagnostics: CompileDiagnostic[];
  /** The tool's output with host paths replaced and `go` bookkeeping lines removed. */
  text: string;
}

export interface CompileParseOptions {
  /** Bare names of every file written into the package (learner, support and test files). */
  knownFiles: ReadonlySet<string>;
  /** Host paths to hide, mapped to what replaces them (e.g. the job dir → "."). */
  hostPaths?: ReadonlyArray<readonly [string, string]>;
}

// "./solution.go:12:5: msg", "solution.go:1:1: msg" (go list phase), "vet: ./x.go:3:2: msg",
// "exercise/solution.go:3:2: msg" (-trimpath) — the column is optional in some go tool errors.
const POSITIONED = /^(?:vet: )?((?:\.\/|exercise\/)?([^\s:/]+\.go)):(\d+)(?::(\d+))?: (.*)$/;
// Lines that only frame the real errors: "# exercise [exercise.test]", "FAIL\texercise [build failed]".
const NOISE = /^(?:# |FAIL(?:\t|$)|ok\s|go: finding module)/;

/** Replace every occurrence of each host path, longest first so nested paths are handled. */
export function hideHostPaths(text: string, hostPaths: ReadonlyArray<readonly [string, string]>): string {
  const sorted = [...hostPaths].filter(([p]) => p.length > 1).sort((a, b) => b[0].length - a[0].length);
  let out = text;
  for (const [path, replacement] of sorted) out = out.split(path).join(replacement);
  return out;
}

/**
 * Turn `go test -c` / `go vet` output into diagnostics for the editor. Only errors located in a
 * file we wrote become diagnostics (anything else stays in `text`), and tab-indented follow-up
 * lines ("\thave (int)\n\twant (string)") are folded into the preceding message.
 */
export function parseCompileOutput(raw: string, opts: CompileParseOptions): ParsedCompileOutput {
  const text = hideHostPaths(raw.replace(/\r\n/g, "\n"), opts.hostPaths ?? []);
  const diagnostics: CompileDiagnostic[] = [];
  const kept: string[] = [];
  const seen = new Set<string>();
  let last: CompileDiagnostic | null = null;
  for (const line of text.split("\n")) {
    if (line.length === 0) continue;
    if (NOISE.test(line)) {
      last = null;
      continue;
    }
    kept.push(line);
    if (line.startsWith("\t") && last !== null) {
      last.message += `\n${line.trim()}`;
      continue;
    }
    const m = POSITIONED.exec(line);
    const file = m?.[2];
    if (m === null || file === undefined || !opts.knownFiles.has(file)) {
      last = null;
      continue;
    }
    const diag: CompileDiagnostic = {
      file,
      line: Number(m[3]),
      column: m[4] === undefined ? 1 : Number(m[4]),
      message: m[5] ?? "",
    };
    const key = `${diag.file}:${diag.line}:${diag.column}:${diag.message}`;
    if (seen.has(key)) {
      last = null;
      continue;
    }
    seen.add(key);
    diagnostics.push(diag);
    last = diag;
  }
  return { diagnostics, text: kept.join("\n") };
}
