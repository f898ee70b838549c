import { formatDuration } from "../lib/format.ts";
import type { CompileDiagnostic, TestCaseResult, TestStatus, Verdict, VerdictStatus } from "../types.ts";
import { Icon, type IconName } from "./Icon.tsx";

const testLook: Record<TestStatus, { icon: IconName; label: string; tone: string }> = {
  pass: {
    icon: "check",
    label: "Passed",
    tone: "bg-emerald-600 text-white dark:bg-emerald-500 dark:text-slate-950",
  },
  fail: { icon: "x", label: "Failed", tone: "bg-red-600 text-white dark:bg-red-500 dark:text-slate-950" },
  error: {
    icon: "alert",
    label: "Error",
    tone: "bg-orange-500 text-white dark:bg-orange-400 dark:text-slate-950",
  },
  timeout: {
    icon: "clock",
    label: "Timed out",
    tone: "bg-amber-500 text-white dark:bg-amber-400 dark:text-slate-950",
  },
  skip: { icon: "skip", label: "Skipped", tone: "bg-slate-400 text-white dark:bg-slate-600" },
};

const headline: Record<VerdictStatus, string> = {
  passed: "All tests passed",
  failed: "Some tests failed",
  compile_error: "Your code doesn't compile yet",
  timeout: "Time limit exceeded",
  memory_exceeded: "Memory limit exceeded",
  output_exceeded: "Too much output",
  error: "The tests could not be run",
};

/**
 * The rows worth showing: a parent test that only groups subtests (TestHello → TestHello/case) adds
 * nothing unless it failed on its own, with a message or output of its own.
 */
export function visibleTests(tests: TestCaseResult[]): TestCaseResult[] {
  return tests.filter((t) => {
    const isParent = tests.some((o) => o.name.startsWith(`${t.name}/`));
    return !isParent || Boolean(t.message || t.output);
  });
}

const normalize = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();

export function summarizeVerdict(v: Verdict): string {
  const shown = visibleTests(v.tests);
  const total = shown.length;
  const passed = shown.filter((t) => t.status === "pass").length;
  if (v.status === "passed") return total ? `All ${total} tests passed` : headline.passed;
  if (v.status === "failed" && total) return `${passed} of ${total} tests passed`;
  return headline[v.status];
}

/** "TestHello/empty_name" → a muted "TestHello ›" and a readable "empty name"; the full name stays in the title. */
function TestName({ name }: { name: string }) {
  const parts = name.split("/");
  const leaf = parts.pop() ?? name;
  return (
    <span className="min-w-0 flex-1 truncate text-sm" title={name}>
      {parts.length ? (
        <span className="font-mono text-xs text-slate-500 dark:text-slate-400">{parts.join(" › ")} › </span>
      ) : null}
      <span className={parts.length ? "font-medium" : "font-mono"}>
        {parts.length ? leaf.replaceAll("_", " ") : leaf}
      </span>
    </span>
  );
}

function TestRow({ test }: { test: TestCaseResult }) {
  const look = testLook[test.status];
  return (
    <li className="px-4 py-3">
      <div className="flex items-center gap-3">
        <span className={`grid size-6 shrink-0 place-items-center rounded-full ${look.tone}`}>
          <Icon name={look.icon} className="size-3.5" strokeWidth={3} title={look.label} />
        </span>
        <TestName name={test.name} />
        <span className="shrink-0 text-xs text-slate-500 tabular-nums dark:text-slate-400">
          {formatDuration(test.durationMs)}
        </span>
      </div>
      {test.message ? (
        <pre className="mt-2 ml-9 overflow-x-auto rounded-lg bg-red-50 p-3 font-mono text-xs leading-5 whitespace-pre-wrap text-red-900 dark:bg-red-950/40 dark:text-red-100">
          {test.message}
        </pre>
      ) : null}
      {test.output ? (
        <details className="mt-2 ml-9 group">
          <summary className="cursor-pointer text-xs font-medium text-slate-600 select-none hover:text-slate-900 dark:text-slate-400 dark:hover:text-white">
            Your output ({test.output.split("\n").filter(Boolean).length} lines)
          </summary>
          <pre className="mt-1 max-h-60 overflow-auto rounded-lg bg-slate-100 p-3 font-mono text-xs leading-5 whitespace-pre-wrap dark:bg-slate-800">
            {test.output}
          </pre>
        </details>
      ) : null}
    </li>
  );
}

function CompileErrors({
  errors,
  onReveal,
}: {
  errors: CompileDiagnostic[];
  onReveal?: (d: CompileDiagnostic) => void;
}) {
  return (
    <ul aria-label="Compile errors" className="divide-y divide-slate-200 dark:divide-slate-800">
      {errors.map((d, i) => (
        <li
          // biome-ignore lint/suspicious/noArrayIndexKey: the compiler can report the same position twice; the list is static.
          key={`${d.file}:${d.line}:${d.column}:${i}`}
          className="flex flex-col gap-1 px-4 py-3 sm:flex-row sm:gap-3"
        >
          {onReveal ? (
            <button
              type="button"
              onClick={() => onReveal(d)}
              className="shrink-0 text-left font-mono text-xs font-semibold text-brand-700 hover:underline dark:text-brand-300"
              aria-label={`Go to ${d.file} line ${d.line}`}
            >
              {d.file}:{d.line}:{d.column}
            </button>
          ) : (
            <span className="shrink-0 font-mono text-xs font-semibold">
              {d.file}:{d.line}:{d.column}
            </span>
          )}
          <span className="font-mono text-xs text-red-800 dark:text-red-300">{d.message}</span>
        </li>
      ))}
    </ul>
  );
}

export function VerdictPanel({
  verdict,
  onReveal,
}: {
  verdict: Verdict;
  onReveal?: (d: CompileDiagnostic) => void;
}) {
  const ok = verdict.status === "passed";
  const tests = visibleTests(verdict.tests);
  const summary = summarizeVerdict(verdict);
  return (
    <div>
      <div
        className={`flex items-start gap-3 px-4 py-4 ${
          ok
            ? "bg-emerald-50 text-emerald-900 dark:bg-emerald-950/40 dark:text-emerald-100"
            : "bg-red-50 text-red-900 dark:bg-red-950/40 dark:text-red-100"
        }`}
      >
        <span
          className={`grid size-8 shrink-0 place-items-center rounded-full ${
            ok
              ? "bg-emerald-600 text-white dark:bg-emerald-500 dark:text-slate-950"
              : "bg-red-600 text-white dark:bg-red-500 dark:text-slate-950"
          }`}
        >
          <Icon name={ok ? "check" : "x"} className="size-5" strokeWidth={3} />
        </span>
        <div className="min-w-0">
          <p className="font-semibold">{summary}</p>
          {verdict.message && normalize(verdict.message) !== normalize(summary) ? (
            <p className="mt-0.5 text-sm whitespace-pre-wrap">{verdict.message}</p>
          ) : null}
          <p className="mt-1 text-xs opacity-75">
            {formatDuration(verdict.durationMs)}
            {verdict.cached ? " · same code as a previous run, result reused" : ""}
          </p>
        </div>
      </div>

      {verdict.compileErrors.length ? (
        <CompileErrors errors={verdict.compileErrors} onReveal={onReveal} />
      ) : null}

      {tests.length ? (
        <ul aria-label="Test results" className="divide-y divide-slate-200 dark:divide-slate-800">
          {tests.map((t) => (
            <TestRow key={t.name} test={t} />
          ))}
        </ul>
      ) : null}

      {verdict.output ? (
        <details className="border-t border-slate-200 px-4 py-3 dark:border-slate-800">
          <summary className="cursor-pointer text-xs font-medium text-slate-600 select-none dark:text-slate-400">
            Program output not tied to a test
          </summary>
          <pre className="mt-2 max-h-60 overflow-auto rounded-lg bg-slate-100 p-3 font-mono text-xs leading-5 whitespace-pre-wrap dark:bg-slate-800">
            {verdict.output}
          </pre>
        </details>
      ) : null}
    </div>
  );
}
