/**
 * A course's leaderboard: this week or all time, the signed-in learner's row highlighted (and shown
 * under the top 20 when they are further down). It refetches when the live "leaderboards" channel
 * says this course changed, so points appear without a reload.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type KeyboardEvent, useId, useState } from "react";
import { api } from "../api.ts";
import { useAuth } from "../auth.tsx";
import { arrowTarget } from "../lib/tabs.ts";
import { useLiveChannel } from "../live.ts";
import { qk } from "../queries.ts";
import type { LeaderboardEntry, LeaderboardPeriod } from "../types.ts";
import { ErrorNotice, Loading } from "./Status.tsx";

const PERIODS: Array<{ id: LeaderboardPeriod; label: string }> = [
  { id: "week", label: "This week" },
  { id: "all", label: "All time" },
];

export function LeaderboardCard({ courseSlug, courseId }: { courseSlug: string; courseId: string }) {
  const { user } = useAuth();
  const [period, setPeriod] = useState<LeaderboardPeriod>("week");
  const tabsId = useId();
  const client = useQueryClient();
  const board = useQuery({
    queryKey: qk.leaderboard(courseSlug, period),
    queryFn: () => api.leaderboard(courseSlug, period),
    enabled: Boolean(user),
  });
  useLiveChannel(
    "leaderboards",
    (change) => {
      if (change.courseId === courseId)
        void client.invalidateQueries({ queryKey: ["me", "leaderboard", courseSlug] });
    },
    {
      enabled: Boolean(user),
      // After a reconnect, whatever changed meanwhile is fetched once.
      onSubscribed: () => void client.invalidateQueries({ queryKey: ["me", "leaderboard", courseSlug] }),
    },
  );

  const onTabKey = (e: KeyboardEvent<HTMLButtonElement>, i: number) => {
    const next = arrowTarget(e.key, i, PERIODS);
    if (next === undefined) return;
    e.preventDefault();
    setPeriod(next.id);
    document.getElementById(`${tabsId}-tab-${next.id}`)?.focus();
  };

  if (!user) return null;
  const data = board.data;
  return (
    <section aria-labelledby={`${tabsId}-heading`} className="card p-5">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id={`${tabsId}-heading`} className="text-lg font-semibold tracking-tight">
          Leaderboard
        </h2>
        <div
          role="tablist"
          aria-label="Leaderboard period"
          className="flex gap-1 rounded-lg bg-slate-100 p-1 dark:bg-slate-800"
        >
          {PERIODS.map((p, i) => (
            <button
              key={p.id}
              id={`${tabsId}-tab-${p.id}`}
              type="button"
              role="tab"
              aria-selected={p.id === period}
              aria-controls={`${tabsId}-panel`}
              tabIndex={p.id === period ? 0 : -1}
              onClick={() => setPeriod(p.id)}
              onKeyDown={(e) => onTabKey(e, i)}
              className={`rounded-md px-3 py-1 text-xs font-medium ${
                p.id === period
                  ? "bg-white text-slate-900 shadow-sm dark:bg-slate-950 dark:text-white"
                  : "text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-white"
              }`}
            >
              {p.label}
            </button>
          ))}
        </div>
      </div>
      <div
        id={`${tabsId}-panel`}
        role="tabpanel"
        aria-labelledby={`${tabsId}-tab-${period}`}
        className="mt-4"
      >
        {board.isPending ? (
          <Loading label="Loading leaderboard…" className="py-4" />
        ) : board.isError ? (
          <ErrorNotice
            error={board.error}
            title="Could not load the leaderboard"
            onRetry={() => board.refetch()}
          />
        ) : data && data.top.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">
            {period === "week" ? "No points yet this week." : "No points yet."} Complete a lesson (
            {data.scoring.lesson} points) or pass an exercise ({data.scoring.exercise} points) to get on the
            board.
          </p>
        ) : data ? (
          <>
            <ol
              className="space-y-1"
              aria-label={`Top learners, ${period === "week" ? "this week" : "all time"}`}
            >
              {data.top.map((e) => (
                <Row key={e.userId} entry={e} me={e.userId === user.id} />
              ))}
            </ol>
            {data.me ? (
              <ol
                className="mt-2 border-t border-dashed border-slate-200 pt-2 dark:border-slate-700"
                aria-label="Your place"
              >
                <Row entry={data.me} me />
              </ol>
            ) : null}
            <p className="mt-3 text-xs text-slate-500 dark:text-slate-400">
              {data.scoring.lesson} points per lesson, {data.scoring.exercise} per exercise passed.
            </p>
          </>
        ) : null}
      </div>
    </section>
  );
}

function Row({ entry, me }: { entry: LeaderboardEntry; me: boolean }) {
  return (
    <li
      value={entry.rank}
      className={`flex items-center gap-3 rounded-lg px-2 py-1.5 text-sm ${
        me ? "bg-sky-50 font-semibold text-sky-900 dark:bg-sky-950/50 dark:text-sky-100" : ""
      }`}
      aria-current={me ? "true" : undefined}
    >
      <span className="w-6 shrink-0 text-right tabular-nums text-slate-500 dark:text-slate-400">
        {entry.rank}
      </span>
      <span className="min-w-0 flex-1 truncate">
        {entry.displayName}
        {me ? <span className="sr-only"> (you)</span> : null}
      </span>
      <span className="tabular-nums" title={`${entry.lessons} lessons, ${entry.exercises} exercises`}>
        {entry.points}
        <span className="sr-only"> points</span>
      </span>
    </li>
  );
}
