import { type LiveStatus, useLiveStatus } from "../live.ts";

const LOOK: Record<LiveStatus, { label: string; dot: string; text: string }> = {
  live: {
    label: "Live",
    dot: "bg-emerald-500 animate-pulse",
    text: "bg-emerald-50 text-emerald-800 dark:bg-emerald-950/50 dark:text-emerald-300",
  },
  connecting: {
    label: "Connecting…",
    dot: "bg-slate-400",
    text: "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300",
  },
  reconnecting: {
    label: "Reconnecting…",
    dot: "bg-amber-500",
    text: "bg-amber-50 text-amber-800 dark:bg-amber-950/50 dark:text-amber-300",
  },
  idle: {
    label: "Not live",
    dot: "bg-slate-400",
    text: "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300",
  },
};

/** Whether the page's live connection is up (updates arrive as they happen) or being re-established. */
export function LiveBadge() {
  const status = useLiveStatus();
  const look = LOOK[status];
  return (
    <span className={`badge gap-1.5 px-2.5 py-1 ${look.text}`} data-live-status={status} title="Live updates">
      <span className={`size-2 rounded-full ${look.dot}`} aria-hidden="true" />
      {look.label}
    </span>
  );
}
