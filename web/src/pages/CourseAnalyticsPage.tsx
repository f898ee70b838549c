import { useQuery } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { useId, useState } from "react";
import { formatPercent, STEP_MS, useLiveSeries, useThrottledInvalidate } from "../analytics.ts";
import { api } from "../api.ts";
import { Breadcrumbs } from "../components/Breadcrumbs.tsx";
import { ActivityChart, FunnelChart } from "../components/Charts.tsx";
import { Page } from "../components/Layout.tsx";
import { LiveHeading } from "../components/LiveBadge.tsx";
import { RequireAdmin } from "../components/RequireAdmin.tsx";
import { ErrorNotice, Loading } from "../components/Status.tsx";
import { formatDuration, plural } from "../lib/format.ts";
import { useDocumentTitle } from "../lib/useDocumentTitle.ts";
import { qk } from "../queries.ts";
import type { AnalyticsResolution, CourseAnalytics } from "../types.ts";
import { LIVE_REFETCH_GAP_MS, OVERVIEW_REFRESH_MS, StatCard } from "./AnalyticsPage.tsx";

const route = getRouteApi("/admin/courses/$slug/analytics");

const RANGES: Array<{ resolution: AnalyticsResolution; label: string; title: string; keep: number }> = [
  { resolution: "1m", label: "Last hour", title: "Last hour, per minute", keep: 60 },
  { resolution: "1h", label: "Last 24 hours", title: "Last 24 hours, per hour", keep: 24 },
  { resolution: "1d", label: "Last 30 days", title: "Last 30 days, per day", keep: 30 },
];

export function CourseAnalyticsPage() {
  const { slug } = route.useParams();
  useDocumentTitle(`Analytics · ${slug}`);
  return (
    <RequireAdmin title="Course analytics" redirect={`/admin/courses/${slug}/analytics`}>
      <CourseDashboard slug={slug} />
    </RequireAdmin>
  );
}

function CourseDashboard({ slug }: { slug: string }) {
  const stats = useQuery({
    queryKey: qk.courseAnalytics(slug),
    queryFn: () => api.courseAnalytics(slug),
    refetchInterval: OVERVIEW_REFRESH_MS,
    staleTime: 0,
  });
  const title = stats.data?.course.title ?? slug;
  useDocumentTitle(`Analytics · ${title}`);

  return (
    <Page wide>
      <Breadcrumbs
        items={[
          { label: "Admin", to: "/admin" },
          { label: "Live analytics", to: "/admin/analytics" },
          { label: title },
        ]}
      />
      <LiveHeading
        title={title}
        lead="Course analytics, updated as learners work."
        asOf={stats.data?.generatedAt}
      />
      {stats.isPending ? (
        <Loading label="Loading course analytics…" />
      ) : stats.isError ? (
        <ErrorNotice
          error={stats.error}
          title="Could not load this course's analytics"
          onRetry={() => stats.refetch()}
          className="mt-6"
        />
      ) : (
        <CourseBody slug={slug} stats={stats.data} />
      )}
    </Page>
  );
}

function CourseBody({ slug, stats }: { slug: string; stats: CourseAnalytics }) {
  const scope = `course:${stats.course.id}`;
  const refetch = useThrottledInvalidate(qk.courseAnalytics(slug), LIVE_REFETCH_GAP_MS);
  const [range, setRange] = useState<AnalyticsResolution>("1m");
  const groupId = useId();

  const hourly = useQuery({
    queryKey: qk.analyticsSeries(scope, "1h"),
    queryFn: () =>
      api.analyticsSeries({
        scope,
        resolution: "1h",
        from: new Date(Date.now() - 23 * STEP_MS["1h"]).toISOString(),
      }),
    enabled: range === "1h",
    refetchInterval: OVERVIEW_REFRESH_MS,
    staleTime: 0,
  });

  // Every range stays live; only the one on screen is drawn.
  const minutes = useLiveSeries(stats.lastHour, scope, "1m", 60, refetch);
  const hours = useLiveSeries(hourly.data?.points, scope, "1h", 24);
  const days = useLiveSeries(stats.last30Days, scope, "1d", 30);
  const shown = range === "1m" ? minutes : range === "1h" ? hours : days;
  const current = RANGES.find((r) => r.resolution === range) ?? RANGES[0];
  const day = stats.last24h;

  return (
    <div className="mt-6 space-y-6">
      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <StatCard
          label="Learners active now"
          value={stats.activeLearners5m}
          detail="In the last 5 minutes"
          accent
          data={{ "data-active-learners": stats.activeLearners5m }}
        />
        <StatCard
          label="Learners, 24 hours"
          value={day.uniqueLearners}
          detail={plural(day.events, "event")}
        />
        <StatCard
          label="Lessons, 24 hours"
          value={day.lessonViews}
          detail={`views · ${day.lessonCompletions} completed`}
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

      <section aria-labelledby={`${groupId}-heading`} className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id={`${groupId}-heading`} className="text-xl font-semibold tracking-tight">
            Activity
          </h2>
          <fieldset className="inline-flex rounded-lg border border-slate-300 bg-white p-0.5 dark:border-slate-700 dark:bg-slate-900">
            <legend className="sr-only">Time range</legend>
            {RANGES.map((r) => (
              <label
                key={r.resolution}
                className={`cursor-pointer rounded-md px-3 py-1.5 text-sm font-medium has-focus-visible:outline-2 has-focus-visible:outline-brand-500 ${
                  range === r.resolution
                    ? "bg-brand-700 text-white dark:bg-brand-400 dark:text-slate-950"
                    : "text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
                }`}
              >
                <input
                  type="radio"
                  name={`${groupId}-range`}
                  value={r.resolution}
                  checked={range === r.resolution}
                  onChange={() => setRange(r.resolution)}
                  className="sr-only"
                />
                {r.label}
              </label>
            ))}
          </fieldset>
        </div>
        {range === "1h" && hourly.isPending ? (
          <Loading label="Loading the last 24 hours…" />
        ) : range === "1h" && hourly.isError ? (
          <ErrorNotice
            error={hourly.error}
            title="Could not load the hourly series"
            onRetry={() => hourly.refetch()}
          />
        ) : (
          <ActivityChart
            title={current?.title ?? ""}
            points={shown.points}
            resolution={range}
            liveUpdates={shown.liveUpdates}
          />
        )}
      </section>

      <FunnelChart title="Funnel, last 24 hours" funnel={stats.funnel} />
    </div>
  );
}
