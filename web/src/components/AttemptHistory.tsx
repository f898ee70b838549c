import { useQuery } from "@tanstack/react-query";
import { api } from "../api.ts";
import { formatDateTime, formatRelative } from "../lib/format.ts";
import { qk } from "../queries.ts";
import type { VerdictStatus } from "../types.ts";
import { Icon } from "./Icon.tsx";
import { ErrorNotice, Loading } from "./Status.tsx";

const statusLabel: Record<VerdictStatus, string> = {
  passed: "Passed",
  failed: "Failed",
  compile_error: "Compile error",
  timeout: "Timed out",
  memory_exceeded: "Out of memory",
  output_exceeded: "Too much output",
  error: "Error",
};

export function AttemptHistory({
  exerciseId,
  selectedId,
  onSelect,
}: {
  exerciseId: string;
  selectedId: string | null;
  onSelect(attemptId: string): void;
}) {
  const attempts = useQuery({ queryKey: qk.attempts(exerciseId), queryFn: () => api.attempts(exerciseId) });
  const list = [...(attempts.data?.attempts ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt));

  return (
    <section aria-labelledby="history-heading" className="card p-5">
      <h2 id="history-heading" className="flex items-center gap-2 font-semibold">
        <Icon name="history" className="size-5 text-slate-400" /> Your attempts
      </h2>
      {attempts.isPending ? (
        <Loading label="Loading attempts…" className="py-4" />
      ) : attempts.isError ? (
        <ErrorNotice error={attempts.error} title="Could not load your attempts" className="mt-3" />
      ) : list.length === 0 ? (
        <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">
          No attempts yet. Run the tests to make one.
        </p>
      ) : (
        <ol className="mt-3 max-h-72 space-y-1 overflow-y-auto">
          {list.map((a) => {
            const selected = a.id === selectedId;
            return (
              <li key={a.id}>
                <button
                  type="button"
                  aria-pressed={selected}
                  onClick={() => onSelect(a.id)}
                  className={`flex w-full items-center gap-3 rounded-lg px-3 py-2 text-left text-sm ${
                    selected
                      ? "bg-brand-50 ring-1 ring-brand-500 dark:bg-brand-950/50"
                      : "hover:bg-slate-100 dark:hover:bg-slate-800"
                  }`}
                >
                  <span
                    className={`grid size-5 shrink-0 place-items-center rounded-full ${
                      a.passed
                        ? "bg-emerald-600 text-white dark:bg-emerald-500 dark:text-slate-950"
                        : "bg-red-600 text-white dark:bg-red-500 dark:text-slate-950"
                    }`}
                  >
                    <Icon name={a.passed ? "check" : "x"} className="size-3" strokeWidth={3} />
                  </span>
                  <span className="flex-1">
                    <span className="font-medium">{statusLabel[a.status]}</span>
                    {a.testsTotal ? (
                      <span className="text-slate-500 dark:text-slate-400">
                        {" "}
                        · {a.testsPassed}/{a.testsTotal} tests
                      </span>
                    ) : null}
                  </span>
                  <time
                    dateTime={a.createdAt}
                    title={formatDateTime(a.createdAt)}
                    className="text-xs text-slate-500 dark:text-slate-400"
                  >
                    {formatRelative(a.createdAt)}
                  </time>
                </button>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
