import type { FoldedRun, RunEnd } from "./test-events.ts";
import type { RunnerLimits, TestCaseResult, VerdictStatus } from "./types.ts";

/** "1 MiB", "256 KiB", "512 bytes". */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return Number.isInteger(s) ? `${s} s` : `${s.toFixed(1)} s`;
}

/**
 * Keep at most `max` UTF-16 units of text, cutting at a line break when one is near, and say
 * how much was dropped so nobody mistakes a truncated log for the whole story.
 */
export function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.lastIndexOf("\n", max);
  if (cut < max * 0.8) cut = max;
  return `${text.slice(0, cut)}\n… (${text.length - cut} more characters not shown)`;
}

function listNames(names: readonly string[], max = 3): string {
  const shown = names.slice(0, max).join(", ");
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

const isBad = (t: TestCaseResult): boolean =>
  t.status === "fail" || t.status === "error" || t.status === "timeout";

/** Bad tests that are not bad only because a subtest was: the rows a learner should look at. */
function culprits(tests: readonly TestCaseResult[]): TestCaseResult[] {
  const bad = tests.filter(isBad);
  return bad.filter((t) => !bad.some((o) => o !== t && o.name.startsWith(`${t.name}/`)));
}

/** Rows with no subtests: what "N tests" means to a learner. */
function leafCount(tests: readonly TestCaseResult[]): number {
  return tests.filter((t) => !tests.some((o) => o.name.startsWith(`${t.name}/`))).length;
}

export interface RunOutcome {
  fold: FoldedRun;
  end: RunEnd;
  exitCode: number | null;
  /** Signal number that killed the test binary (directly, or as reported by bwrap's 128+n). */
  killedBySignal: number | null;
  limits: RunnerLimits;
}

/** How the Go runtime dies when RLIMIT_NPROC (or the pids cgroup) stops a new thread. */
const TOO_MANY_THREADS =
  /failed to create new OS thread|fatal error: newosproc|pthread_create failed|program exceeds \d+-thread limit/;
const SIGKILL = 9;
const SIGXCPU = 24;

/** Decide the verdict status and its one-sentence message from how the run went. */
export function judgeRun(o: RunOutcome): { status: VerdictStatus; message: string } {
  const { fold, limits } = o;
  const tests = fold.tests;
  const headline = fold.crash?.summary.split("\n")[0] ?? "";

  if (o.end === "output") {
    return {
      status: "output_exceeded",
      message: `Your program printed more than ${formatBytes(limits.outputBytes)} of output, so it was stopped.`,
    };
  }
  if (fold.crash?.outOfMemory) {
    return {
      status: "memory_exceeded",
      message: `Your program tried to use more than ${formatBytes(limits.memoryBytes)} of memory.`,
    };
  }
  if (o.end === "timeout") {
    const running = tests.filter((t) => t.status === "timeout").map((t) => t.name);
    const which = running.length > 0 ? ` (${listNames(running)} was still running)` : "";
    return {
      status: "timeout",
      message: `Your code did not finish within ${formatSeconds(limits.runMs)}${which}; look for an endless loop or a blocked channel.`,
    };
  }
  if (o.end === "abort") {
    return { status: "error", message: "The runner shut down before your code finished; please try again." };
  }
  if (o.killedBySignal === SIGKILL || o.killedBySignal === SIGXCPU) {
    return {
      status: "timeout",
      message: "Your program used more CPU time than allowed and was stopped.",
    };
  }
  if (fold.crash !== null && TOO_MANY_THREADS.test(fold.crash.text)) {
    return {
      status: "failed",
      message: `Your program started more processes or threads than allowed (${o.limits.processes}) and crashed; look for code that starts goroutines or commands in a loop.`,
    };
  }
  if (tests.length === 0) {
    if (fold.crash !== null) {
      return { status: "failed", message: `Your program crashed before any test ran: ${headline}` };
    }
    if (o.exitCode !== 0) {
      return {
        status: "failed",
        message: `The test program exited with status ${o.exitCode ?? "unknown"} before running any test.`,
      };
    }
    return { status: "failed", message: "No tests ran." };
  }
  const guilty = culprits(tests);
  if (guilty.length > 0) {
    const crashed = fold.crash?.test;
    if (crashed !== null && crashed !== undefined) {
      const others = guilty.filter((t) => t.name !== crashed).length;
      const more = others > 0 ? ` (${others} other test${others === 1 ? "" : "s"} failed too)` : "";
      return { status: "failed", message: `${crashed} crashed: ${headline}${more}` };
    }
    const n = guilty.length;
    return {
      status: "failed",
      message: `${n} test${n === 1 ? "" : "s"} failed: ${listNames(guilty.map((t) => t.name))}.`,
    };
  }
  if (fold.crash !== null) {
    return { status: "failed", message: `Your program crashed after the tests had run: ${headline}` };
  }
  if (o.exitCode !== 0 || fold.final === "fail") {
    return {
      status: "failed",
      message: `All tests passed, but the test program exited with status ${o.exitCode ?? "unknown"}.`,
    };
  }
  const total = leafCount(tests);
  const skipped = tests.filter((t) => t.status === "skip").length;
  const skipNote = skipped > 0 ? ` (${skipped} skipped)` : "";
  return {
    status: "passed",
    message: total === 1 ? `The test passed${skipNote}.` : `All ${total} tests passed${skipNote}.`,
  };
}

const TEST_FUNC = /^func\s+((?:Test|Fuzz)\w*)\s*\(\s*\w+\s+\*testing\.[TF]\s*\)/gm;
const EXAMPLE_FUNC = /^func\s+(Example\w*)\s*\(\s*\)\s*\{/gm;
const OUTPUT_COMMENT = /^\s*\/\/\s*(?:Unordered output|Output):/im;

/** `go test`'s rule for a name after its prefix: empty, or not starting with a lower-case letter. */
const validSuffix = (rest: string): boolean => rest === "" || !/^[a-z]/.test(rest);

/**
 * Top-level tests that `go test` runs from the (trusted) hidden test files: `func TestXxx(t
 * *testing.T)`, `func FuzzXxx(f *testing.F)` (its seed corpus runs as a test), and `func ExampleXxx()`
 * with an `// Output:` comment (examples without one are compiled, never run).
 */
export function expectedTestNames(testFiles: readonly { content: string }[]): string[] {
  const names = new Set<string>();
  for (const f of testFiles) {
    for (const m of f.content.matchAll(TEST_FUNC)) {
      const name = m[1] ?? "";
      if (validSuffix(name.slice(4))) names.add(name);
    }
    for (const m of f.content.matchAll(EXAMPLE_FUNC)) {
      const name = m[1] ?? "";
      // The body runs to the first line that is a lone closing brace (test files are gofmt-formatted).
      const start = (m.index ?? 0) + m[0].length;
      const end = f.content.indexOf("\n}", start);
      const body = f.content.slice(start, end === -1 ? undefined : end);
      if (validSuffix(name.slice(7)) && OUTPUT_COMMENT.test(body)) names.add(name);
    }
  }
  return [...names];
}

/**
 * Cross-check a run that would pass against what the trusted test files declare. Every declared
 * top-level test must have started once and reported PASS exactly once, and the binary's final
 * PASS line must appear once: a test that never ran fails, and output imitating the test2json
 * framing (extra `^V--- PASS` lines, a second final PASS) shows up as a duplicate and fails.
 * Returns the problem as a learner-facing sentence, or null when the run is consistent.
 */
export function forgedOrMissing(
  events: readonly { Action: string; Test?: string }[],
  expected: readonly string[],
): string | null {
  const runs = new Map<string, number>();
  const reports = new Map<string, { pass: number; other: number }>();
  let finals = 0;
  for (const ev of events) {
    if (ev.Test === undefined || ev.Test === "") {
      if (ev.Action === "pass" || ev.Action === "fail") finals++;
      continue;
    }
    const top = ev.Test.split("/")[0] ?? ev.Test;
    if (ev.Action === "run" && top === ev.Test) runs.set(top, (runs.get(top) ?? 0) + 1);
    if ((ev.Action === "pass" || ev.Action === "fail" || ev.Action === "skip") && top === ev.Test) {
      const r = reports.get(top) ?? { pass: 0, other: 0 };
      if (ev.Action === "pass") r.pass++;
      else r.other++;
      reports.set(top, r);
    }
  }
  const count = (n: string): number => (reports.get(n)?.pass ?? 0) + (reports.get(n)?.other ?? 0);
  const missing = expected.filter((n) => count(n) === 0);
  if (missing.length > 0) {
    return `Not every test ran (${listNames(missing)} never reported a result), so the run cannot pass.`;
  }
  const doubled = [...reports.keys()].filter((n) => count(n) > 1 || (runs.get(n) ?? 0) > 1);
  if (doubled.length > 0 || finals > 1) {
    const which = doubled.length > 0 ? ` (${listNames(doubled)})` : "";
    return `The output contains test results that the test program did not produce${which}; printing test framing (\\x16, "--- PASS") is not allowed, so the run cannot pass.`;
  }
  const unknown = [...reports.keys()].filter((n) => !expected.includes(n));
  if (expected.length > 0 && unknown.length > 0) {
    return `The output reports tests that do not exist (${listNames(unknown)}), so the run cannot pass.`;
  }
  return null;
}
