/** Reads and writes of the analytics schema: window rows and the stream's watermark. */
import { and, asc, eq, gte, isNull, like, lt, lte, or, sql } from "drizzle-orm";
import type { Executor, Tx } from "../../platform/db.ts";
import type { Topic } from "../../platform/events.ts";
import { outbox } from "../../platform/schema.ts";
import { HyperLogLog } from "./hll.ts";
import { LatencySummary } from "./latency.ts";
import { series, streams } from "./schema.ts";
import {
  COUNTERS,
  type Resolution,
  type SourceMark,
  type WindowRef,
  type WindowState,
  type WindowTotals,
  windowKey,
} from "./windows.ts";

export type SeriesRow = typeof series.$inferSelect;

export interface StreamState {
  /** Epoch ms; −∞ before the first event. */
  watermark: number;
  maxEventTime: number;
  droppedLate: number;
  /** Each source's own watermark; the stream's is the lowest of the active ones. */
  sources: Record<string, SourceMark>;
}

function stateOfStream(row: typeof streams.$inferSelect): StreamState {
  return {
    watermark: row.watermark ?? Number.NEGATIVE_INFINITY,
    maxEventTime: row.maxEventTime ?? Number.NEGATIVE_INFINITY,
    droppedLate: row.droppedLate,
    sources: { ...row.sources },
  };
}

export function stateOf(r: SeriesRow): WindowState {
  const s = {
    learners: HyperLogLog.deserialize(r.learners),
    latency: LatencySummary.fromJSON(r.latency),
  } as WindowState;
  for (const k of COUNTERS) s[k] = r[k];
  return s;
}

/** A row's totals without decoding its sketch (its estimate is stored beside it). */
export function totalsOfRow(r: SeriesRow): WindowTotals {
  const out = { uniqueLearners: r.uniqueLearners } as WindowTotals;
  for (const k of COUNTERS) out[k] = r[k];
  out.passRate = r.attempts === 0 ? null : Math.round((r.passedAttempts / r.attempts) * 10_000) / 10_000;
  out.latencyMs = LatencySummary.fromJSON(r.latency).percentiles();
  return out;
}

export async function ensureStream(db: Executor, stream: string): Promise<void> {
  await db.insert(streams).values({ stream }).onConflictDoNothing();
}

/** The stream's row, locked until the transaction ends: analytics writers apply one at a time. */
export async function lockStream(tx: Tx, stream: string): Promise<StreamState> {
  let [row] = await tx.select().from(streams).where(eq(streams.stream, stream)).for("update");
  if (!row) {
    await ensureStream(tx, stream);
    [row] = await tx.select().from(streams).where(eq(streams.stream, stream)).for("update");
  }
  if (!row) throw new Error(`analytics stream ${stream} is missing`);
  return stateOfStream(row);
}

export async function readStream(db: Executor, stream: string): Promise<StreamState | null> {
  const [row] = await db.select().from(streams).where(eq(streams.stream, stream));
  if (!row) return null;
  return stateOfStream(row);
}

const finite = (n: number): number | null => (Number.isFinite(n) ? n : null);

export async function saveStream(tx: Tx, stream: string, s: StreamState): Promise<void> {
  await tx
    .update(streams)
    .set({
      watermark: finite(s.watermark),
      maxEventTime: finite(s.maxEventTime),
      droppedLate: s.droppedLate,
      sources: s.sources,
      updatedAt: sql`now()`,
    })
    .where(eq(streams.stream, stream));
}

/** The stored windows among `refs`, by windowKey. */
export async function loadWindows(tx: Tx, refs: WindowRef[]): Promise<Map<string, SeriesRow>> {
  const rows = await tx
    .select()
    .from(series)
    .where(
      or(
        ...refs.map((r) =>
          and(
            eq(series.scope, r.scope),
            eq(series.resolution, r.resolution),
            eq(series.windowStart, new Date(r.start)),
          ),
        ),
      ),
    );
  return new Map(rows.map((r) => [windowKey(r.scope, r.resolution, r.windowStart.getTime()), r]));
}

export interface WindowWrite {
  ref: WindowRef;
  revision: number;
  state: WindowState;
}

/** Inserts or replaces windows in one statement; returns the rows as written. */
export async function upsertWindows(tx: Tx, writes: WindowWrite[]): Promise<SeriesRow[]> {
  if (writes.length === 0) return [];
  const values = writes.map((w) => {
    const v = {
      scope: w.ref.scope,
      resolution: w.ref.resolution,
      windowStart: new Date(w.ref.start),
      windowEnd: new Date(w.ref.end),
      revision: w.revision,
      learners: w.state.learners.serialize(),
      uniqueLearners: w.state.learners.count(),
      latency: w.state.latency.toJSON(),
    } as typeof series.$inferInsert;
    for (const k of COUNTERS) v[k] = w.state[k];
    return v;
  });
  const set: Record<string, unknown> = {
    revision: sql`excluded.revision`,
    learners: sql`excluded.learners`,
    uniqueLearners: sql`excluded.unique_learners`,
    latency: sql`excluded.latency`,
    updatedAt: sql`now()`,
  };
  for (const k of COUNTERS) set[k] = sql.raw(`excluded.${series[k].name}`);
  return tx
    .insert(series)
    .values(values)
    .onConflictDoUpdate({ target: [series.scope, series.resolution, series.windowStart], set })
    .returning();
}

/** Closes every open window that ends at or before `watermark` (revision 0 → 1); returns them. */
export async function closeDue(tx: Tx, watermark: number): Promise<SeriesRow[]> {
  return tx
    .update(series)
    .set({ revision: 1, updatedAt: sql`now()` })
    .where(and(eq(series.revision, 0), lte(series.windowEnd, new Date(watermark))))
    .returning();
}

/** Windows of one scope and resolution with start in [from, to), oldest first. */
export async function readRange(
  db: Executor,
  scope: string,
  resolution: Resolution,
  from: number,
  to: number,
): Promise<SeriesRow[]> {
  return db
    .select()
    .from(series)
    .where(
      and(
        eq(series.scope, scope),
        eq(series.resolution, resolution),
        gte(series.windowStart, new Date(from)),
        lt(series.windowStart, new Date(to)),
      ),
    )
    .orderBy(asc(series.windowStart));
}

/** Every course's windows of one resolution with start in [from, to). */
export async function readCourseWindows(
  db: Executor,
  resolution: Resolution,
  from: number,
  to: number,
): Promise<SeriesRow[]> {
  return db
    .select()
    .from(series)
    .where(
      and(
        eq(series.resolution, resolution),
        gte(series.windowStart, new Date(from)),
        lt(series.windowStart, new Date(to)),
        like(series.scope, "course:%"),
      ),
    );
}

/** Deletes closed windows of `resolution` that ended before `before`; returns how many. */
export async function prune(db: Executor, resolution: Resolution, before: number): Promise<number> {
  const gone = await db
    .delete(series)
    .where(
      and(
        eq(series.resolution, resolution),
        sql`${series.revision} > 0`,
        lt(series.windowEnd, new Date(before)),
      ),
    )
    .returning({ scope: series.scope });
  return gone.length;
}

/** Whether any event of `topic` waits in the kernel's outbox (the source is not idle then). */
export async function hasUnpublished(db: Executor, topic: Topic): Promise<boolean> {
  const rows = await db
    .select({ seq: outbox.seq })
    .from(outbox)
    .where(and(isNull(outbox.publishedAt), eq(outbox.topic, topic)))
    .limit(1);
  return rows.length > 0;
}
