import type { KeyboardEvent, Ref } from "react";
import { arrowTarget } from "../lib/tabs.ts";

/**
 * The file tabs above an editor (WAI-ARIA tabs: arrow keys move between them), or the one file's
 * name when there is only one. The editor below is the tab panel `${id}-panel`.
 */
export function FileTabs({
  id,
  names,
  active,
  onSelect,
}: {
  id: string;
  names: string[];
  active: string;
  onSelect(name: string): void;
}) {
  const onKey = (e: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const next = arrowTarget(e.key, index, names);
    if (next === undefined) return;
    e.preventDefault();
    onSelect(next);
    document.getElementById(`${id}-tab-${next}`)?.focus();
  };
  if (names.length <= 1)
    return (
      <div className="border-b border-slate-200 bg-slate-50 px-4 py-2 font-mono text-xs text-slate-600 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-400">
        {active}
      </div>
    );
  return (
    <div
      role="tablist"
      aria-label="Files"
      className="flex gap-1 overflow-x-auto border-b border-slate-200 bg-slate-50 px-2 pt-2 dark:border-slate-800 dark:bg-slate-900"
    >
      {names.map((name, i) => (
        <button
          key={name}
          id={`${id}-tab-${name}`}
          type="button"
          role="tab"
          aria-selected={name === active}
          aria-controls={`${id}-panel`}
          tabIndex={name === active ? 0 : -1}
          onClick={() => onSelect(name)}
          onKeyDown={(e) => onKey(e, i)}
          className={`rounded-t-lg border border-b-0 px-3 py-1.5 font-mono text-xs ${
            name === active
              ? "border-slate-200 bg-white text-slate-900 dark:border-slate-700 dark:bg-[#0b1220] dark:text-white"
              : "border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-white"
          }`}
        >
          {name}
        </button>
      ))}
    </div>
  );
}

/** The editor area under FileTabs: a tab panel when there are several files. */
export function FilePanel({
  id,
  names,
  active,
  panelRef,
  testId,
}: {
  id: string;
  names: string[];
  active: string;
  panelRef: Ref<HTMLDivElement>;
  testId?: string;
}) {
  return (
    // biome-ignore lint/a11y/useAriaPropsSupportedByRole: labelled only when it is a tabpanel (several files).
    <div
      id={`${id}-panel`}
      role={names.length > 1 ? "tabpanel" : undefined}
      aria-labelledby={names.length > 1 ? `${id}-tab-${active}` : undefined}
      ref={panelRef}
      data-testid={testId}
      className="min-h-0 flex-1 overflow-hidden"
    />
  );
}
