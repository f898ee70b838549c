import { useNavigate } from "@tanstack/react-router";
import type { MouseEvent } from "react";
import { formatDateTime, formatRelative } from "../lib/format.ts";
import { KIND_LABELS, safeLink, useMarkRead } from "../notifications.ts";
import type { Notification, NotificationKind } from "../types.ts";
import { Icon, type IconName, Spinner } from "./Icon.tsx";

const KIND_ICON: Record<NotificationKind, IconName> = {
  course_completed: "book",
  achievement_unlocked: "trophy",
  mention: "users",
  weekly_digest: "history",
};

const KIND_TINT: Record<NotificationKind, string> = {
  course_completed: "bg-emerald-100 text-emerald-700 dark:bg-emerald-900/50 dark:text-emerald-300",
  achievement_unlocked: "bg-amber-100 text-amber-700 dark:bg-amber-900/50 dark:text-amber-300",
  mention: "bg-brand-100 text-brand-800 dark:bg-brand-950 dark:text-brand-200",
  weekly_digest: "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300",
};

/**
 * One notification: kind icon, title, body and time; unread ones carry a dot and a "Mark read"
 * button. Following its link marks it read too. `compact` is the bell's dropdown.
 */
export function NotificationItem({
  notification: n,
  compact = false,
  onFollow,
}: {
  notification: Notification;
  compact?: boolean;
  /** After the link was followed (the dropdown closes itself). */
  onFollow?: () => void;
}) {
  const markRead = useMarkRead();
  const navigate = useNavigate();
  const unread = n.readAt === null;
  const link = safeLink(n.link);

  const follow = (e: MouseEvent<HTMLAnchorElement>) => {
    if (unread) markRead.mutate(n.id);
    // New-tab and new-window clicks stay the browser's; the notification is still marked read.
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || !link) return;
    e.preventDefault();
    onFollow?.();
    void navigate({ href: link });
  };

  const text = (
    <>
      <span
        className={`block font-medium ${compact ? "text-sm" : ""} ${unread ? "" : "text-slate-700 dark:text-slate-300"}`}
      >
        {n.title}
      </span>
      <span
        className={`mt-0.5 block text-sm text-slate-600 dark:text-slate-400 ${compact ? "line-clamp-2" : ""}`}
      >
        {n.body}
      </span>
    </>
  );

  return (
    <li
      data-unread={unread}
      data-kind={n.kind}
      className={`flex items-start gap-3 ${compact ? "px-4 py-3" : "p-4"} ${
        unread ? "bg-brand-50/60 dark:bg-brand-950/30" : ""
      }`}
    >
      <span className={`grid size-9 shrink-0 place-items-center rounded-full ${KIND_TINT[n.kind]}`}>
        <Icon name={KIND_ICON[n.kind]} className="size-4" title={KIND_LABELS[n.kind]} />
      </span>
      <div className="min-w-0 flex-1">
        {link ? (
          <a
            href={link}
            onClick={follow}
            onAuxClick={(e) => {
              if (e.button === 1 && unread) markRead.mutate(n.id);
            }}
            className="rounded hover:underline"
          >
            {text}
          </a>
        ) : (
          text
        )}
        <p className="mt-1 flex items-center gap-2 text-xs text-slate-500 dark:text-slate-400">
          {unread ? (
            <span className="inline-flex items-center gap-1 font-semibold text-brand-700 dark:text-brand-300">
              <span className="size-2 rounded-full bg-brand-600 dark:bg-brand-400" aria-hidden="true" />
              Unread
            </span>
          ) : null}
          <time dateTime={n.createdAt} title={formatDateTime(n.createdAt)}>
            {formatRelative(n.createdAt)}
          </time>
        </p>
      </div>
      {unread ? (
        <button
          type="button"
          className="btn-ghost shrink-0 px-2 py-1 text-xs"
          onClick={() => markRead.mutate(n.id)}
          disabled={markRead.isPending}
          aria-label={`Mark read: ${n.title}`}
          title="Mark read"
        >
          {markRead.isPending ? <Spinner className="size-4" /> : <Icon name="check" className="size-4" />}
          {compact ? null : <span>Mark read</span>}
        </button>
      ) : null}
    </li>
  );
}
