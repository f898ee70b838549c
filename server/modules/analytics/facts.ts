/**
 * From a learning event to a fact: the few fields the windows need (event time, what happened, the
 * learner's hash, the course, an attempt's verdict latency). Checks only those fields, by hand: events
 * on the bus were validated against their schema by the relay, and this runs once per event on the
 * aggregator's hot path.
 */
import { hash53 } from "./hash.ts";
import { bucketOf } from "./latency.ts";

export const KINDS = {
  "lesson.viewed": 0,
  "lesson.completed": 1,
  "exercise.started": 2,
  "exercise.attempted": 3,
  "exercise.passed": 4,
  "hint.revealed": 5,
  "learning.custom": 6,
} as const;
export type LearningEventType = keyof typeof KINDS;
export type Kind = (typeof KINDS)[LearningEventType];

export interface Fact {
  /** Event id (consume() applies each id once). */
  id: string;
  /** Event time, epoch milliseconds. */
  time: number;
  kind: Kind;
  /** hash53 of the learner's user id. */
  learner: number;
  /** null for custom events sent without a course: they count in the global scope only. */
  courseId: string | null;
  /** Verdict latency of an attempt in ms, −1 for other kinds. */
  durationMs: number;
  /** Its latency bucket (latency.ts `bucketOf`), computed once here rather than per window. */
  latencyBucket: number;
  /** Whether an attempt passed (false for other kinds). */
  passed: boolean;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  if (m <= 2) y -= 1;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** The last date parsed (as YYYYMMDD) and its day number: events come in runs of the same day. */
let lastYmd = -1;
let lastDays = 0;

/**
 * Epoch ms of an ISO-8601 time. The form `Date.prototype.toISOString` writes (every event emitted by
 * this server: YYYY-MM-DDTHH:MM:SS.sssZ) is read digit by digit, without allocating (Date.parse costs
 * more than half a microsecond, a large part of the aggregator's per-event budget); anything else, and
 * anything out of range, goes through Date.parse, so the result is always what Date.parse gives.
 * NaN when invalid.
 */
export function parseTime(s: string): number {
  if (
    s.length !== 24 ||
    s.charCodeAt(23) !== 90 ||
    s.charCodeAt(10) !== 84 ||
    s.charCodeAt(4) !== 45 ||
    s.charCodeAt(7) !== 45 ||
    s.charCodeAt(13) !== 58 ||
    s.charCodeAt(16) !== 58 ||
    s.charCodeAt(19) !== 46
  )
    return Date.parse(s);
  const y3 = s.charCodeAt(0) - 48;
  const y2 = s.charCodeAt(1) - 48;
  const y1 = s.charCodeAt(2) - 48;
  const y0 = s.charCodeAt(3) - 48;
  const o1 = s.charCodeAt(5) - 48;
  const o0 = s.charCodeAt(6) - 48;
  const d1 = s.charCodeAt(8) - 48;
  const d0 = s.charCodeAt(9) - 48;
  const h1 = s.charCodeAt(11) - 48;
  const h0 = s.charCodeAt(12) - 48;
  const m1 = s.charCodeAt(14) - 48;
  const m0 = s.charCodeAt(15) - 48;
  const s1 = s.charCodeAt(17) - 48;
  const s0 = s.charCodeAt(18) - 48;
  const f2 = s.charCodeAt(20) - 48;
  const f1 = s.charCodeAt(21) - 48;
  const f0 = s.charCodeAt(22) - 48;
  // Every character a digit: x and x + 6 both in 0..15 holds exactly for x in 0..9 (a negative x
  // sets the sign bit, one above 9 a bit above the lowest four). One OR chain, no comparisons.
  if (
    (y3 |
      (y3 + 6) |
      y2 |
      (y2 + 6) |
      y1 |
      (y1 + 6) |
      y0 |
      (y0 + 6) |
      o1 |
      (o1 + 6) |
      o0 |
      (o0 + 6) |
      d1 |
      (d1 + 6) |
      d0 |
      (d0 + 6) |
      h1 |
      (h1 + 6) |
      h0 |
      (h0 + 6) |
      m1 |
      (m1 + 6) |
      m0 |
      (m0 + 6) |
      s1 |
      (s1 + 6) |
      s0 |
      (s0 + 6) |
      f2 |
      (f2 + 6) |
      f1 |
      (f1 + 6) |
      f0 |
      (f0 + 6)) &
    ~15
  )
    return Date.parse(s);
  const h = h1 * 10 + h0;
  const mi = m1 * 10 + m0;
  const sec = s1 * 10 + s0;
  if (h > 23 || mi > 59 || sec > 59) return Date.parse(s);
  const ymd =
    y3 * 10_000_000 + y2 * 1_000_000 + y1 * 100_000 + y0 * 10_000 + o1 * 1000 + o0 * 100 + d1 * 10 + d0;
  if (ymd !== lastYmd) {
    const y = Math.floor(ymd / 10_000);
    const mo = o1 * 10 + o0;
    const d = d1 * 10 + d0;
    const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
    if (
      mo < 1 ||
      mo > 12 ||
      d < 1 ||
      d > (DAYS_IN_MONTH[mo - 1] as number) ||
      (mo === 2 && d === 29 && !leap)
    )
      return Date.parse(s);
    lastYmd = ymd;
    lastDays = daysFromCivil(y, mo, d);
  }
  return lastDays * 86_400_000 + h * 3_600_000 + mi * 60_000 + sec * 1000 + f2 * 100 + f1 * 10 + f0;
}

/** KINDS[type], or −1 (a switch: cheaper than a keyed lookup with a string fresh from JSON.parse). */
function kindOf(type: string): Kind | -1 {
  switch (type) {
    case "lesson.viewed":
      return KINDS["lesson.viewed"];
    case "lesson.completed":
      return KINDS["lesson.completed"];
    case "exercise.started":
      return KINDS["exercise.started"];
    case "exercise.attempted":
      return KINDS["exercise.attempted"];
    case "exercise.passed":
      return KINDS["exercise.passed"];
    case "hint.revealed":
      return KINDS["hint.revealed"];
    case "learning.custom":
      return KINDS["learning.custom"];
    default:
      return -1;
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null;

/** The fact of a learning event, or null when it is not one or lacks a field the windows need. */
export function toFact(raw: unknown): Fact | null {
  if (!isObj(raw)) return null;
  const { id, type, occurredAt, payload } = raw;
  if (typeof id !== "string" || typeof type !== "string" || typeof occurredAt !== "string") return null;
  const kind = kindOf(type);
  if (kind === -1 || !isObj(payload)) return null;
  const userId = payload.userId;
  if (typeof userId !== "string") return null;
  const courseId = payload.courseId;
  if (typeof courseId !== "string" && !(courseId === null && kind === KINDS["learning.custom"])) return null;
  const time = parseTime(occurredAt);
  if (Number.isNaN(time)) return null;
  let durationMs = -1;
  let latencyBucket = Number.NaN;
  let passed = false;
  if (kind === KINDS["exercise.attempted"]) {
    const d = payload.durationMs;
    const p = payload.passed;
    if (typeof d !== "number" || !Number.isFinite(d) || d < 0 || typeof p !== "boolean") return null;
    durationMs = d;
    latencyBucket = bucketOf(d);
    passed = p;
  }
  return { id, time, kind, learner: hash53(userId), courseId, durationMs, latencyBucket, passed };
}
