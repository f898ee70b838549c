import { formatDateTime } from "../lib/format.ts";
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

/** A live page's title with its connection badge, a one-line lead and the time of its figures. */
export function LiveHeading({
  title,
  lead,
  asOf,
}: {
  title: string;
  lead: string;
  asOf: string | undefined;
}) {
  return (
    <>
      <div className="mt-2 flex flex-wrap items-center gap-3">
        <h1 className="text-3xl font-bold tracking-tight">{title}</h1>
        <LiveBadge />
      </div>
      <p className="mt-1 text-slate-600 dark:text-slate-400">
        {lead}
        {asOf ? <span className="text-sm"> Figures as of {formatDateTime(asOf)}.</span> : null}
      </p>
    </>
  );
}
