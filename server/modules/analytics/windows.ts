/**
 * Event-time tumbling windows: what a window holds, how events land in windows, the watermark and
 * allowed lateness, and an in-memory streaming aggregator. The database consumer (service.ts) applies
 * exactly these rules to stored windows; the aggregator runs them in memory for the benchmark and tests.
 *
 * Rules (docs/analytics.md explains them with examples):
 * - Windows are [start, start + size) in UTC epoch time for 1 m, 1 h and 1 d; an event at time t is in
 *   exactly one window of each size, the one with start = ⌊t / size⌋ · size.
 * - Watermark = the largest event time seen minus `outOfOrderMs`, never running ahead of the processing
 *   clock minus the same margin (a client clock in the future cannot close windows early). A window is
 *   closed once its end ≤ watermark; its first result (revision 1) is emitted then.
 * - An event is judged on its minute window: open → applied; closed for less than `allowedLatenessMs`
 *   → applied, and every already-closed window it touches (minute, hour, day) is re-emitted with
 *   revision + 1; closed for longer → dropped and counted, touching nothing (so an hour is always the
 *   merge of its minutes).
 * - Roll-ups: an hour's state is the merge of its minutes' states, a day's the merge of its hours'
 *   (sketches merge, counters add). Applying an event to all three sizes at once gives the same states.
 */
import { type Fact, KINDS } from "./facts.ts";
import { HyperLogLog } from "./hll.ts";
import { type LatencyJson, LatencySummary, type Percentiles } from "./latency.ts";

export type Resolution = "1m" | "1h" | "1d";
export const RESOLUTIONS: readonly Resolution[] = ["1m", "1h", "1d"];
export const RESOLUTION_MS: Readonly<Record<Resolution, number>> = {
  "1m": 60_000,
  "1h": 3_600_000,
  "1d": 86_400_000,
};
const SIZES = RESOLUTIONS.map((r) => RESOLUTION_MS[r]);
const MINUTE = 60_000;

export const windowStart = (t: number, res: Resolution): number =>
  Math.floor(t / RESOLUTION_MS[res]) * RESOLUTION_MS[res];
export const windowEnd = (start: number, res: Resolution): number => start + RESOLUTION_MS[res];

export const GLOBAL_SCOPE = "global";
export const courseScope = (courseId: string): string => `course:${courseId}`;
/** The scopes a fact counts in: always global, and its course when it has one. */
export const scopesOf = (f: Fact): string[] =>
  f.courseId === null ? [GLOBAL_SCOPE] : [GLOBAL_SCOPE, courseScope(f.courseId)];

// ---------- window state ----------

export const COUNTERS = [
  "lessonViews",
  "lessonCompletions",
  "exercisesStarted",
  "attempts",
  "passedAttempts",
  "passes",
  "hintsRevealed",
  "customEvents",
  "events",
] as const;
export type Counter = (typeof COUNTERS)[number];
export type Counters = Record<Counter, number>;

export interface WindowState extends Counters {
  learners: HyperLogLog;
  latency: LatencySummary;
}

export function emptyState(): WindowState {
  return {
    learners: new HyperLogLog(),
    latency: new LatencySummary(),
    lessonViews: 0,
    lessonCompletions: 0,
    exercisesStarted: 0,
    attempts: 0,
    passedAttempts: 0,
    passes: 0,
    hintsRevealed: 0,
    customEvents: 0,
    events: 0,
  };
}

export function applyFact(s: WindowState, f: Fact): void {
  s.learners.add(f.learner);
  applyCounts(s, f);
}

/** applyFact without the learner: the counters and the latency. */
function applyCounts(s: WindowState, f: Fact): void {
  s.events++;
  switch (f.kind) {
    case KINDS["lesson.viewed"]:
      s.lessonViews++;
      break;
    case KINDS["lesson.completed"]:
      s.lessonCompletions++;
      break;
    case KINDS["exercise.started"]:
      s.exercisesStarted++;
      break;
    case KINDS["exercise.attempted"]:
      s.attempts++;
      if (f.passed) s.passedAttempts++;
      s.latency.addInBucket(f.durationMs, f.latencyBucket);
      break;
    case KINDS["exercise.passed"]:
      s.passes++;
      break;
    case KINDS["hint.revealed"]:
      s.hintsRevealed++;
      break;
    case KINDS["learning.custom"]:
      s.customEvents++;
      break;
  }
}

/** Folds `from` into `into` (sketches merge, counters add) and returns `into`. */
export function mergeState(into: WindowState, from: WindowState): WindowState {
  into.learners.merge(from.learners);
  into.latency.merge(from.latency);
  for (const k of COUNTERS) into[k] += from[k];
  return into;
}

export const cloneState = (s: WindowState): WindowState => mergeState(emptyState(), s);

/** What a window says: counts, unique learners, pass rate and latency percentiles. */
export interface WindowTotals extends Counters {
  uniqueLearners: number;
  /** Passed attempts / attempts, null without attempts. */
  passRate: number | null;
  latencyMs: Percentiles | null;
}

export function totals(s: WindowState): WindowTotals {
  const out = { uniqueLearners: s.learners.count() } as WindowTotals;
  for (const k of COUNTERS) out[k] = s[k];
  out.passRate = s.attempts === 0 ? null : Math.round((s.passedAttempts / s.attempts) * 10_000) / 10_000;
  out.latencyMs = s.latency.percentiles();
  return out;
}

/** A plain, comparable form of a state (tests compare these; equal states give equal forms). */
export function canonical(s: WindowState): Counters & { learners: string; latency: LatencyJson } {
  const out = {
    learners: Buffer.from(s.learners.serialize()).toString("base64"),
    latency: s.latency.toJSON(),
  } as Counters & { learners: string; latency: LatencyJson };
  for (const k of COUNTERS) out[k] = s[k];
  return out;
}

// ---------- watermark and lateness ----------

export interface WindowConfig {
  /** How far out of event-time order events may arrive before their window closes. */
  outOfOrderMs: number;
  /** How long after closing a window still accepts (and re-emits for) late events. */
  allowedLatenessMs: number;
}
export const DEFAULT_WINDOW_CONFIG: WindowConfig = { outOfOrderMs: 5_000, allowedLatenessMs: 10 * 60_000 };

export type Timeliness = "on_time" | "late" | "too_late";

/** How an event at `time` stands against `watermark`, judged on its minute window. */
export function timeliness(time: number, watermark: number, cfg: WindowConfig): Timeliness {
  const end = Math.floor(time / MINUTE) * MINUTE + MINUTE;
  if (end > watermark) return "on_time";
  if (end + cfg.allowedLatenessMs > watermark) return "late";
  return "too_late";
}

/** Where one ordered source of events (a Kafka partition, the outbox) has got to in event time. */
export interface SourceMark {
  /** That source's own watermark: its latest event time (capped by now) − outOfOrderMs. */
  watermark: number;
  /** Processing time of its latest event. */
  seenAt: number;
}

/**
 * The stream's watermark from its sources: the lowest among those heard from within `idleMs`
 * (a source that has gone quiet stops holding the others back, as an idle Kafka partition must),
 * never below `current`. With one source this is that source's watermark.
 */
export function combineWatermarks(
  current: number,
  sources: Readonly<Record<string, SourceMark>>,
  now: number,
  idleMs: number,
): number {
  let low = Number.POSITIVE_INFINITY;
  for (const s of Object.values(sources))
    if (s.seenAt >= now - idleMs && s.watermark < low) low = s.watermark;
  return Number.isFinite(low) && low > current ? low : current;
}

/** The watermark after an event at `time`; `now` (processing time) caps it. Never moves back. */
export function advanceWatermark(watermark: number, time: number, cfg: WindowConfig, now = Infinity): number {
  const candidate = (time < now ? time : now) - cfg.outOfOrderMs;
  return candidate > watermark ? candidate : watermark;
}

export interface WindowRef {
  scope: string;
  resolution: Resolution;
  start: number;
  end: number;
}

/** Every window a fact lands in: each resolution × each scope. */
export function windowsOf(f: Fact): WindowRef[] {
  const out: WindowRef[] = [];
  for (const resolution of RESOLUTIONS) {
    const start = windowStart(f.time, resolution);
    for (const scope of scopesOf(f))
      out.push({ scope, resolution, start, end: windowEnd(start, resolution) });
  }
  return out;
}

export const windowKey = (scope: string, resolution: Resolution, start: number): string =>
  `${scope}|${resolution}|${start}`;

/** All facts applied with no watermark: every window of every fact (the reference for the tests). */
export function aggregate(facts: Iterable<Fact>): Map<string, WindowState> {
  const out = new Map<string, WindowState>();
  for (const f of facts) {
    for (const w of windowsOf(f)) {
      const k = windowKey(w.scope, w.resolution, w.start);
      let s = out.get(k);
      if (!s) {
        s = emptyState();
        out.set(k, s);
      }
      applyFact(s, f);
    }
  }
  return out;
}

/** Merges two window maps into a new one (inputs untouched). */
export function mergeAggregates(
  a: Map<string, WindowState>,
  b: Map<string, WindowState>,
): Map<string, WindowState> {
  const out = new Map<string, WindowState>();
  for (const [k, s] of a) out.set(k, cloneState(s));
  for (const [k, s] of b) {
    const mine = out.get(k);
    if (mine) mergeState(mine, s);
    else out.set(k, cloneState(s));
  }
  return out;
}

/** Rolls finer windows up into `res` (minutes → hours, hours → days, minutes → days). */
export function rollUp(
  windows: Map<string, WindowState>,
  from: Resolution,
  to: Resolution,
): Map<string, WindowState> {
  const out = new Map<string, WindowState>();
  for (const [k, s] of windows) {
    const [scope, res, start] = k.split("|") as [string, Resolution, string];
    if (res !== from) continue;
    const key = windowKey(scope, to, windowStart(Number(start), to));
    const mine = out.get(key);
    if (mine) mergeState(mine, s);
    else out.set(key, cloneState(s));
  }
  return out;
}

// ---------- the streaming aggregator ----------

/** A window's result: provisional (revision 0) while open, then 1 on close, +1 per late update. */
export interface WindowResult {
  scope: string;
  resolution: Resolution;
  windowStart: number;
  revision: number;
  final: boolean;
  totals: WindowTotals;
}

interface Slot {
  scope: string;
  courseId: string | null;
  /** Minutes: the window's state. Hours and days: the merge of what was folded into them so far. */
  state: WindowState;
  revision: number;
}
interface Group {
  /** start / size: a small integer, a cheaper Map key than the start in ms. */
  index: number;
  start: number;
  end: number;
  closed: boolean;
  /** Minutes and hours: past their lateness and merged into the window one size up. */
  folded: boolean;
  global: Slot;
  courses: Map<string, Slot>;
  /** Minutes, while open: the learners of the events without a course (see `ingest`). */
  loose: HyperLogLog | null;
}

export interface AggregatorOptions extends Partial<WindowConfig> {
  /** Called with each result the moment it is due: when a window closes and on every late update. */
  onResult?: (r: WindowResult) => void;
  /** Keep windows in memory after their lateness has passed (tests read them with `windows()`). */
  retain?: boolean;
}

const HOUR_R = 1;
const DAY_R = 2;

/**
 * Applies facts to in-memory windows under the watermark rules above.
 *
 * Each fact updates only its minute windows (global and course), and only one learner sketch: an open
 * minute's global learners are the union of its courses' and of the events without a course, gathered
 * when it closes. Hours and days are roll-ups: once a minute is past its allowed lateness it can no
 * longer change, and its states are merged into its hour's; once an hour is (so are all its minutes),
 * the hour's are merged into its day's. Until then an hour's state is that merge plus its minutes still
 * pending, and a day's its merge plus its pending hours and minutes. So an event costs one sketch
 * update instead of six, a minute's sketches are merged once (not into both hour and day), and an hour
 * is by construction the merge of its minutes, a day the merge of its hours. Windows past their allowed
 * lateness leave memory (their last result was final) unless `retain` is set; a minute's sketches then
 * hand their arrays to the next minutes.
 */
export class WindowAggregator {
  watermark = Number.NEGATIVE_INFINITY;
  /** Facts applied on time, applied late, and dropped as too late. */
  readonly counts = { onTime: 0, late: 0, dropped: 0 };
  private readonly cfg: WindowConfig;
  private readonly onResult: ((r: WindowResult) => void) | undefined;
  private readonly retain: boolean;
  private readonly groups: Array<Map<number, Group>> = RESOLUTIONS.map(() => new Map());
  /** The minute of the last event applied, while it is in memory. */
  private lastMinute: Group | null = null;

  constructor(opts: AggregatorOptions = {}) {
    this.cfg = {
      outOfOrderMs: opts.outOfOrderMs ?? DEFAULT_WINDOW_CONFIG.outOfOrderMs,
      allowedLatenessMs: opts.allowedLatenessMs ?? DEFAULT_WINDOW_CONFIG.allowedLatenessMs,
    };
    this.onResult = opts.onResult;
    this.retain = opts.retain ?? false;
  }

  /** Applies one fact; `now` is the processing clock that caps the watermark. */
  ingest(f: Fact, now?: number): Timeliness {
    const wm = this.watermark;
    const verdict = timeliness(f.time, wm, this.cfg);
    if (verdict === "too_late") {
      this.counts.dropped++;
      return verdict;
    }
    const index = Math.floor(f.time / MINUTE);
    // Events come mostly in time order, so most are in the minute of the one before.
    const last = this.lastMinute;
    let g = last !== null && last.index === index ? last : (this.groups[0] as Map<number, Group>).get(index);
    if (g === undefined) {
      g = this.group(0, index);
      // Its hour and day exist from the start, so closing them finds them.
      this.groupAt(HOUR_R, f.time);
      this.groupAt(DAY_R, f.time);
    }
    this.lastMinute = g;
    const course = f.courseId === null ? null : this.slot(g, f.courseId);
    if (course !== null) applyFact(course.state, f);
    // While a minute is open its global learners are not kept: they are the union of its courses'
    // and of the loose ones (events without a course), gathered when it closes. One sketch update per
    // event instead of two. Once closed (late events), the global sketch is updated directly.
    if (g.closed) applyFact(g.global.state, f);
    else {
      applyCounts(g.global.state, f);
      if (course === null) {
        if (g.loose === null) g.loose = new HyperLogLog();
        g.loose.add(f.learner);
      }
    }
    if (verdict === "late") {
      this.counts.late++;
      // Its minute is closed; its hour and day may be too: each closed one gets a new revision.
      this.bump(g.global, 0, g);
      if (course !== null) this.bump(course, 0, g);
      for (const r of [HOUR_R, DAY_R]) {
        const up = this.groupAt(r, f.time);
        if (!up.closed) continue;
        this.bump(up.global, r, up);
        if (f.courseId !== null) this.bump(this.slot(up, f.courseId), r, up);
      }
    } else this.counts.onTime++;
    const next = advanceWatermark(wm, f.time, this.cfg, now);
    if (next > wm) this.advanceTo(next);
    return verdict;
  }

  /** Moves the watermark (e.g. by the processing clock when events are sparse), closing windows. */
  advanceTo(watermark: number): void {
    const before = this.watermark;
    if (watermark <= before) return;
    this.watermark = watermark;
    // Windows end (and lateness passes) on whole minutes plus a constant: nothing to do in between.
    if (Math.floor(watermark / MINUTE) === Math.floor(before / MINUTE)) return;
    const lateness = this.cfg.allowedLatenessMs;
    const minutes = this.groups[0] as Map<number, Group>;
    // Minutes first: closing them, then folding those past their lateness into their hours.
    for (const g of minutes.values()) {
      if (!g.closed && g.end <= watermark) this.close(g, 0);
      if (!g.folded && g.end + lateness <= watermark) this.fold(g);
      if (!this.retain && g.folded) {
        minutes.delete(g.index);
        if (this.lastMinute === g) this.lastMinute = null;
        // Folded, its sketches are read no more: their arrays serve the next minutes.
        g.global.state.learners.reset();
        for (const c of g.courses.values()) c.state.learners.reset();
      }
    }
    // Then hours: closing them, and folding those past their lateness (so are all their minutes) into days.
    for (const r of [HOUR_R, DAY_R]) {
      const byIndex = this.groups[r] as Map<number, Group>;
      for (const g of byIndex.values()) {
        if (!g.closed && g.end <= watermark) this.close(g, r);
        if (g.end + lateness > watermark) continue;
        if (r === HOUR_R && !g.folded) this.fold(g, DAY_R);
        if (!this.retain) byIndex.delete(g.index);
      }
    }
  }

  /** Every window held in memory, keyed by windowKey, with its state and revision. */
  windows(): Map<string, { state: WindowState; revision: number; closed: boolean }> {
    const out = new Map<string, { state: WindowState; revision: number; closed: boolean }>();
    RESOLUTIONS.forEach((res, r) => {
      for (const g of (this.groups[r] as Map<number, Group>).values()) {
        if (r > 0) this.adoptScopes(g, r);
        for (const slot of [g.global, ...g.courses.values()]) {
          const state = this.stateOf(slot, r, g);
          if (state.events === 0) continue;
          out.set(windowKey(slot.scope, res, g.start), { state, revision: slot.revision, closed: g.closed });
        }
      }
    });
    return out;
  }

  private group(r: number, index: number): Group {
    const size = SIZES[r] as number;
    const start = index * size;
    const g: Group = {
      index,
      start,
      end: start + size,
      closed: start + size <= this.watermark,
      folded: false,
      global: { scope: GLOBAL_SCOPE, courseId: null, state: emptyState(), revision: 0 },
      courses: new Map(),
      loose: null,
    };
    (this.groups[r] as Map<number, Group>).set(index, g);
    return g;
  }

  private groupAt(r: number, time: number): Group {
    const index = Math.floor(time / (SIZES[r] as number));
    return (this.groups[r] as Map<number, Group>).get(index) ?? this.group(r, index);
  }

  private slot(g: Group, courseId: string): Slot {
    let s = g.courses.get(courseId);
    if (s === undefined) {
      s = { scope: courseScope(courseId), courseId, state: emptyState(), revision: 0 };
      g.courses.set(courseId, s);
    }
    return s;
  }

  /**
   * What an hour or day has not folded in yet: its unfolded minutes, and for a day also its unfolded
   * hours (each holding its folded minutes; the others are among the unfolded minutes).
   */
  private *pending(g: Group, r: number): Generator<Group> {
    for (let below = 0; below < r; below++)
      for (const p of (this.groups[below] as Map<number, Group>).values())
        if (!p.folded && p.start >= g.start && p.start < g.end) yield p;
  }

  /** A window's current state: a minute's own; an hour's or day's folded part plus what is pending. */
  private stateOf(slot: Slot, r: number, g: Group): WindowState {
    if (r === 0) return slot.courseId === null ? this.globalState(g) : slot.state;
    const out = cloneState(slot.state);
    for (const p of this.pending(g, r)) {
      if (slot.courseId === null) mergeState(out, this.globalState(p));
      else {
        const ps = p.courses.get(slot.courseId);
        if (ps !== undefined) mergeState(out, ps.state);
      }
    }
    return out;
  }

  /** A group's global state; for an open minute, with the learners it does not keep gathered in. */
  private globalState(g: Group): WindowState {
    if (g.closed || g.end - g.start !== MINUTE) return g.global.state;
    const out = cloneState(g.global.state);
    this.gather(g, out.learners);
    return out;
  }

  /** Merges a minute's course and loose learners into `into`. */
  private gather(m: Group, into: HyperLogLog): void {
    for (const c of m.courses.values()) into.merge(c.state.learners);
    if (m.loose !== null) into.merge(m.loose);
  }

  /** Gives an hour or day a slot for every course that what it has pending has. */
  private adoptScopes(g: Group, r: number): void {
    for (const p of this.pending(g, r)) for (const id of p.courses.keys()) this.slot(g, id);
  }

  private close(g: Group, r: number): void {
    g.closed = true;
    if (r === 0) {
      // From now on the minute's global learners are kept: gather them.
      this.gather(g, g.global.state.learners);
      g.loose?.reset();
      g.loose = null;
    }
    if (r > 0) this.adoptScopes(g, r);
    for (const slot of [g.global, ...g.courses.values()]) this.bump(slot, r, g);
  }

  /** Merges a minute, or an hour, that can no longer change into the window one size up. */
  private fold(g: Group, into = HOUR_R): void {
    const up = this.groupAt(into, g.start);
    mergeState(up.global.state, g.global.state);
    for (const [id, s] of g.courses) mergeState(this.slot(up, id).state, s.state);
    g.folded = true;
  }

  private bump(slot: Slot, r: number, g: Group): void {
    slot.revision++;
    if (this.onResult)
      this.onResult({
        scope: slot.scope,
        resolution: RESOLUTIONS[r] as Resolution,
        windowStart: g.start,
        revision: slot.revision,
        final: true,
        totals: totals(this.stateOf(slot, r, g)),
      });
  }
}
