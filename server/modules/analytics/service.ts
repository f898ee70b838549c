/**
 * The analytics service: applies learning events to stored windows (inside the consumer's
 * transaction), advances the watermark by the processing clock when the event source is idle, answers
 * the dashboards' queries, and turns NDJSON lines from clients into learning.custom events.
 */
import {
  type AnalyticsCourseActivity,
  AnalyticsEventLine,
  type AnalyticsFunnel,
  type AnalyticsIngestResult,
  type AnalyticsOverview,
  type AnalyticsPoint,
  type AnalyticsSeries,
  type AnalyticsSeriesQuery,
  type AnalyticsTotals,
  type AnalyticsUpdate,
  type CourseAnalytics,
} from "../../../common/api.ts";
import { emit } from "../../platform/bus.ts";
import type { Db, Tx } from "../../platform/db.ts";
import { AppError } from "../../platform/errors.ts";
import type { DomainEvent, NewEvent } from "../../platform/events.ts";
import type { CatalogClient } from "../catalog/index.ts";
import { toFact } from "./facts.ts";
import {
  closeDue,
  ensureStream,
  loadWindows,
  lockStream,
  prune,
  readCourseWindows,
  readRange,
  readStream,
  type SeriesRow,
  type StreamState,
  saveStream,
  stateOf,
  totalsOfRow,
  upsertWindows,
  type WindowWrite,
} from "./store.ts";
import {
  advanceWatermark,
  applyFact,
  combineWatermarks,
  emptyState,
  GLOBAL_SCOPE,
  mergeState,
  RESOLUTION_MS,
  type Resolution,
  type SourceMark,
  timeliness,
  totals,
  type WindowConfig,
  type WindowRef,
  type WindowState,
  windowKey,
  windowStart,
  windowsOf,
} from "./windows.ts";

/** The consumer (and stream) name. */
export const STREAM = "analytics.windows";
export const MAX_POINTS = 1500;
export const MAX_LINES = 1000;
export const MAX_BODY_BYTES = 1024 * 1024;
/** Distinct courses one ingest request may name (each is looked up in the catalog). */
export const MAX_COURSES_PER_BATCH = 20;
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

export interface AnalyticsSettings extends WindowConfig {
  /**
   * Processing-time bound on delivery: while the event source is idle (nothing waiting in the
   * outbox), the clock moves the watermark to now − maxDelayMs, so windows close without new events.
   */
  maxDelayMs: number;
  /** How often that happens; 0 turns it off (tests drive `tick()` themselves). */
  tickMs: number;
  /** Ingest refuses lines whose occurredAt is further ahead of the server clock than this … */
  maxFutureMs: number;
  /** … or further behind (beyond it a line would mostly be dropped as too late anyway). */
  maxPastMs: number;
  /** How long closed windows are kept, per resolution. */
  retentionMs: Record<Resolution, number>;
  /**
   * A source (Kafka partition) with no event for this long stops holding back the watermark;
   * sources not heard from for a day are forgotten.
   */
  sourceIdleMs: number;
}

/** The source of events delivered without one (the in-process bus: the outbox, in order). */
export const DEFAULT_SOURCE = "outbox";
const FORGET_SOURCE_MS = 86_400_000;

export const DEFAULT_SETTINGS: AnalyticsSettings = {
  outOfOrderMs: 5_000,
  allowedLatenessMs: 10 * MINUTE,
  maxDelayMs: 30_000,
  tickMs: 5_000,
  maxFutureMs: MINUTE,
  maxPastMs: 10 * MINUTE,
  retentionMs: { "1m": 7 * DAY, "1h": 90 * DAY, "1d": Number.POSITIVE_INFINITY },
  sourceIdleMs: MINUTE,
};

/** How events were judged: on time, late (a closed window updated), dropped (too late), not learning. */
export type Outcome = "on_time" | "late" | "dropped" | "ignored";

/** What one transaction did: how its events were judged, updates for listeners, results it emitted. */
export interface Applied {
  outcomes: Record<Outcome, number>;
  updates: AnalyticsUpdate[];
  emitted: number;
}

const noOutcomes = (): Record<Outcome, number> => ({ on_time: 0, late: 0, dropped: 0, ignored: 0 });

/** One dashboard answer, good while the clock's second and the window data are the ones it saw. */
interface Snapshot<T> {
  second: number;
  generation: number;
  value: Promise<T>;
}

/** Bound on remembered answers per kind (series keys come from query strings). */
const MAX_SNAPSHOTS = 256;

export interface AnalyticsDeps {
  db: Db;
  catalog: CatalogClient;
  now: () => Date;
  settings: AnalyticsSettings;
  /** True when no event is waiting to be delivered (the clock may then advance the watermark). */
  sourceIdle: () => Promise<boolean>;
  /** After a transaction that emitted events commits. */
  afterCommit: () => void;
}

const iso = (ms: number): string => new Date(ms).toISOString();
const isoOrNull = (ms: number): string | null => (Number.isFinite(ms) ? iso(ms) : null);

function updateOf(r: SeriesRow): AnalyticsUpdate {
  return {
    scope: r.scope,
    resolution: r.resolution,
    windowStart: r.windowStart.toISOString(),
    revision: r.revision,
    closed: r.revision > 0,
    ...totalsOfRow(r),
  };
}

function resultEvent(r: SeriesRow): NewEvent {
  const windowStartIso = r.windowStart.toISOString();
  return {
    type: "analytics.window_updated",
    actor: "system",
    // Key: one window, so its revisions stay in order on a partitioned topic.
    aggregateId: `${r.scope}|${r.resolution}|${windowStartIso}`,
    payload: {
      scope: r.scope,
      resolution: r.resolution,
      windowStart: windowStartIso,
      revision: r.revision,
      uniqueLearners: r.uniqueLearners,
      events: r.events,
    },
  };
}

function funnelOf(t: AnalyticsTotals): AnalyticsFunnel {
  return [
    { step: "lesson_viewed", events: t.lessonViews },
    { step: "exercise_started", events: t.exercisesStarted },
    { step: "exercise_attempted", events: t.attempts },
    { step: "exercise_passed", events: t.passes },
  ];
}

const merged = (rows: SeriesRow[]): WindowState =>
  rows.reduce((acc, r) => mergeState(acc, stateOf(r)), emptyState());

export class AnalyticsService {
  private readonly d: AnalyticsDeps;
  private readonly s: AnalyticsSettings;
  private lastPrune = 0;
  private generation = 0;
  private readonly seriesMemo = new Map<string, Snapshot<AnalyticsSeries>>();
  private readonly overviewMemo = new Map<string, Snapshot<AnalyticsOverview>>();
  private readonly courseMemo = new Map<string, Snapshot<CourseAnalytics>>();

  constructor(deps: AnalyticsDeps) {
    this.d = deps;
    this.s = deps.settings;
  }

  async init(): Promise<void> {
    await ensureStream(this.d.db, STREAM);
  }

  // ---------- writing ----------

  /**
   * Applies learning events, in delivery order, inside the consumer's transaction (consume() records
   * their ids there too, so a redelivered event changes nothing). Each event is judged against the
   * watermark as the events before it left it. Windows are read once, folded in memory and written
   * once per call, so a batch costs a handful of statements, not a handful per event. Closed windows
   * the events touch get revision + 1 and their result is emitted (once per call, with every late
   * event in it); windows the advancing watermark closes get revision 1 and are emitted.
   */
  async applyEvents(events: readonly DomainEvent[], tx: Tx, source = DEFAULT_SOURCE): Promise<Applied> {
    const outcomes = noOutcomes();
    const facts = [];
    for (const e of events) {
      const f = toFact(e);
      if (f === null) outcomes.ignored++;
      else facts.push(f);
    }
    if (facts.length === 0) return { outcomes, updates: [], emitted: 0 };
    const stream = await lockStream(tx, STREAM);
    const before = stream.watermark;
    const now = this.d.now().getTime();
    let watermark = before;
    // This source's own progress; the stream's watermark is the lowest of the active sources'.
    const mark: SourceMark = stream.sources[source] ?? { watermark: Number.NEGATIVE_INFINITY, seenAt: now };
    /** The facts applied, each with the windows it lands in. */
    const kept: Array<{ fact: (typeof facts)[number]; refs: WindowRef[] }> = [];
    for (const fact of facts) {
      const verdict = timeliness(fact.time, watermark, this.s);
      if (verdict === "too_late") {
        outcomes.dropped++;
        stream.droppedLate++;
        continue;
      }
      outcomes[verdict]++;
      kept.push({ fact, refs: windowsOf(fact) });
      mark.watermark = advanceWatermark(mark.watermark, fact.time, this.s, now);
      mark.seenAt = now;
      stream.sources[source] = mark;
      watermark = combineWatermarks(watermark, stream.sources, now, this.s.sourceIdleMs);
      stream.maxEventTime = Math.max(stream.maxEventTime, fact.time);
    }
    for (const [name, s] of Object.entries(stream.sources))
      if (s.seenAt < now - FORGET_SOURCE_MS) delete stream.sources[name];
    const results: SeriesRow[] = [];
    const updates: AnalyticsUpdate[] = [];
    if (kept.length > 0) {
      const refs = new Map<string, WindowRef>();
      for (const k of kept)
        for (const ref of k.refs) refs.set(windowKey(ref.scope, ref.resolution, ref.start), ref);
      const stored = await loadWindows(tx, [...refs.values()]);
      const states = new Map<string, WindowState>();
      for (const { fact, refs: its } of kept) {
        for (const ref of its) {
          const key = windowKey(ref.scope, ref.resolution, ref.start);
          let state = states.get(key);
          if (state === undefined) {
            const row = stored.get(key);
            state = row ? stateOf(row) : emptyState();
            states.set(key, state);
          }
          applyFact(state, fact);
        }
      }
      const writes: WindowWrite[] = [...refs.entries()].map(([key, ref]) => ({
        ref,
        state: states.get(key) ?? emptyState(),
        // A window already closed when this call began: its result changes, so a new revision.
        revision: (stored.get(key)?.revision ?? 0) + (ref.end <= before ? 1 : 0),
      }));
      const written = await upsertWindows(tx, writes);
      results.push(...written.filter((r) => r.windowEnd.getTime() <= before));
      updates.push(...written.map(updateOf));
    }
    if (Math.floor(watermark / MINUTE) > Math.floor(before / MINUTE)) {
      const closed = await closeDue(tx, watermark);
      results.push(...closed);
      updates.push(...closed.map(updateOf));
    }
    stream.watermark = watermark;
    await saveStream(tx, STREAM, stream);
    if (results.length > 0) await emit(tx, ...results.map(resultEvent));
    return { outcomes, updates, emitted: results.length };
  }

  /**
   * Moves the watermark to now − maxDelayMs when the source is idle, closing (and emitting) windows
   * that end before it; prunes windows past their retention at most hourly.
   */
  async tick(): Promise<Applied> {
    const none: Applied = { outcomes: noOutcomes(), updates: [], emitted: 0 };
    const now = this.d.now().getTime();
    const target = now - this.s.maxDelayMs;
    const current = await readStream(this.d.db, STREAM);
    if (current && current.watermark >= target) return none;
    if (!(await this.d.sourceIdle())) return none;
    const out = await this.d.db.transaction(async (tx) => {
      const stream = await lockStream(tx, STREAM);
      if (stream.watermark >= target) return none;
      let closed: SeriesRow[] = [];
      if (Math.floor(target / MINUTE) > Math.floor(stream.watermark / MINUTE))
        closed = await closeDue(tx, target);
      stream.watermark = target;
      await saveStream(tx, STREAM, stream);
      if (closed.length > 0) await emit(tx, ...closed.map(resultEvent));
      return {
        outcomes: noOutcomes(),
        updates: closed.map(updateOf),
        emitted: closed.length,
      } satisfies Applied;
    });
    if (out.emitted > 0) this.d.afterCommit();
    if (now - this.lastPrune >= HOUR) {
      this.lastPrune = now;
      for (const [res, keep] of Object.entries(this.s.retentionMs) as Array<[Resolution, number]>)
        if (Number.isFinite(keep)) await prune(this.d.db, res, now - keep);
    }
    return out;
  }

  // ---------- reading ----------

  async stream(): Promise<StreamState> {
    return (
      (await readStream(this.d.db, STREAM)) ?? {
        watermark: Number.NEGATIVE_INFINITY,
        maxEventTime: Number.NEGATIVE_INFINITY,
        droppedLate: 0,
        sources: {},
      }
    );
  }

  /** One point per window with start in [from, to): stored rows, zeros where nothing happened. */
  private async points(
    scope: string,
    resolution: Resolution,
    from: number,
    to: number,
    watermark: number,
  ): Promise<AnalyticsPoint[]> {
    const size = RESOLUTION_MS[resolution];
    const rows = await readRange(this.d.db, scope, resolution, from, to);
    const byStart = new Map(rows.map((r) => [r.windowStart.getTime(), r]));
    const out: AnalyticsPoint[] = [];
    for (let t = windowStart(from, resolution); t < to; t += size) {
      const r = byStart.get(t);
      if (r) {
        const { scope: _s, resolution: _r, ...point } = updateOf(r);
        out.push(point);
      } else {
        out.push({
          windowStart: iso(t),
          revision: 0,
          closed: t + size <= watermark,
          ...totals(emptyState()),
        });
      }
    }
    return out;
  }

  /**
   * Forget every dashboard snapshot: called after each commit that changed a window, so a query
   * never answers from before a change it could have seen.
   */
  invalidate(): void {
    this.generation++;
    this.seriesMemo.clear();
    this.overviewMemo.clear();
    this.courseMemo.clear();
  }

  /** The dashboards' answers, reused within the same second of the processing clock until a change. */
  private memo<T>(memo: Map<string, Snapshot<T>>, key: string, make: () => Promise<T>): Promise<T> {
    const second = Math.floor(this.d.now().getTime() / 1000);
    const hit = memo.get(key);
    if (hit !== undefined && hit.second === second && hit.generation === this.generation) return hit.value;
    const value = make();
    const entry: Snapshot<T> = { second, generation: this.generation, value };
    if (memo.size >= MAX_SNAPSHOTS) memo.clear();
    memo.set(key, entry);
    // A failed query is not kept.
    value.catch(() => {
      if (memo.get(key) === entry) memo.delete(key);
    });
    return value;
  }

  series(q: AnalyticsSeriesQuery): Promise<AnalyticsSeries> {
    const key = `${q.scope}|${q.resolution}|${q.from ?? ""}|${q.to ?? ""}`;
    return this.memo(this.seriesMemo, key, () => this.readSeries(q));
  }

  overview(): Promise<AnalyticsOverview> {
    return this.memo(this.overviewMemo, "", () => this.readOverview());
  }

  /** A course's dashboard; accepts the course id or slug. */
  courseStats(courseIdOrSlug: string): Promise<CourseAnalytics> {
    return this.memo(this.courseMemo, courseIdOrSlug, () => this.readCourseStats(courseIdOrSlug));
  }

  private async readSeries(q: AnalyticsSeriesQuery): Promise<AnalyticsSeries> {
    const size = RESOLUTION_MS[q.resolution];
    const to = q.to === undefined ? this.d.now().getTime() : Date.parse(q.to);
    // Default: the 60 windows that end at or contain `to`.
    const from =
      q.from === undefined
        ? windowStart(to - 1, q.resolution) - 59 * size
        : windowStart(Date.parse(q.from), q.resolution);
    if (!(to > from)) throw new AppError("validation_failed", "`from` must be before `to`");
    const n = Math.ceil((to - from) / size);
    if (n > MAX_POINTS) {
      throw new AppError(
        "validation_failed",
        `That range has ${n} windows of ${q.resolution}; at most ${MAX_POINTS}: narrow it or use a coarser resolution`,
      );
    }
    const stream = await this.stream();
    return {
      scope: q.scope,
      resolution: q.resolution,
      from: iso(from),
      to: iso(to),
      watermark: isoOrNull(stream.watermark),
      points: await this.points(q.scope, q.resolution, from, to, stream.watermark),
    };
  }

  private async activeLearners(scope: string, now: number): Promise<number> {
    const minute = windowStart(now, "1m");
    return merged(
      await readRange(this.d.db, scope, "1m", minute - 4 * MINUTE, minute + MINUTE),
    ).learners.count();
  }

  private async last24h(scope: string, now: number): Promise<AnalyticsTotals> {
    const hour = windowStart(now, "1h");
    return totals(merged(await readRange(this.d.db, scope, "1h", hour - 23 * HOUR, hour + HOUR)));
  }

  private async readOverview(): Promise<AnalyticsOverview> {
    const now = this.d.now().getTime();
    const stream = await this.stream();
    const minute = windowStart(now, "1m");
    const hour = windowStart(now, "1h");
    const last24h = await this.last24h(GLOBAL_SCOPE, now);

    const byCourse = new Map<string, SeriesRow[]>();
    for (const r of await readCourseWindows(this.d.db, "1h", hour - 23 * HOUR, hour + HOUR)) {
      const list = byCourse.get(r.scope) ?? [];
      list.push(r);
      byCourse.set(r.scope, list);
    }
    const ranked = [...byCourse.entries()]
      .map(([scope, rows]) => ({ courseId: scope.slice("course:".length), t: totals(merged(rows)) }))
      .sort((a, b) => b.t.events - a.t.events || a.courseId.localeCompare(b.courseId))
      .slice(0, 10);
    const topCourses: AnalyticsCourseActivity[] = [];
    for (const { courseId, t } of ranked) {
      const c = await this.d.catalog.outline(courseId).catch(() => null);
      topCourses.push({ courseId, slug: c?.slug ?? null, title: c?.title ?? null, ...t });
    }
    return {
      generatedAt: iso(now),
      watermark: isoOrNull(stream.watermark),
      droppedLateEvents: stream.droppedLate,
      activeLearners5m: await this.activeLearners(GLOBAL_SCOPE, now),
      lastHour: await this.points(
        GLOBAL_SCOPE,
        "1m",
        minute - 59 * MINUTE,
        minute + MINUTE,
        stream.watermark,
      ),
      last24h,
      topCourses,
      funnel: funnelOf(last24h),
    };
  }

  private async readCourseStats(courseIdOrSlug: string): Promise<CourseAnalytics> {
    const course = await this.d.catalog.outline(courseIdOrSlug);
    const scope = `course:${course.id}`;
    const now = this.d.now().getTime();
    const stream = await this.stream();
    const minute = windowStart(now, "1m");
    const day = windowStart(now, "1d");
    const last24h = await this.last24h(scope, now);
    return {
      course: { id: course.id, slug: course.slug, title: course.title },
      generatedAt: iso(now),
      watermark: isoOrNull(stream.watermark),
      activeLearners5m: await this.activeLearners(scope, now),
      lastHour: await this.points(scope, "1m", minute - 59 * MINUTE, minute + MINUTE, stream.watermark),
      last24h,
      last30Days: await this.points(scope, "1d", day - 29 * DAY, day + DAY, stream.watermark),
      funnel: funnelOf(last24h),
    };
  }

  // ---------- ingest ----------

  /**
   * Turns NDJSON lines into learning.custom events for `userId`, all in one transaction. Each bad
   * line is reported with its (1-based) number and never stops the good ones.
   */
  async ingest(userId: string, body: string): Promise<AnalyticsIngestResult> {
    const lines = body.split("\n");
    if (lines.at(-1) === "") lines.pop();
    if (lines.length > MAX_LINES) {
      throw new AppError(
        "payload_too_large",
        `At most ${MAX_LINES} lines per request (this one has ${lines.length})`,
      );
    }
    const now = this.d.now().getTime();
    const errors: AnalyticsIngestResult["errors"] = [];
    const good: Array<{ line: number; value: AnalyticsEventLine; time: number }> = [];
    lines.forEach((text, i) => {
      const line = i + 1;
      const raw = text.trim();
      if (raw === "") return;
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        errors.push({ line, message: "not valid JSON" });
        return;
      }
      const parsed = AnalyticsEventLine.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
        errors.push({ line, message: `${where}${issue?.message ?? "invalid"}` });
        return;
      }
      const time = parsed.data.occurredAt === undefined ? now : Date.parse(parsed.data.occurredAt);
      if (time > now + this.s.maxFutureMs) {
        errors.push({
          line,
          message: `occurredAt is more than ${this.s.maxFutureMs / 1000} s in the future`,
        });
        return;
      }
      if (time < now - this.s.maxPastMs) {
        errors.push({
          line,
          message: `occurredAt is more than ${this.s.maxPastMs / 60_000} minutes in the past`,
        });
        return;
      }
      good.push({ line, value: parsed.data, time });
    });

    // Each named course must exist: a made-up id would open a scope of its own.
    const courses = new Map<string, string | null>();
    for (const g of good) {
      const id = g.value.courseId;
      if (id === undefined || courses.has(id) || courses.size >= MAX_COURSES_PER_BATCH) continue;
      try {
        courses.set(id, (await this.d.catalog.outline(id)).id);
      } catch (err) {
        if (!(err instanceof AppError && err.code === "not_found")) throw err;
        courses.set(id, null);
      }
    }
    const events: NewEvent[] = [];
    for (const g of good) {
      let courseId: string | null = null;
      if (g.value.courseId !== undefined) {
        const resolved = courses.get(g.value.courseId);
        if (resolved === undefined) {
          errors.push({
            line: g.line,
            message: `at most ${MAX_COURSES_PER_BATCH} different courses per request`,
          });
          continue;
        }
        if (resolved === null) {
          errors.push({ line: g.line, message: `courseId: no course ${g.value.courseId}` });
          continue;
        }
        courseId = resolved;
      }
      events.push({
        type: "learning.custom",
        actor: userId,
        aggregateId: userId,
        occurredAt: iso(g.time),
        payload: { userId, courseId, name: g.value.name, props: g.value.props ?? {} },
      });
    }
    if (events.length > 0) {
      await this.d.db.transaction(async (tx) => {
        await emit(tx, ...events);
      });
      this.d.afterCommit();
    }
    errors.sort((a, b) => a.line - b.line);
    return { accepted: events.length, rejected: errors.length, errors };
  }
}
