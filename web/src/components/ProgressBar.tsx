export function ProgressBar({
  percent,
  label,
  caption = label,
  className = "",
}: {
  percent: number;
  /** Accessible name of the progress bar. */
  label: string;
  /** Visible text above the bar, when it should be shorter than the accessible name. */
  caption?: string;
  className?: string;
}) {
  const value = Math.max(0, Math.min(100, Math.round(percent)));
  return (
    <div className={className}>
      <div className="mb-1 flex items-baseline justify-between text-sm">
        <span className="text-slate-600 dark:text-slate-400" aria-hidden="true">
          {caption}
        </span>
        <span className="font-semibold tabular-nums">{value}%</span>
      </div>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={value}
        className="h-2 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800"
      >
        <div
          className="h-full rounded-full bg-brand-600 transition-[width] duration-500 dark:bg-brand-400"
          style={{ width: `${value}%` }}
        />
      </div>
    </div>
  );
}
