import type { TestCaseResult, TestStatus } from "./types.ts";

/**
 * One event in the shape `go tool test2json` emits (same field names), so events from either
 * our own stream parser or the real tool can be folded the same way.
 */
export interface TestEvent {
  Action: string;
  Test?: string;
  Output?: string;
  /** Seconds. */
  Elapsed?: number;
}

/** Framing marker `-test.v=test2json` puts before every line the testing package writes. */
const MARK = "\u0016";

const UPDATE = /^=== ([A-Z]+)(?:\s+(.*))?$/;
const REPORT = /^--- (PASS|FAIL|SKIP|BENCH): (.*?)(?: \((\d+(?:\.\d+)?)s\))?$/;

/** Split after each "\n" and before each marker that does not start a line. */
export function splitLines(raw: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === "\n") {
      out.push(raw.slice(start, i + 1));
      start = i + 1;
    } else if (c === MARK && i > start) {
      out.push(raw.slice(start, i));
      start = i;
    }
  }
  if (start < raw.length) out.push(raw.slice(start));
  return out;
}

/**
 * Parse the raw output of a test binary run with `-test.v=test2json` (stdout and stderr merged)
 * into test2json-style events. Framing lines (marked with ^V) become run/pass/fail/skip/pause/cont
 * events; every other line is an `output` event attributed to the test that was current — the
 * same rules as `cmd/internal/test2json`, minus the events we never use. Framing lines are not
 * repeated as output.
 */
export function parseTestStream(raw: string): TestEvent[] {
  const events: TestEvent[] = [];
  let current = "";
  const output = (text: string): void => {
    events.push(
      current === "" ? { Action: "output", Output: text } : { Action: "output", Test: current, Output: text },
    );
  };
  // A line ends at "\n", and also right before a marker: a learner's print without a trailing
  // newline must not swallow the framing line that follows it.
  for (const segment of splitLines(raw)) {
    if (!segment.startsWith(MARK)) {
      output(segment);
      continue;
    }
    const body = segment.slice(1);
    const line = body.replace(/\r?\n$/, "");
    if (line === "PASS" || line === "FAIL" || line.startsWith("FAIL\t")) {
      current = "";
      events.push({ Action: line === "PASS" ? "pass" : "fail" });
      continue;
    }
    const update = UPDATE.exec(line);
    if (update !== null) {
      const action = (update[1] ?? "").toLowerCase();
      const rest = (update[2] ?? "").trim();
      // ATTR and ARTIFACTS carry data after the name: "=== ATTR  TestX key value".
      const name = action === "attr" || action === "artifacts" ? (rest.split(" ")[0] ?? "") : rest;
      current = name;
      if (action === "run" || action === "pause" || action === "cont") {
        events.push({ Action: action, Test: name });
      }
      continue;
    }
    const report = REPORT.exec(line.replace(/^(?: {4})+/, ""));
    if (report !== null) {
      const name = report[2] ?? "";
      current = name;
      const ev: TestEvent = { Action: (report[1] ?? "").toLowerCase(), Test: name };
      if (report[3] !== undefined) ev.Elapsed = Number(report[3]);
      events.push(ev);
      continue;
    }
    // A marker that frames nothing we know: keep the text as ordinary output.
    output(body);
  }
  return events;
}

/** How the test binary's run ended, as far as the host could tell. */
export type RunEnd = "exited" | "timeout" | "output" | "abort";

export interface Crash {
  /** Test the crash is attributed to, or null when it happened outside any test. */
  test: string | null;
  /** "panic: …" / "fatal error: …" plus the first frames of learner code. */
  summary: string;
  /** The crash text as printed (capped by the caller). */
  text: string;
  outOfMemory: boolean;
}

export interface FoldedRun {
  tests: TestCaseResult[];
  /** Output not attributed to any test. */
  output: string;
  crash: Crash | null;
  /** The binary's own final verdict line (PASS/FAIL), if it got that far. */
  final: "pass" | "fail" | null;
}

// Lines the testing package writes for its own bookkeeping; real test2json repeats them as output.
const FRAMING =
  /^\s*(?:=== (?:RUN|PAUSE|CONT|NAME|PASS|FAIL|SKIP|ATTR|ARTIFACTS)\b|--- (?:PASS|FAIL|SKIP|BENCH): )/;
const FINAL = /^(?:PASS|FAIL|FAIL\t.*|ok\s.*)$/;
// t.Log / t.Error line: four spaces, "file.go:line: message" (continuations are indented 4 more).
const LOG_LINE = /^((?: {4})+)([^\s:]+\.go):(\d+): ?(.*)$/;
const CRASH_START = /^(?:panic: |fatal error: |\[signal |SIGQUIT: |SIGABRT: )/;

interface Acc {
  name: string;
  status: TestStatus | "running";
  message: string[];
  output: string[];
  durationMs: number;
  /** Indentation of the log entry being continued, or -1 when the last line was not a log line. */
  logIndent: number;
}

/**
 * Condense a Go crash (panic or fatal error with goroutine dump) to its headline and the first
 * frames outside the runtime and testing packages, so the learner sees where their code failed.
 */
export function summarizeCrash(lines: readonly string[], maxFrames = 3): string {
  const head: string[] = [];
  let i = 0;
  for (; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (line.trim() === "" || /^goroutine \d+ \[/.test(line) || line === "runtime stack:") break;
    head.push(i === 0 ? line.replace(/\s*\[recovered(?:, repanicked)?\]$/, "") : line);
  }
  const frames: string[] = [];
  for (; i < lines.length && frames.length < maxFrames; i++) {
    const fn = lines[i] ?? "";
    const loc = lines[i + 1] ?? "";
    if (fn.startsWith("\t") || !loc.startsWith("\t")) continue;
    i++;
    const where = /^\t(.+?\.go):(\d+)/.exec(loc);
    if (where === null) continue;
    const rawFile = where[1] ?? "";
    const func = fn
      .replace(/^created by /, "")
      .replace(/ in goroutine \d+$/, "")
      .replace(/\(.*\)$/, "");
    // Built with -trimpath, the exercise package's files are "exercise/x.go"; the standard
    // library's frames (os.Exit, fmt…) say nothing the learner can act on.
    const ours = rawFile.startsWith("exercise/") || func.startsWith("exercise.");
    if (!ours) continue;
    frames.push(`    at ${func} (${rawFile.replace(/^exercise\//, "")}:${where[2]})`);
  }
  return [...head, ...frames].join("\n");
}

function isAncestorOrSelf(ancestor: string, name: string): boolean {
  return name === ancestor || name.startsWith(`${ancestor}/`);
}

export interface FoldOptions {
  /** Why the run ended; decides what unfinished tests become. */
  end: RunEnd;
  /** Exit status of the test binary, when known (named in the message of unfinished tests). */
  exitCode?: number | null;
}

/**
 * Fold test2json-style events into per-test rows (in run order), learner output outside tests,
 * and the crash if the binary died. Test-file log prefixes ("solution_test.go:12: ") are dropped
 * because the hidden test file is not visible to the learner anyway; learner-file prefixes stay.
 */
export function foldTestEvents(events: readonly TestEvent[], opts: FoldOptions): FoldedRun {
  const tests = new Map<string, Acc>();
  const pkgOutput: string[] = [];
  const crashLines: string[] = [];
  let crashTest: string | null = null;
  let inCrash = false;
  let final: "pass" | "fail" | null = null;

  const ensure = (name: string): Acc => {
    let t = tests.get(name);
    if (t === undefined) {
      t = { name, status: "running", message: [], output: [], durationMs: 0, logIndent: -1 };
      tests.set(name, t);
    }
    return t;
  };

  const onLine = (testName: string | undefined, line: string): void => {
    if (inCrash) {
      crashLines.push(line);
      return;
    }
    if (FRAMING.test(line) || (testName === undefined && FINAL.test(line))) return;
    if (CRASH_START.test(line)) {
      inCrash = true;
      crashTest = testName ?? null;
      crashLines.push(line);
      return;
    }
    if (testName === undefined || testName === "") {
      pkgOutput.push(line);
      return;
    }
    const t = ensure(testName);
    if (t.status !== "running") {
      // Printed by the testing package after the test's own report: an example's
      // "got:/want:" diff. It explains the failure, so it belongs to the message.
      t.message.push(line);
      return;
    }
    const log = LOG_LINE.exec(line);
    if (log !== null) {
      const file = log[2] ?? "";
      const text = log[4] ?? "";
      t.message.push(file.endsWith("_test.go") ? text : `${file}:${log[3]}: ${text}`);
      t.logIndent = (log[1] ?? "").length;
      return;
    }
    if (t.logIndent >= 0 && line.startsWith(" ".repeat(t.logIndent + 4))) {
      t.message.push(line.slice(t.logIndent + 4));
      return;
    }
    t.logIndent = -1;
    t.output.push(line);
  };

  for (const ev of events) {
    switch (ev.Action) {
      case "run":
        if (ev.Test) ensure(ev.Test);
        break;
      case "pass":
      case "fail":
      case "skip": {
        if (!ev.Test) {
          final = ev.Action === "skip" ? "pass" : ev.Action;
          break;
        }
        const t = ensure(ev.Test);
        t.status = ev.Action;
        t.logIndent = -1;
        if (ev.Elapsed !== undefined) t.durationMs = Math.round(ev.Elapsed * 1000);
        break;
      }
      case "output": {
        const text = ev.Output ?? "";
        const lines = text.endsWith("\n") ? text.slice(0, -1).split("\n") : text.split("\n");
        for (const line of lines) onLine(ev.Test, line.replace(/\r$/, ""));
        break;
      }
      default:
        break;
    }
  }

  const ordered = [...tests.values()];
  let crash: Crash | null = null;
  if (inCrash) {
    const summary = summarizeCrash(crashLines);
    const text = crashLines.join("\n");
    const outOfMemory = /out of memory|cannot allocate memory/.test(crashLines.slice(0, 3).join("\n"));
    // The test printing the crash is the last one reported; with subtests the parents report
    // FAIL after the child that actually panicked, so pick the latest-started unfinished or
    // failed test inside that family.
    let victim: Acc | undefined;
    const family = crashTest;
    for (const t of ordered) {
      if (family === null) {
        if (t.status === "running") victim = t;
      } else if (isAncestorOrSelf(family, t.name) && (t.status === "fail" || t.status === "running")) {
        victim = t;
      }
    }
    if (victim !== undefined) {
      victim.status = "error";
      victim.message.push(summary);
    }
    crash = { test: victim?.name ?? null, summary, text, outOfMemory };
    if (victim === undefined) pkgOutput.push(...crashLines);
  }

  const unfinished: Record<RunEnd, { status: TestStatus; message: string }> = {
    timeout: { status: "timeout", message: "did not finish before the time limit" },
    output: { status: "error", message: "stopped: the output limit was exceeded" },
    abort: { status: "error", message: "stopped: the runner was shut down" },
    exited: {
      status: "error",
      message:
        crash !== null
          ? "did not finish: the test binary crashed"
          : `did not finish: the program exited${typeof opts.exitCode === "number" ? ` with status ${opts.exitCode}` : ""} while this test was running (is os.Exit called?)`,
    },
  };
  const results: TestCaseResult[] = ordered.map((t) => {
    let status: TestStatus;
    if (t.status === "running") {
      status = unfinished[opts.end].status;
      t.message.push(unfinished[opts.end].message);
    } else {
      status = t.status;
    }
    return {
      name: t.name,
      status,
      message: t.message.join("\n"),
      output: t.output.join("\n"),
      durationMs: t.durationMs,
    };
  });
  return { tests: results, output: pkgOutput.join("\n"), crash, final };
}
