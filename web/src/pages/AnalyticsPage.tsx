import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import type { ReactNode } from "react";
import { formatPercent, useLiveSeries, useThrottledInvalidate } from "../analytics.ts";
import { api } from "../api.ts";
import { Breadcrumbs } from "../components/Breadcrumbs.tsx";
import { ActivityChart, FunnelChart } from "../components/Charts.tsx";
import { Icon } from "../components/Icon.tsx";
import { Page } from "../components/Layout.tsx";
import { LiveHeading } from "../components/LiveBadge.tsx";
import { RequireAdmin } from "../components/RequireAdmin.tsx";
import { EmptyState, ErrorNotice, Loading } from "../components/Status.tsx";
import { formatDateTime, formatDuration, plural } from "../lib/format.ts";
import { useDocumentTitle } from "../lib/useDocumentTitle.ts";
import { qk } from "../queries.ts";
import type { AnalyticsCourseActivity, AnalyticsOverview } from "../types.ts";

/** Fallback refresh of the whole overview, in case the live connection is down. */
export const OVERVIEW_REFRESH_MS = 30_000;
/** Figures a pushed window cannot give (distinct learners over 5 minutes) are refetched at most this often. */
export const LIVE_REFETCH_GAP_MS = 2_000;

export function AnalyticsPage() {
  useDocumentTitle("Live analytics");
  return (
    <RequireAdmin title="Live analytics" redirect="/admin/analytics">
      <Dashboard />
    </RequireAdmin>
  );
}

function Dashboard() {
  const overview = useQuery({
    queryKey: qk.analyticsOverview,
    queryFn: api.analyticsOverview,
    refetchInterval: OVERVIEW_REFRESH_MS,
    staleTime: 0,
  });
  const refetch = useThrottledInvalidate(qk.analyticsOverview, LIVE_REFETCH_GAP_MS);
  const series = useLiveSeries(overview.data?.lastHour, "global", "1m", 60, refetch);

  return (
    <Page wide>
      <Breadcrumbs items={[{ label: "Admin", to: "/admin" }, { label: "Live analytics" }]} />
      <LiveHeading
        title="Live analytics"
        lead="What learners are doing on this server, updated as it happens."
        asOf={overview.data?.generatedAt}
      />

      {overview.isPending ? (
        <Loading label="Loading analytics…" />
      ) : overview.isError ? (
        <ErrorNotice
          error={overview.error}
          title="Could not load analytics"
          onRetry={() => overview.refetch()}
          className="mt-6"
        />
      ) : (
        <div className="mt-6 space-y-6">
          <Figures overview={overview.data} thisMinute={series.points.at(-1)} />
          <ActivityChart
            title="Last hour, per minute"
            points={series.points}
            resolution="1m"
            liveUpdates={series.liveUpdates}
          />
          <div className="grid gap-6 lg:grid-cols-2">
            <FunnelChart title="Funnel, last 24 hours" funnel={overview.data.funnel} />
            <TopCourses courses={overview.data.topCourses} />
          </div>
          <p className="text-xs text-slate-500 dark:text-slate-400">
            {overview.data.watermark
              ? `Windows up to ${formatDateTime(overview.data.watermark)} are closed; later ones are still counting.`
              : "No learning events yet."}{" "}
            {overview.data.droppedLateEvents > 0
              ? `${plural(overview.data.droppedLateEvents, "event")} arrived too late to count.`
              : null}
          </p>
        </div>
      )}
    </Page>
  );
}

export function StatCard({
  label,
  value,
  detail,
  data,
  accent = false,
}: {
  label: string;
  value: ReactNode;
  detail?: ReactNode;
  data?: Record<`data-${string}`, string | number>;
  accent?: boolean;
}) {
  return (
    <div
      className={`rounded-xl border p-4 ${
        accent
          ? "border-emerald-200 bg-emerald-50 dark:border-emerald-900/60 dark:bg-emerald-950/30"
          : "border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900"
      }`}
      {...data}
    >
      <dt className="text-xs font-medium text-slate-600 dark:text-slate-400">{label}</dt>
      <dd className="mt-1 text-3xl font-bold tracking-tight tabular-nums">{value}</dd>
      {detail ? <dd className="mt-0.5 text-xs text-slate-500 dark:text-slate-400">{detail}</dd> : null}
    </div>
  );
}

function Figures({
  overview,
  thisMinute,
}: {
  overview: AnalyticsOverview;
  thisMinute: { events: number; uniqueLearners: number } | undefined;
}) {
  const day = overview.last24h;
  return (
    <section aria-labelledby="figures-heading">
      <h2 id="figures-heading" className="sr-only">
        Key figures
      </h2>
      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <StatCard
          label="Learners active now"
          value={overview.activeLearners5m}
          detail="In the last 5 minutes"
          accent
          data={{ "data-active-learners": overview.activeLearners5m }}
        />
        <StatCard
          label="This minute"
          value={thisMinute?.events ?? 0}
          detail={`events from ${plural(thisMinute?.uniqueLearners ?? 0, "learner")}`}
          data={{ "data-minute-events": thisMinute?.events ?? 0 }}
        />
        <StatCard
          label="Learners, 24 hours"
          value={day.uniqueLearners}
          detail={`${plural(day.events, "event")} · ${plural(day.lessonCompletions, "lesson")} completed`}
          data={{ "data-events-24h": day.events }}
        />
        <StatCard
          label="Pass rate, 24 hours"
          value={formatPercent(day.passRate)}
          detail={
            day.attempts > 0
              ? `${day.passedAttempts} of ${plural(day.attempts, "test run")}${
                  day.latencyMs ? ` · median verdict ${formatDuration(day.latencyMs.p50)}` : ""
                }`
              : "No test runs yet"
          }
        />
      </dl>
    </section>
  );
}

function TopCourses({ courses }: { courses: AnalyticsCourseActivity[] }) {
  const busiest = Math.max(1, ...courses.map((c) => c.events));
  return (
    <section aria-labelledby="top-courses-heading" className="card min-w-0 p-4 sm:p-5">
      <h3 id="top-courses-heading" className="font-semibold">
        Top courses, last 24 hours
      </h3>
      <p className="mt-0.5 text-sm text-slate-600 dark:text-slate-400">
        Busiest first, with their pass rates.
      </p>
      {courses.length === 0 ? (
        <div className="mt-4">
          <EmptyState title="No course activity yet" />
        </div>
      ) : (
        <div className="mt-3 overflow-x-auto">
          <table className="w-full text-sm">
            <caption className="sr-only">Top courses by learning events in the last 24 hours</caption>
            <thead>
              <tr className="border-b border-slate-200 dark:border-slate-800">
                <th
                  scope="col"
                  className="py-2 pr-2 text-left text-xs font-semibold text-slate-500 uppercase dark:text-slate-400"
                >
                  Course
                </th>
                <th
                  scope="col"
                  className="px-2 py-2 text-right text-xs font-semibold text-slate-500 uppercase dark:text-slate-400"
                >
                  Events
                </th>
                <th
                  scope="col"
                  className="px-2 py-2 text-right text-xs font-semibold text-slate-500 uppercase dark:text-slate-400"
                >
                  Learners
                </th>
                <th
                  scope="col"
                  className="py-2 pl-2 text-right text-xs font-semibold text-slate-500 uppercase dark:text-slate-400"
                >
                  Pass rate
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
              {courses.map((c) => (
                <tr key={c.courseId} data-course={c.slug ?? c.courseId}>
                  <th scope="row" className="py-2.5 pr-2 text-left font-normal">
                    {c.slug ? (
                      <Link
                        to="/admin/courses/$slug/analytics"
                        params={{ slug: c.slug }}
                        className="link"
                        aria-label={`${c.title ?? c.slug} analytics`}
                      >
                        {c.title ?? c.slug}
                      </Link>
                    ) : (
                      <span className="font-mono text-xs">{c.courseId}</span>
                    )}
                    <span
                      className="mt-1 block h-1.5 rounded-full bg-slate-100 dark:bg-slate-800"
                      aria-hidden="true"
                    >
                      <span
                        className="block h-full rounded-full bg-brand-600 dark:bg-brand-400"
                        style={{ width: `${(c.events / busiest) * 100}%` }}
                      />
                    </span>
                  </th>
                  <td className="px-2 py-2.5 text-right tabular-nums">{c.events}</td>
                  <td className="px-2 py-2.5 text-right tabular-nums">{c.uniqueLearners}</td>
                  <td className="py-2.5 pl-2 text-right tabular-nums">
                    {formatPercent(c.passRate)}
                    <span className="block text-xs text-slate-500 dark:text-slate-400">
                      {c.passedAttempts}/{c.attempts}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="mt-3 text-xs text-slate-500 dark:text-slate-400">
        <Icon name="chart" className="mr-1 inline size-3.5 align-[-2px]" />
        Open a course for its own series by minute, hour and day.
      </p>
    </section>
  );
}
