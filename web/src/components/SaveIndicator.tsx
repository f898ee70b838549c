import type { ReactNode } from "react";
import { formatRelative } from "../lib/format.ts";
import type { SaveStatus } from "../lib/useDraftAutosave.ts";
import { Icon, Spinner } from "./Icon.tsx";

export function SaveIndicator({ status }: { status: SaveStatus }) {
  let content: ReactNode;
  let tone = "text-slate-500 dark:text-slate-400";
  let title: string | undefined;
  switch (status.kind) {
    case "idle":
      content = "Starter code";
      break;
    case "pending":
    case "saving":
      content = (
        <>
          <Spinner className="size-3.5" /> Saving…
        </>
      );
      break;
    case "saved":
      content = (
        <>
          <Icon name="check" className="size-3.5" strokeWidth={3} /> Saved
        </>
      );
      title = status.at ? `Saved ${formatRelative(status.at)}` : undefined;
      tone = "text-emerald-700 dark:text-emerald-400";
      break;
    case "retrying":
      content = (
        <>
          <Icon name="alert" className="size-3.5" /> Not saved — retrying
        </>
      );
      title = `${status.error.message} Your code is kept in this browser meanwhile.`;
      tone = "text-amber-700 dark:text-amber-400";
      break;
    case "failed":
      content = (
        <>
          <Icon name="alert" className="size-3.5" /> Not saved
        </>
      );
      title = `${status.error.message} Your code is kept in this browser.`;
      tone = "text-red-700 dark:text-red-400";
      break;
    case "local":
      content = "Saved in this browser";
      title = "Log in to save your code to your account.";
      break;
  }
  return (
    <p role="status" className={`flex items-center gap-1.5 text-xs font-medium ${tone}`} title={title}>
      {content}
      {title && (status.kind === "retrying" || status.kind === "failed") ? (
        <span className="sr-only">{title}</span>
      ) : null}
    </p>
  );
}
