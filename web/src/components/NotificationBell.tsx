import { Link, useRouterState } from "@tanstack/react-router";
import { useEffect, useId, useRef, useState } from "react";
import { plural } from "../lib/format.ts";
import { useLiveStatus } from "../live.ts";
import {
  useMarkAllRead,
  useNotificationList,
  useNotificationsLive,
  useUnreadCount,
} from "../notifications.ts";
import { Icon, Spinner } from "./Icon.tsx";
import { NotificationItem } from "./NotificationItem.tsx";
import { ErrorNotice } from "./Status.tsx";

/** How many of the newest notifications the dropdown shows; the inbox page has the rest. */
const PREVIEW = 6;

/**
 * The header bell: unread count from the API, then live from the socket (announced politely to
 * screen readers), and a dropdown with the newest notifications.
 */
export function NotificationBell() {
  const unread = useUnreadCount();
  const count = unread.data ?? 0;
  const [open, setOpen] = useState(false);
  const [announcement, setAnnouncement] = useState("");
  const panelId = useId();
  const headingId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const liveStatus = useLiveStatus();

  useNotificationsLive((change) => {
    const n = change.notification;
    const left =
      change.unread === 0 ? "No unread notifications." : `${plural(change.unread, "unread notification")}.`;
    setAnnouncement(n && n.readAt === null ? `New notification: ${n.title}. ${left}` : left);
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: pathname is the trigger.
  useEffect(() => setOpen(false), [pathname]);

  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (e.target instanceof Node && !rootRef.current?.contains(e.target)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setOpen(false);
      buttonRef.current?.focus();
    };
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  const label = count > 0 ? `Notifications, ${count} unread` : "Notifications";

  return (
    <div ref={rootRef} className="relative">
      <button
        ref={buttonRef}
        type="button"
        className="btn-ghost relative px-2.5"
        aria-label={label}
        title={label}
        aria-expanded={open}
        aria-controls={panelId}
        data-unread={count}
        data-live-status={liveStatus}
        onClick={() => setOpen((o) => !o)}
      >
        <Icon name="bell" className="size-5" />
        {count > 0 ? (
          <span
            aria-hidden="true"
            className="absolute top-0.5 right-0.5 grid h-[1.125rem] min-w-[1.125rem] place-items-center rounded-full bg-red-600 px-1 text-[0.6875rem] leading-none font-bold text-white tabular-nums ring-2 ring-white dark:bg-red-500 dark:ring-slate-950"
          >
            {count > 99 ? "99+" : count}
          </span>
        ) : null}
      </button>
      <span role="status" aria-live="polite" className="sr-only">
        {announcement}
      </span>
      {open ? (
        <section
          id={panelId}
          aria-labelledby={headingId}
          className="card fixed inset-x-3 top-16 z-40 overflow-hidden shadow-xl sm:absolute sm:inset-x-auto sm:top-full sm:right-0 sm:mt-2 sm:w-[24rem]"
        >
          <BellPanel headingId={headingId} count={count} onFollow={() => setOpen(false)} />
        </section>
      ) : null}
    </div>
  );
}

function BellPanel({
  headingId,
  count,
  onFollow,
}: {
  headingId: string;
  count: number;
  onFollow: () => void;
}) {
  const list = useNotificationList();
  const markAll = useMarkAllRead();
  const items = list.data?.pages.flatMap((p) => p.notifications).slice(0, PREVIEW) ?? [];

  return (
    <>
      <div className="flex items-center justify-between gap-2 border-b border-slate-200 px-4 py-3 dark:border-slate-800">
        <h2 id={headingId} className="font-semibold">
          Notifications
        </h2>
        <button
          type="button"
          className="btn-ghost px-2 py-1 text-xs"
          onClick={() => markAll.mutate()}
          disabled={count === 0 || markAll.isPending}
        >
          {markAll.isPending ? <Spinner /> : <Icon name="checkAll" className="size-4" />}
          Mark all read
        </button>
      </div>
      <div className="max-h-[min(26rem,calc(100dvh-10rem))] overflow-y-auto">
        {list.isPending ? (
          <p className="flex items-center gap-2 px-4 py-6 text-sm text-slate-600 dark:text-slate-400">
            <Spinner /> Loading notifications…
          </p>
        ) : list.isError ? (
          <ErrorNotice
            error={list.error}
            title="Could not load notifications"
            onRetry={() => list.refetch()}
            className="m-3"
          />
        ) : items.length === 0 ? (
          <p className="px-4 py-8 text-center text-sm text-slate-600 dark:text-slate-400">
            Nothing yet. Finish exercises and courses to hear from us here.
          </p>
        ) : (
          <ul aria-label="Newest notifications" className="divide-y divide-slate-200 dark:divide-slate-800">
            {items.map((n) => (
              <NotificationItem key={n.id} notification={n} compact onFollow={onFollow} />
            ))}
          </ul>
        )}
      </div>
      <div className="flex items-center justify-between gap-2 border-t border-slate-200 px-4 py-2.5 text-sm dark:border-slate-800">
        <Link to="/notifications" className="link">
          See all notifications
        </Link>
        <Link to="/notifications/settings" className="btn-ghost px-2 py-1 text-xs">
          <Icon name="sliders" className="size-4" />
          Settings
        </Link>
      </div>
    </>
  );
}
