/**
 * Query keys and hooks. Everything tied to the signed-in user lives under the "me" prefix so it can
 * be dropped in one call on logout or account switch.
 */
import { keepPreviousData, type QueryClient, useQuery } from "@tanstack/react-query";
import { ApiError, api, type CourseQuery } from "./api.ts";
import { useAuth } from "./auth.tsx";

export const qk = {
  courses: (q: CourseQuery) => ["courses", q] as const,
  course: (slug: string) => ["course", slug] as const,
  lesson: (id: string) => ["lesson", id] as const,
  exercise: (id: string) => ["exercise", id] as const,
  runnerStatus: ["runner-status"] as const,
  courseProgress: (slug: string) => ["me", "course-progress", slug] as const,
  leaderboard: (slug: string, period: string) => ["me", "leaderboard", slug, period] as const,
  chat: (slug: string) => ["me", "chat", slug] as const,
  enrollments: ["me", "enrollments"] as const,
  dashboard: ["me", "progress"] as const,
  achievements: ["me", "achievements"] as const,
  hints: (id: string) => ["me", "hints", id] as const,
  draft: (id: string) => ["me", "draft", id] as const,
  attempts: (id: string) => ["me", "attempts", id] as const,
  attempt: (id: string, attemptId: string) => ["me", "attempt", id, attemptId] as const,
  admin: (what: string) => ["me", "admin", what] as const,
  unreadCount: ["me", "notifications", "unread"] as const,
  notifications: ["me", "notifications", "list"] as const,
  notificationPreferences: ["me", "notifications", "preferences"] as const,
  analyticsOverview: ["me", "admin", "analytics", "overview"] as const,
  courseAnalytics: (slug: string) => ["me", "admin", "analytics", "course", slug] as const,
  analyticsSeries: (scope: string, resolution: string) =>
    ["me", "admin", "analytics", "series", scope, resolution] as const,
};

export const shouldRetry = (failureCount: number, error: unknown): boolean => {
  // Client errors will not fix themselves; network blips and 5xx get two more tries.
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
};

export const useCourses = (q: CourseQuery) =>
  useQuery({ queryKey: qk.courses(q), queryFn: () => api.courses(q), placeholderData: keepPreviousData });

export const useCourse = (slug: string) =>
  useQuery({ queryKey: qk.course(slug), queryFn: () => api.course(slug) });

export const useLesson = (id: string) => useQuery({ queryKey: qk.lesson(id), queryFn: () => api.lesson(id) });

export const useExercise = (id: string) =>
  useQuery({ queryKey: qk.exercise(id), queryFn: () => api.exercise(id) });

export const useRunnerStatus = () =>
  useQuery({ queryKey: qk.runnerStatus, queryFn: api.runnerStatus, staleTime: 60_000 });

export function useCourseProgress(slug: string | undefined) {
  const { user } = useAuth();
  return useQuery({
    queryKey: qk.courseProgress(slug ?? ""),
    queryFn: () => api.courseProgress(slug ?? ""),
    enabled: Boolean(user && slug),
  });
}

export function useEnrollments() {
  const { user } = useAuth();
  return useQuery({ queryKey: qk.enrollments, queryFn: api.enrollments, enabled: Boolean(user) });
}

/** true / false once known; undefined while loading, on error, or when logged out. */
export function useIsEnrolled(courseId: string, courseSlug: string): boolean | undefined {
  const enrollments = useEnrollments();
  return enrollments.data?.enrollments.some((e) => e.courseId === courseId || e.courseSlug === courseSlug);
}

export function useDashboard() {
  const { user } = useAuth();
  return useQuery({ queryKey: qk.dashboard, queryFn: api.progress, enabled: Boolean(user) });
}

export function useAchievements() {
  const { user } = useAuth();
  return useQuery({ queryKey: qk.achievements, queryFn: api.achievements, enabled: Boolean(user) });
}

/**
 * Progress and achievements are updated by events just after an attempt or completion is recorded,
 * so refetch now and once more shortly after to pick up the asynchronous update.
 */
export function refreshProgress(queryClient: QueryClient, courseSlug?: string): void {
  const run = () => {
    void queryClient.invalidateQueries({ queryKey: qk.dashboard });
    void queryClient.invalidateQueries({ queryKey: qk.achievements });
    if (courseSlug) void queryClient.invalidateQueries({ queryKey: qk.courseProgress(courseSlug) });
  };
  run();
  setTimeout(run, 600);
  setTimeout(run, 2000);
}
