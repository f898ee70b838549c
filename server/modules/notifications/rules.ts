/**
 * The notification rules as pure functions: which kinds exist, what each channel does by default, how a
 * learner's explicit choices override the defaults, and how the weekly digest summarises a week.
 */
import type { NotificationChannel, NotificationKind, NotificationPreference } from "../../../common/api.ts";

export const KINDS: readonly NotificationKind[] = [
  "course_completed",
  "achievement_unlocked",
  "mention",
  "weekly_digest",
];
export const CHANNELS: readonly NotificationChannel[] = ["in_app", "email"];

/**
 * Defaults when a learner has not chosen: the inbox gets everything; email only for what is rare and
 * worth leaving the app for (a finished course, the weekly digest).
 */
export const DEFAULTS: Record<NotificationKind, Record<NotificationChannel, boolean>> = {
  course_completed: { in_app: true, email: true },
  achievement_unlocked: { in_app: true, email: false },
  mention: { in_app: true, email: false },
  weekly_digest: { in_app: true, email: true },
};

export interface PreferenceRow {
  kind: string;
  channel: NotificationChannel;
  enabled: boolean;
}

/** Whether `kind` goes out on `channel` given the learner's stored choices. */
export function isEnabled(
  rows: readonly PreferenceRow[],
  kind: NotificationKind,
  channel: NotificationChannel,
) {
  const chosen = rows.find((r) => r.kind === kind && r.channel === channel);
  return chosen ? chosen.enabled : DEFAULTS[kind][channel];
}

/** Every kind with both channels resolved, in a stable order (what the preferences endpoint returns). */
export function resolvePreferences(rows: readonly PreferenceRow[]): NotificationPreference[] {
  return KINDS.map((kind) => ({
    kind,
    inApp: isEnabled(rows, kind, "in_app"),
    email: isEnabled(rows, kind, "email"),
  }));
}

/**
 * The rows to store for an update: one per (kind, channel) the request mentions. Later entries for the
 * same kind win, and channels a request leaves out keep their current value.
 */
export function preferenceChanges(
  update: ReadonlyArray<{ kind: NotificationKind; inApp?: boolean | undefined; email?: boolean | undefined }>,
): PreferenceRow[] {
  const out = new Map<string, PreferenceRow>();
  for (const u of update) {
    if (u.inApp !== undefined)
      out.set(`${u.kind}:in_app`, { kind: u.kind, channel: "in_app", enabled: u.inApp });
    if (u.email !== undefined)
      out.set(`${u.kind}:email`, { kind: u.kind, channel: "email", enabled: u.email });
  }
  return [...out.values()];
}

/** A learner's week, summed from the daily activity counters. */
export interface WeekActivity {
  lessonsCompleted: number;
  exercisesPassed: number;
  attempts: number;
  coursesCompleted: number;
  achievementsUnlocked: number;
  mentions: number;
  bestStreak: number;
  activeDays: number;
}

export const EMPTY_WEEK: WeekActivity = {
  lessonsCompleted: 0,
  exercisesPassed: 0,
  attempts: 0,
  coursesCompleted: 0,
  achievementsUnlocked: 0,
  mentions: 0,
  bestStreak: 0,
  activeDays: 0,
};

export function sumWeek(
  days: ReadonlyArray<Omit<WeekActivity, "activeDays"> & { day: string }>,
): WeekActivity {
  const w = { ...EMPTY_WEEK };
  for (const d of days) {
    w.lessonsCompleted += d.lessonsCompleted;
    w.exercisesPassed += d.exercisesPassed;
    w.attempts += d.attempts;
    w.coursesCompleted += d.coursesCompleted;
    w.achievementsUnlocked += d.achievementsUnlocked;
    w.mentions += d.mentions;
    w.bestStreak = Math.max(w.bestStreak, d.bestStreak);
    if (d.lessonsCompleted + d.exercisesPassed + d.attempts > 0) w.activeDays++;
  }
  return w;
}

/** Whether a week is worth a digest: anything happened at all. */
export const hasActivity = (w: WeekActivity, highlights: number): boolean =>
  highlights > 0 ||
  w.lessonsCompleted +
    w.exercisesPassed +
    w.attempts +
    w.coursesCompleted +
    w.achievementsUnlocked +
    w.mentions >
    0;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The lines of a digest, in the order they are shown; only what is non-zero. */
export function digestLines(w: WeekActivity): string[] {
  const lines: string[] = [];
  if (w.lessonsCompleted > 0) lines.push(`${plural(w.lessonsCompleted, "lesson", "lessons")} completed`);
  if (w.exercisesPassed > 0) lines.push(`${plural(w.exercisesPassed, "exercise", "exercises")} passed`);
  if (w.attempts > 0) lines.push(`${plural(w.attempts, "test run", "test runs")}`);
  if (w.coursesCompleted > 0) lines.push(`${plural(w.coursesCompleted, "course", "courses")} completed`);
  if (w.achievementsUnlocked > 0)
    lines.push(`${plural(w.achievementsUnlocked, "achievement", "achievements")} unlocked`);
  if (w.mentions > 0) lines.push(`${plural(w.mentions, "mention", "mentions")} in course chat`);
  if (w.bestStreak > 1) lines.push(`a ${w.bestStreak}-day streak`);
  if (w.activeDays > 0) lines.push(`active on ${plural(w.activeDays, "day", "days")} of 7`);
  return lines;
}

/** One short sentence for the in-app digest notification. */
export function digestSummary(w: WeekActivity): string {
  const lines = digestLines(w);
  return lines.length > 0 ? `This week: ${lines.join(", ")}.` : "A quiet week. Pick up where you left off.";
}
