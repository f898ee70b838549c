/**
 * Client side of the admin dashboards: merging window results pushed over the live "analytics"
 * channel into the series fetched over HTTP, and formatting for charts. Pure functions first (they
 * decide what the charts show), then the hook that keeps one series live.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { useLiveChannel } from "./live.ts";
import type { AnalyticsPoint, AnalyticsResolution } from "./types.ts";

export const STEP_MS: Record<AnalyticsResolution, number> = {
  "1m": 60_000,
  "1h": 3_600_000,
  "1d": 86_400_000,
};

/** A window without events, as the series endpoint returns it. */
export function emptyPoint(windowStart: string): AnalyticsPoint {
  return {
    windowStart,
    revision: 0,
    closed: false,
    uniqueLearners: 0,
    lessonViews: 0,
    lessonCompletions: 0,
    exercisesStarted: 0,
    attempts: 0,
    passedAttempts: 0,
    passes: 0,
    hintsRevealed: 0,
    customEvents: 0,
    events: 0,
    passRate: null,
    latencyMs: null,
  };
}

/**
 * Whether `next` is a later state of the same window than `current`: a higher revision (closed,
 * late update), or the same revision with at least as many events (an open window only grows).
 */
export const isNewer = (current: AnalyticsPoint, next: AnalyticsPoint): boolean =>
  next.revision > current.revision || (next.revision === current.revision && next.events >= current.events);

/**
 * Puts `incoming` windows into `points` (oldest first, one per window): a window already there is
 * replaced when the incoming state is newer; a later window is appended, with zero windows filling
 * any gap so the axis stays continuous; then only the newest `keep` windows stay. Windows older than
 * the kept range are ignored.
 */
export function mergePoints(
  points: readonly AnalyticsPoint[],
  incoming: readonly AnalyticsPoint[],
  resolution: AnalyticsResolution,
  keep: number,
): AnalyticsPoint[] {
  const step = STEP_MS[resolution];
  const byStart = new Map<number, AnalyticsPoint>();
  for (const p of points) byStart.set(Date.parse(p.windowStart), p);
  for (const p of incoming) {
    const t = Date.parse(p.windowStart);
    if (Number.isNaN(t)) continue;
    const current = byStart.get(t);
    if (!current || isNewer(current, p)) byStart.set(t, p);
  }
  const starts = [...byStart.keys()].sort((a, b) => a - b);
  const last = starts.at(-1);
  if (last === undefined) return [];
  const first = last - (keep - 1) * step;
  const out: AnalyticsPoint[] = [];
  // Walk the kept range window by window so gaps become zeros.
  for (let t = Math.max(first, starts.find((s) => s >= first) ?? last); t <= last; t += step) {
    out.push(byStart.get(t) ?? emptyPoint(new Date(t).toISOString()));
  }
  return out;
}

const timeFmt = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const dayFmt = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" });
const dayTimeFmt = new Intl.DateTimeFormat(undefined, {
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});

/** Axis label of a window start at a resolution. */
export function windowLabel(iso: string, resolution: AnalyticsResolution): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return resolution === "1d" ? dayFmt.format(t) : timeFmt.format(t);
}

/** Full label (for tooltips and data tables). */
export function windowTitle(iso: string, resolution: AnalyticsResolution): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return resolution === "1d"
    ? dayFmt.format(t)
    : resolution === "1h"
      ? dayTimeFmt.format(t)
      : timeFmt.format(t);
}

export const formatPercent = (rate: number | null): string =>
  rate === null ? "—" : `${Math.round(rate * 1000) / 10} %`;

export interface LiveSeries {
  points: AnalyticsPoint[];
  /** Window results received over the socket for this series. */
  liveUpdates: number;
}

/**
 * Keeps one series (a scope at a resolution) current: `base` is what HTTP returned (refetched now and
 * then), updates pushed over the socket are merged in as they come, and `onUpdate` hears about each
 * one (e.g. to refetch figures a window cannot give, like distinct learners over five minutes).
 */
export function useLiveSeries(
  base: readonly AnalyticsPoint[] | undefined,
  scope: string | undefined,
  resolution: AnalyticsResolution,
  keep: number,
  onUpdate?: () => void,
): LiveSeries {
  const [state, setState] = useState<LiveSeries>({ points: [], liveUpdates: 0 });

  useEffect(() => {
    if (!base) return;
    setState((s) => ({ ...s, points: mergePoints(base, s.points, resolution, keep) }));
  }, [base, resolution, keep]);

  useLiveChannel(
    "analytics",
    (u) => {
      if (u.scope !== scope || u.resolution !== resolution) return;
      setState((s) => ({
        points: mergePoints(s.points, [u], resolution, keep),
        liveUpdates: s.liveUpdates + 1,
      }));
      onUpdate?.();
    },
    { enabled: scope !== undefined },
  );
  return state;
}

/**
 * A refetch that runs at most once per `gapMs` however often it is asked for: the last request
 * inside a gap runs at its end, so the final state is always fetched.
 */
export function useThrottledInvalidate(queryKey: readonly unknown[], gapMs: number): () => void {
  const qc = useQueryClient();
  const last = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const keyRef = useRef(queryKey);
  useEffect(() => {
    keyRef.current = queryKey;
  });

  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );

  return useCallback(() => {
    if (timer.current !== null) return;
    const run = () => {
      timer.current = null;
      last.current = Date.now();
      void qc.invalidateQueries({ queryKey: keyRef.current });
    };
    const wait = last.current + gapMs - Date.now();
    if (wait <= 0) run();
    else timer.current = setTimeout(run, wait);
  }, [qc, gapMs]);
}
