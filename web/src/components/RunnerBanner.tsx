import type { RunnerPublicStatus } from "../types.ts";
import { Icon } from "./Icon.tsx";

/** Explains why tests cannot run on this server (no Go toolchain, no sandbox…). */
export function RunnerBanner({ status }: { status: RunnerPublicStatus }) {
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
