import type { RunnerPublicStatus } from "../types.ts";
import { Icon } from "./Icon.tsx";

/**
 * Explains why tests cannot run on this server (no Go toolchain, no sandbox…), or, quietly, that
 * they run without a sandbox (allowed only on loopback: one learner on their own machine).
 */
export function RunnerBanner({ status }: { status: RunnerPublicStatus }) {
  if (status.canRun && status.sandbox === "none") {
    return (
      <p
        role="note"
        className="flex items-center gap-2 rounded-lg border border-slate-200 px-3 py-2 text-xs text-slate-600 dark:border-slate-700 dark:text-slate-300"
      >
        <Icon name="alert" className="size-4 shrink-0 text-slate-400" />
        {status.message}
      </p>
    );
  }
  if (status.canRun) return null;
  return (
    <div
      role="alert"
      className="flex items-start gap-3 rounded-xl border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950 dark:border-amber-700/60 dark:bg-amber-950/40 dark:text-amber-100"
    >
      <Icon name="alert" className="mt-0.5 size-5 shrink-0 text-amber-600 dark:text-amber-400" />
      <div>
        <p className="font-semibold">Tests can't run on this server right now</p>
        <p className="mt-1">{status.message}</p>
      </div>
    </div>
  );
}
