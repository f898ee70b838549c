import { Link } from "@tanstack/react-router";
import { useState } from "react";
import { useAuth } from "../auth.tsx";
import { Icon, Spinner } from "../components/Icon.tsx";
import { Page } from "../components/Layout.tsx";
import { NotificationItem } from "../components/NotificationItem.tsx";
import { EmptyState, ErrorNotice, Loading } from "../components/Status.tsx";
import { plural } from "../lib/format.ts";
import { useDocumentTitle } from "../lib/useDocumentTitle.ts";
import {
  KIND_HINTS,
  KIND_LABELS,
  useMarkAllRead,
  useNotificationList,
  useNotificationPreferences,
  useSaveNotificationPreference,
  useUnreadCount,
} from "../notifications.ts";
import type { NotificationPreference } from "../types.ts";

function SignInFirst({ title, redirect }: { title: string; redirect: string }) {
  return (
    <Page>
      <h1 className="text-2xl font-bold">{title}</h1>
      <p className="mt-3 text-slate-600 dark:text-slate-400">
        <Link to="/login" search={{ redirect }} className="link">
          Log in
        </Link>{" "}
        to see your notifications.
      </p>
    </Page>
  );
}

export function NotificationsPage() {
  useDocumentTitle("Notifications");
  const { user } = useAuth();
  if (!user) return <SignInFirst title="Notifications" redirect="/notifications" />;
  return <Inbox />;
}

function Inbox() {
  const list = useNotificationList();
  const unread = useUnreadCount();
  const markAll = useMarkAllRead();
  const count = unread.data ?? 0;
  const items = list.data?.pages.flatMap((p) => p.notifications) ?? [];

  return (
    <Page>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-3xl font-bold tracking-tight">Notifications</h1>
          <p className="mt-1 text-slate-600 dark:text-slate-400" data-unread={count}>
            {unread.isPending
              ? "\u00a0"
              : count === 0
                ? "You're all caught up."
                : `${plural(count, "unread notification")}.`}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <button
            type="button"
            className="btn-secondary"
            onClick={() => markAll.mutate()}
            disabled={count === 0 || markAll.isPending}
          >
            {markAll.isPending ? <Spinner /> : <Icon name="checkAll" className="size-4" />}
            Mark all read
          </button>
          <Link to="/notifications/settings" className="btn-secondary">
            <Icon name="sliders" className="size-4" />
            Settings
          </Link>
        </div>
      </div>
      {markAll.isError ? (
        <ErrorNotice error={markAll.error} title="Could not mark everything read" className="mt-4" />
      ) : null}

      <div className="mt-6">
        {list.isPending ? (
          <Loading label="Loading notifications…" />
        ) : list.isError && !list.data ? (
          <ErrorNotice
            error={list.error}
            title="Could not load notifications"
            onRetry={() => list.refetch()}
          />
        ) : items.length === 0 ? (
          <EmptyState title="No notifications yet">
            Finished courses, unlocked achievements and your weekly digest show up here.
          </EmptyState>
        ) : (
          <>
            <ul
              aria-label="Notifications"
              className="card divide-y divide-slate-200 overflow-hidden dark:divide-slate-800"
            >
              {items.map((n) => (
                <NotificationItem key={n.id} notification={n} />
              ))}
            </ul>
            {list.hasNextPage ? (
              <div className="mt-4 flex justify-center">
                <button
                  type="button"
                  className="btn-secondary"
                  onClick={() => list.fetchNextPage()}
                  disabled={list.isFetchingNextPage}
                >
                  {list.isFetchingNextPage ? <Spinner /> : null}
                  {list.isFetchingNextPage ? "Loading…" : "Load more"}
                </button>
              </div>
            ) : items.length > 5 ? (
              <p className="mt-4 text-center text-sm text-slate-500 dark:text-slate-400">
                That's everything.
              </p>
            ) : null}
            {list.isFetchNextPageError ? (
              <ErrorNotice error={list.error} title="Could not load more" className="mt-4" />
            ) : null}
          </>
        )}
      </div>
    </Page>
  );
}

export function NotificationSettingsPage() {
  useDocumentTitle("Notification settings");
  const { user } = useAuth();
  if (!user) return <SignInFirst title="Notification settings" redirect="/notifications/settings" />;
  return <Settings />;
}

function Settings() {
  const prefs = useNotificationPreferences();
  const save = useSaveNotificationPreference();
  const [saved, setSaved] = useState("");

  const change = (p: NotificationPreference, channel: "inApp" | "email", on: boolean) => {
    setSaved("");
    save.mutate(
      { kind: p.kind, [channel]: on },
      {
        onSuccess: () =>
          setSaved(
            `Saved: ${KIND_LABELS[p.kind]} ${channel === "inApp" ? "in the app" : "by email"} ${on ? "on" : "off"}.`,
          ),
      },
    );
  };

  return (
    <Page>
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link to="/notifications" className="link inline-flex items-center gap-1">
          <Icon name="chevronLeft" className="size-4" />
          Notifications
        </Link>
      </nav>
      <h1 className="mt-2 text-3xl font-bold tracking-tight">Notification settings</h1>
      <p className="mt-1 text-slate-600 dark:text-slate-400">
        Choose what reaches you in the app and what comes by email.
      </p>

      <div className="mt-6">
        {prefs.isPending ? (
          <Loading label="Loading your settings…" />
        ) : prefs.isError ? (
          <ErrorNotice
            error={prefs.error}
            title="Could not load your settings"
            onRetry={() => prefs.refetch()}
          />
        ) : (
          <div className="card overflow-hidden">
            <table className="w-full">
              <caption className="sr-only">Notification kinds and where each is delivered</caption>
              <thead className="border-b border-slate-200 dark:border-slate-800">
                <tr>
                  <th
                    scope="col"
                    className="px-4 py-2.5 text-left text-xs font-semibold tracking-wide text-slate-500 uppercase dark:text-slate-400"
                  >
                    Kind
                  </th>
                  <th
                    scope="col"
                    className="w-20 px-2 py-2.5 text-center text-xs font-semibold tracking-wide text-slate-500 uppercase sm:w-28 dark:text-slate-400"
                  >
                    In the app
                  </th>
                  <th
                    scope="col"
                    className="w-20 px-2 py-2.5 text-center text-xs font-semibold tracking-wide text-slate-500 uppercase sm:w-28 dark:text-slate-400"
                  >
                    By email
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
                {prefs.data.preferences.map((p) => (
                  <tr key={p.kind}>
                    <th scope="row" className="px-4 py-3 text-left font-normal">
                      <span className="block font-medium">{KIND_LABELS[p.kind]}</span>
                      <span className="block text-sm text-slate-600 dark:text-slate-400">
                        {KIND_HINTS[p.kind]}
                      </span>
                    </th>
                    <td className="px-2 py-3 text-center">
                      <Switch
                        label={`${KIND_LABELS[p.kind]} in the app`}
                        checked={p.inApp}
                        disabled={save.isPending}
                        onChange={(on) => change(p, "inApp", on)}
                      />
                    </td>
                    <td className="px-2 py-3 text-center">
                      <Switch
                        label={`${KIND_LABELS[p.kind]} by email`}
                        checked={p.email}
                        disabled={save.isPending}
                        onChange={(on) => change(p, "email", on)}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p role="status" className="mt-3 min-h-5 text-sm text-emerald-700 dark:text-emerald-400">
          {save.isPending ? "Saving…" : saved}
        </p>
        {save.isError ? <ErrorNotice error={save.error} title="Could not save that change" /> : null}
      </div>
    </Page>
  );
}

/** A checkbox drawn as a switch (still a native checkbox for keyboards and screen readers). */
function Switch({
  label,
  checked,
  disabled,
  onChange,
}: {
  label: string;
  checked: boolean;
  disabled: boolean;
  onChange: (on: boolean) => void;
}) {
  return (
    <span className="relative inline-flex items-center">
      <input
        type="checkbox"
        role="switch"
        className="peer absolute inset-0 z-10 m-0 size-full cursor-pointer opacity-0 disabled:cursor-wait"
        checked={checked}
        aria-checked={checked}
        disabled={disabled}
        aria-label={label}
        onChange={(e) => onChange(e.target.checked)}
      />
      <span
        aria-hidden="true"
        className="h-6 w-11 rounded-full bg-slate-300 transition-colors peer-checked:bg-brand-700 peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-brand-500 peer-disabled:opacity-60 dark:bg-slate-700 dark:peer-checked:bg-brand-400"
      />
      <span
        aria-hidden="true"
        className="absolute top-0.5 left-0.5 size-5 rounded-full bg-white shadow transition-transform peer-checked:translate-x-5 dark:bg-slate-100"
      />
    </span>
  );
}
