/**
 * The learning rules as pure functions: streaks, achievements, course progress. Tested directly,
 * including with generated inputs.
 */
import type { ItemState } from "../../../common/api.ts";
import { daysBetween } from "../../platform/clock.ts";

/** Points for the course leaderboards: a lesson completed, an exercise passed (each counted once). */
export const LEADERBOARD_POINTS = Object.freeze({ lesson: 2, exercise: 10 });
/** Rows a leaderboard shows. */
export const LEADERBOARD_SIZE = 20;

/** Monday 00:00 UTC of the week holding `now` (ISO weeks start on Monday). */
export function weekStart(now: Date): Date {
  const day = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const sinceMonday = (new Date(day).getUTCDay() + 6) % 7;
  return new Date(day - sinceMonday * 86_400_000);
}

export interface StreakState {
  current: number;
  longest: number;
  lastActiveDay: string | null;
}

/** Records activity on `today` (YYYY-MM-DD). Same day: unchanged; the next day: +1; a gap: back to 1. */
export function extendStreak(s: StreakState, today: string): StreakState {
  if (s.lastActiveDay === null) return { current: 1, longest: Math.max(1, s.longest), lastActiveDay: today };
  const gap = daysBetween(s.lastActiveDay, today);
  if (gap <= 0) return s; // same day, or a late event from an earlier day: never shortens a streak
  const current = gap === 1 ? s.current + 1 : 1;
  return { current, longest: Math.max(s.longest, current), lastActiveDay: today };
}

/** The streak as a learner sees it today: still alive until a whole day passes with no activity. */
export function visibleStreak(s: StreakState, today: string): StreakState {
  if (s.lastActiveDay === null) return s;
  return daysBetween(s.lastActiveDay, today) > 1 ? { ...s, current: 0 } : s;
}

export interface AchievementDef {
  code: string;
  title: string;
  description: string;
  earned: (s: LearnerStats) => boolean;
}

export interface LearnerStats {
  lessonsCompleted: number;
  exercisesPassed: number;
  coursesCompleted: number;
  longestStreak: number;
}

export const ACHIEVEMENTS: readonly AchievementDef[] = [
  {
    code: "first-lesson",
    title: "First lesson",
    description: "Completed your first lesson.",
    earned: (s) => s.lessonsCompleted >= 1,
  },
  {
    code: "first-pass",
    title: "First passing exercise",
    description: "Every test passed on an exercise for the first time.",
    earned: (s) => s.exercisesPassed >= 1,
  },
  {
    code: "five-passes",
    title: "Five exercises",
    description: "Passed five different exercises.",
    earned: (s) => s.exercisesPassed >= 5,
  },
  {
    code: "first-course",
    title: "First course completed",
    description: "Finished every lesson and exercise of a course.",
    earned: (s) => s.coursesCompleted >= 1,
  },
  {
    code: "streak-3",
    title: "3-day streak",
    description: "Learned on three days in a row.",
    earned: (s) => s.longestStreak >= 3,
  },
];

/** Codes earned by `stats` that the learner does not hold yet. */
export function newlyEarned(stats: LearnerStats, held: ReadonlySet<string>): string[] {
  return ACHIEVEMENTS.filter((a) => !held.has(a.code) && a.earned(stats)).map((a) => a.code);
}

export interface OutlineEntry {
  kind: "lesson" | "exercise";
  id: string;
  title: string;
}

export interface ProgressFigures {
  lessonsDone: number;
  lessonsTotal: number;
  exercisesDone: number;
  exercisesTotal: number;
  percent: number;
  continueAt: OutlineEntry | null;
  items: Record<string, ItemState>;
  complete: boolean;
}

/**
 * Progress through a course's items in reading order. Percent is rounded down so 100 % means
 * everything is done, and an empty course counts as 0 %.
 */
export function courseProgress(
  outline: readonly OutlineEntry[],
  done: ReadonlySet<string>,
  attempted: ReadonlySet<string>,
): ProgressFigures {
  const items: Record<string, ItemState> = {};
  let lessonsDone = 0;
  let lessonsTotal = 0;
  let exercisesDone = 0;
  let exercisesTotal = 0;
  let continueAt: OutlineEntry | null = null;
  for (const it of outline) {
    const isDone = done.has(it.id);
    items[it.id] = isDone ? "done" : attempted.has(it.id) ? "attempted" : "todo";
    if (it.kind === "lesson") {
      lessonsTotal++;
      if (isDone) lessonsDone++;
    } else {
      exercisesTotal++;
      if (isDone) exercisesDone++;
    }
    if (!isDone && continueAt === null) continueAt = it;
  }
  const total = lessonsTotal + exercisesTotal;
  const finished = lessonsDone + exercisesDone;
  return {
    lessonsDone,
    lessonsTotal,
    exercisesDone,
    exercisesTotal,
    percent: total === 0 ? 0 : Math.floor((finished * 100) / total),
    continueAt,
    items,
    complete: total > 0 && finished === total,
  };
}
