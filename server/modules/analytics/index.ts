/**
 * analytics: event-time windows over learning-events (1 minute, rolled up to 1 hour and 1 day), unique
 * learners as HyperLogLog sketches, counts, pass rates and verdict latency percentiles, per course and
 * overall. Consumes learning-events, emits analytics-results, serves the admin dashboards' API and the
 * NDJSON ingest of custom events. See docs/analytics.md.
 */
import type {
  AnalyticsOverview,
  AnalyticsSeries,
  AnalyticsSeriesQuery,
  AnalyticsUpdate,
  CourseAnalytics,
} from "../../../common/api.ts";
import { consume, type Origin } from "../../platform/bus.ts";
import type { Tx } from "../../platform/db.ts";
import type { DomainEvent } from "../../platform/events.ts";
import { Listeners } from "../../platform/listeners.ts";
import type { AppContext, ModuleInstance } from "../../platform/module.ts";
import type { CatalogClient } from "../catalog/index.ts";
import { AnalyticsMetrics } from "./metrics.ts";
import { analyticsRoutes } from "./routes.ts";
import {
  AnalyticsService,
  type AnalyticsSettings,
  type Applied,
  DEFAULT_SETTINGS,
  STREAM,
} from "./service.ts";
import { hasUnpublished } from "./store.ts";

export { HLL_STANDARD_ERROR, HyperLogLog } from "./hll.ts";
export { LATENCY_RELATIVE_ERROR, LatencySummary } from "./latency.ts";
export { type AnalyticsSettings, DEFAULT_SETTINGS } from "./service.ts";
export { WindowAggregator } from "./windows.ts";

export type AnalyticsListener = (update: AnalyticsUpdate) => void;

export interface AnalyticsClient {
  series(query: AnalyticsSeriesQuery): Promise<AnalyticsSeries>;
  overview(): Promise<AnalyticsOverview>;
  /** Accepts the course id or slug. */
  courseStats(courseId: string): Promise<CourseAnalytics>;
  /**
   * Calls `listener` after each commit that writes a window: live (revision 0) updates of open
   * windows as events arrive, closes (revision 1) and late updates. Returns the unsubscribe function.
   */
  onUpdate(listener: AnalyticsListener): () => void;
}

export const migrations = { folder: new URL("./migrations", import.meta.url).pathname, schema: "analytics" };

export interface AnalyticsOptions {
  catalog: CatalogClient;
  settings?: Partial<AnalyticsSettings>;
  /** Processing clock (default ctx.now). */
  now?: () => Date;
}

export async function createAnalytics(
  ctx: AppContext,
  deps: AnalyticsOptions,
): Promise<ModuleInstance<AnalyticsClient> & { service: AnalyticsService; tick: () => Promise<void> }> {
  const settings: AnalyticsSettings = { ...DEFAULT_SETTINGS, ...deps.settings };
  const log = ctx.log.child({ module: "analytics" });
  const metrics = new AnalyticsMetrics(ctx.metrics);
  const svc = new AnalyticsService({
    db: ctx.db,
    catalog: deps.catalog,
    now: deps.now ?? ctx.now,
    settings,
    // Idle = no learning event waits in the outbox (our own results waiting there do not count).
    sourceIdle: async () => !(await hasUnpublished(ctx.db, "learning-events")),
    afterCommit: () => ctx.relay.wake(),
  });
  await svc.init();

  const listeners = new Listeners<[AnalyticsUpdate]>(log, "analytics");
  const published = (applied: Applied): void => {
    metrics.observe(applied);
    if (applied.updates.length > 0 || applied.outcomes.dropped > 0) svc.invalidate();
    if (applied.emitted > 0) ctx.relay.wake();
    for (const u of applied.updates) listeners.emit(u);
  };

  // What a transaction did, kept under the first event it was given until consume() reports the
  // commit (never for a rollback), so listeners never see a write that was rolled back.
  const done = new WeakMap<DomainEvent, Applied>();
  const keep = (events: DomainEvent[], applied: Applied): void => {
    const first = events[0];
    if (first !== undefined) done.set(first, applied);
  };
  consume(ctx.bus, ctx.db, STREAM, ["learning-events"], {
    apply: async (event: DomainEvent, tx: Tx, _loaded: undefined, origin: Origin) =>
      keep([event], await svc.applyEvents([event], tx, origin.source)),
    applyMany: async (events: DomainEvent[], tx: Tx, _loaded: undefined[], origin: Origin) =>
      keep(events, await svc.applyEvents(events, tx, origin.source)),
    afterCommit: (events) => {
      const first = events[0];
      const applied = first !== undefined ? done.get(first) : undefined;
      if (first !== undefined) done.delete(first);
      if (applied) published(applied);
    },
  });

  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<void> | undefined;
  /** One watermark tick (the timer calls it; tests call it directly). Overlapping calls share one. */
  const tick = (): Promise<void> => {
    ticking ??= svc
      .tick()
      .then(published, (err: unknown) => log.warn({ err }, "analytics watermark tick failed"))
      .finally(() => {
        ticking = undefined;
      });
    return ticking;
  };

  const client: AnalyticsClient = {
    series: (q) => svc.series(q),
    overview: () => svc.overview(),
    courseStats: (id) => svc.courseStats(id),
    onUpdate: (listener) => listeners.add(listener),
  };
  return {
    client,
    service: svc,
    tick,
    routes: (app) => analyticsRoutes(app, svc, deps.catalog),
    start() {
      if (settings.tickMs > 0) {
        timer = setInterval(() => void tick(), settings.tickMs);
        timer.unref();
      }
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await ticking;
    },
    async ready() {
      const s = await svc.stream();
      return {
        ok: true,
        detail: {
          watermark: Number.isFinite(s.watermark) ? new Date(s.watermark).toISOString() : null,
          droppedLateEvents: s.droppedLate,
        },
      };
    },
  };
}
