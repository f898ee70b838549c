import type { ReactNode } from "react";
import { isApiError } from "../api.ts";
import { Icon, Spinner } from "./Icon.tsx";

export function Loading({ label = "Loading…", className = "" }: { label?: string; className?: string }) {
  return (
    <div
      role="status"
      className={`flex items-center gap-3 py-10 text-slate-600 dark:text-slate-400 ${className}`}
    >
      <Spinner className="size-5" />
      <span>{label}</span>
    </div>
  );
}

/** Shows what went wrong, with the server's request id so a report can be traced in the logs. */
export function ErrorNotice({
  error,
  title = "Something went wrong",
  onRetry,
  className = "",
}: {
  error: unknown;
  title?: string;
  onRetry?: () => void;
  className?: string;
}) {
  const message = error instanceof Error ? error.message : String(error);
  const requestId = isApiError(error) ? error.requestId : null;
  const code = isApiError(error) ? error.code : null;
  return (
    <div
      role="alert"
      className={`rounded-xl border border-red-200 bg-red-50 p-4 text-sm text-red-900 dark:border-red-900/60 dark:bg-red-950/40 dark:text-red-100 ${className}`}
    >
      <div className="flex items-start gap-3">
        <Icon name="alert" className="mt-0.5 size-5 shrink-0 text-red-600 dark:text-red-400" />
        <div className="min-w-0 flex-1">
          <p className="font-semibold">{title}</p>
          <p className="mt-1 break-words">{message}</p>
          {requestId || code ? (
            <p className="mt-2 text-xs text-red-800/80 dark:text-red-200/70">
              {code ? <span>Code: {code}</span> : null}
              {code && requestId ? " · " : null}
              {requestId ? (
                <span>
                  Request ID: <span className="font-mono select-all">{requestId}</span>
                </span>
              ) : null}
            </p>
          ) : null}
          {onRetry ? (
            <button type="button" onClick={onRetry} className="btn-secondary mt-3 py-1.5">
              Try again
            </button>
          ) : null}
        </div>
      </div>
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="rounded-xl border border-dashed border-slate-300 p-8 text-center dark:border-slate-700">
      <p className="font-semibold text-slate-800 dark:text-slate-200">{title}</p>
      {children ? <div className="mt-2 text-sm text-slate-600 dark:text-slate-400">{children}</div> : null}
    </div>
  );
}
