/**
 * The dashboards' charts (recharts), drawn in the app's colours for light and dark mode. Each chart is
 * a <figure> with a visible title, a text summary for screen readers, and its numbers as a table
 * behind a disclosure, so nothing is only available as pixels.
 */
import { type ReactNode, useEffect, useId, useState } from "react";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ComposedChart,
  LabelList,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { formatPercent, windowLabel, windowTitle } from "../analytics.ts";
import { plural } from "../lib/format.ts";
import type { AnalyticsFunnel, AnalyticsPoint, AnalyticsResolution, FunnelStep } from "../types.ts";

/** Whether the page is in dark mode right now (follows the `dark` class on <html>). */
export function useIsDark(): boolean {
  const [dark, setDark] = useState(() => document.documentElement.classList.contains("dark"));
  useEffect(() => {
    const html = document.documentElement;
    const observer = new MutationObserver(() => setDark(html.classList.contains("dark")));
    observer.observe(html, { attributes: true, attributeFilter: ["class"] });
    return () => observer.disconnect();
  }, []);
  return dark;
}

interface Palette {
  grid: string;
  axis: string;
  events: string;
  learners: string;
  passes: string;
  tooltipBg: string;
  tooltipBorder: string;
  tooltipText: string;
  cursor: string;
}

const LIGHT: Palette = {
  grid: "#e2e8f0",
  axis: "#64748b",
  events: "#006f8e",
  learners: "#d97706",
  passes: "#059669",
  tooltipBg: "#ffffff",
  tooltipBorder: "#e2e8f0",
  tooltipText: "#0f172a",
  cursor: "rgba(148, 163, 184, 0.15)",
};
const DARK: Palette = {
  grid: "#1e293b",
  axis: "#94a3b8",
  events: "#22c0e0",
  learners: "#fbbf24",
  passes: "#34d399",
  tooltipBg: "#0f172a",
  tooltipBorder: "#334155",
  tooltipText: "#f1f5f9",
  cursor: "rgba(148, 163, 184, 0.12)",
};

export const usePalette = (): Palette => (useIsDark() ? DARK : LIGHT);

const UNIT: Record<AnalyticsResolution, { one: string; many: string }> = {
  "1m": { one: "minute", many: "minutes" },
  "1h": { one: "hour", many: "hours" },
  "1d": { one: "day", many: "days" },
};

/** One sentence about a series, for screen readers (and as the chart's description). */
export function summarizeSeries(points: readonly AnalyticsPoint[], resolution: AnalyticsResolution): string {
  const unit = UNIT[resolution];
  if (points.length === 0) return "No data yet.";
  const total = points.reduce((n, p) => n + p.events, 0);
  const span = `${points.length} ${points.length === 1 ? unit.one : unit.many}`;
  if (total === 0) return `No learning events in the last ${span}.`;
  const peak = points.reduce((a, b) => (b.events > a.events ? b : a));
  const latest = points.at(-1);
  const parts = [
    `${plural(total, "event")} in the last ${span}`,
    `busiest ${unit.one} ${windowTitle(peak.windowStart, resolution)} with ${plural(peak.events, "event")} from ${plural(peak.uniqueLearners, "learner")}`,
  ];
  if (latest) {
    parts.push(
      `latest ${unit.one} ${windowTitle(latest.windowStart, resolution)}: ${plural(latest.events, "event")} from ${plural(latest.uniqueLearners, "learner")}`,
    );
  }
  return `${parts.join("; ")}.`;
}

function ChartFigure({
  title,
  summary,
  children,
  table,
  data,
}: {
  title: string;
  summary: string;
  children: ReactNode;
  table: ReactNode;
  data?: Record<`data-${string}`, string | number>;
}) {
  const titleId = useId();
  const summaryId = useId();
  return (
    <figure
      aria-labelledby={titleId}
      aria-describedby={summaryId}
      className="card min-w-0 p-4 sm:p-5"
      {...data}
    >
      <figcaption>
        <h3 id={titleId} className="font-semibold">
          {title}
        </h3>
        <p id={summaryId} className="mt-0.5 text-sm text-slate-600 dark:text-slate-400">
          {summary}
        </p>
      </figcaption>
      {/* The drawing repeats the summary and the table: hidden from screen readers. */}
      <div className="mt-4" aria-hidden="true">
        {children}
      </div>
      <details className="mt-3 text-sm">
        <summary className="cursor-pointer font-medium text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-white">
          Show the numbers
        </summary>
        <div className="mt-2 max-h-72 overflow-auto">{table}</div>
      </details>
    </figure>
  );
}

const th = "px-2 py-1.5 text-left text-xs font-semibold text-slate-500 uppercase dark:text-slate-400";
const td = "px-2 py-1.5 tabular-nums";

/** Events (bars) and distinct learners (line) per window. */
export function ActivityChart({
  title,
  points,
  resolution,
  liveUpdates,
}: {
  title: string;
  points: readonly AnalyticsPoint[];
  resolution: AnalyticsResolution;
  liveUpdates?: number;
}) {
  const c = usePalette();
  const data = points.map((p) => ({
    label: windowLabel(p.windowStart, resolution),
    title: windowTitle(p.windowStart, resolution),
    events: p.events,
    learners: p.uniqueLearners,
    passes: p.passes,
  }));
  const total = points.reduce((n, p) => n + p.events, 0);
  const latest = points.at(-1);
  return (
    <ChartFigure
      title={title}
      summary={summarizeSeries(points, resolution)}
      data={{
        "data-points": points.length,
        "data-events": total,
        "data-latest-window": latest?.windowStart ?? "",
        "data-latest-events": latest?.events ?? 0,
        ...(liveUpdates === undefined ? {} : { "data-live-updates": liveUpdates }),
      }}
      table={
        <table className="w-full">
          <thead>
            <tr>
              <th scope="col" className={th}>
                {UNIT[resolution].one}
              </th>
              <th scope="col" className={th}>
                Events
              </th>
              <th scope="col" className={th}>
                Learners
              </th>
              <th scope="col" className={th}>
                Passes
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
            {[...data].reverse().map((d) => (
              <tr key={d.title}>
                <th scope="row" className={`${td} text-left font-normal`}>
                  {d.title}
                </th>
                <td className={td}>{d.events}</td>
                <td className={td}>{d.learners}</td>
                <td className={td}>{d.passes}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <div className="h-64">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid stroke={c.grid} vertical={false} />
            <XAxis
              dataKey="label"
              tick={{ fill: c.axis, fontSize: 12 }}
              tickLine={false}
              axisLine={{ stroke: c.grid }}
              minTickGap={28}
              interval="preserveStartEnd"
            />
            <YAxis
              allowDecimals={false}
              tick={{ fill: c.axis, fontSize: 12 }}
              tickLine={false}
              axisLine={false}
              width={48}
            />
            <Tooltip
              cursor={{ fill: c.cursor }}
              contentStyle={{
                background: c.tooltipBg,
                border: `1px solid ${c.tooltipBorder}`,
                borderRadius: 8,
                color: c.tooltipText,
                fontSize: 13,
              }}
              labelStyle={{ color: c.tooltipText, fontWeight: 600 }}
              labelFormatter={(_label, payload) => {
                const first = payload[0]?.payload as { title?: string } | undefined;
                return first?.title ?? "";
              }}
            />
            <Legend wrapperStyle={{ fontSize: 12, color: c.axis }} iconSize={10} />
            <Bar
              dataKey="events"
              name="Events"
              fill={c.events}
              radius={[3, 3, 0, 0]}
              isAnimationActive={false}
            />
            <Line
              dataKey="learners"
              name="Learners"
              type="monotone"
              stroke={c.learners}
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </ChartFigure>
  );
}

const STEP_LABEL: Record<FunnelStep, string> = {
  lesson_viewed: "Lesson viewed",
  exercise_started: "Exercise started",
  exercise_attempted: "Tests run",
  exercise_passed: "Exercise passed",
};

/** Lesson → exercise → tests → pass, as horizontal bars with the share of the first step. */
export function FunnelChart({ title, funnel }: { title: string; funnel: AnalyticsFunnel }) {
  const c = usePalette();
  const top = funnel[0]?.events ?? 0;
  const data = funnel.map((s) => ({
    step: STEP_LABEL[s.step],
    events: s.events,
    share: top > 0 ? s.events / top : null,
  }));
  // Counts of events, not of learners: a later step can outnumber an earlier one (several runs per
  // exercise, exercises opened without reading the lesson), so the summary gives the counts only.
  const summary = funnel.every((s) => s.events === 0)
    ? "Nothing yet."
    : `${data.map((d) => `${d.step}: ${d.events}`).join(", ")}.`;
  const colours = [c.events, c.events, c.learners, c.passes];
  return (
    <ChartFigure
      title={title}
      summary={summary}
      data={{ "data-funnel": funnel.map((s) => s.events).join(",") }}
      table={
        <table className="w-full">
          <thead>
            <tr>
              <th scope="col" className={th}>
                Step
              </th>
              <th scope="col" className={th}>
                Events
              </th>
              <th scope="col" className={th}>
                Of lesson views
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
            {data.map((d) => (
              <tr key={d.step}>
                <th scope="row" className={`${td} text-left font-normal`}>
                  {d.step}
                </th>
                <td className={td}>{d.events}</td>
                <td className={td}>{formatPercent(d.share)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <div className="h-56">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} layout="vertical" margin={{ top: 0, right: 48, bottom: 0, left: 8 }}>
            <CartesianGrid stroke={c.grid} horizontal={false} />
            <XAxis type="number" allowDecimals={false} hide />
            <YAxis
              type="category"
              dataKey="step"
              width={116}
              tick={{ fill: c.axis, fontSize: 12 }}
              tickLine={false}
              axisLine={false}
            />
            <Bar dataKey="events" name="Events" radius={[0, 4, 4, 0]} isAnimationActive={false} barSize={26}>
              {data.map((d, i) => (
                <Cell key={d.step} fill={colours[i] ?? c.events} />
              ))}
              <LabelList dataKey="events" position="right" fill={c.axis} fontSize={12} />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
    </ChartFigure>
  );
}
