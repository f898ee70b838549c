/** Types of the API contract, re-exported so the app imports them from one place (types only: no zod in the bundle). */
import type { z } from "zod";
import type {
  AchievementList as AchievementListSchema,
  AdminUserList as AdminUserListSchema,
  AnalyticsFunnel,
  AttemptList as AttemptListSchema,
  EnrollmentList as EnrollmentListSchema,
  ReadAllResult as ReadAllResultSchema,
} from "../../common/api.ts";

export type {
  Achievement,
  AdminRunnerStatus,
  AnalyticsCourseActivity,
  AnalyticsFunnel,
  AnalyticsOverview,
  AnalyticsPoint,
  AnalyticsResolution,
  AnalyticsSeries,
  AnalyticsTotals,
  AnalyticsUpdate,
  Attempt,
  AttemptSummary,
  ChatChange,
  ChatHistory,
  ChatMessage,
  CompileDiagnostic,
  CourseAnalytics,
  CourseDetail,
  CourseItem,
  CourseList,
  CourseProgress,
  CourseSummary,
  Dashboard,
  Draft,
  Enrollment,
  Exercise,
  Files,
  Hints,
  ItemKind,
  ItemState,
  Leaderboard,
  LeaderboardEntry,
  LeaderboardPeriod,
  Lesson,
  Level,
  LoginBody,
  Mailbox,
  MailMessage,
  MailStatus,
  Notification,
  NotificationChannel,
  NotificationKind,
  NotificationList,
  NotificationPreference,
  NotificationPreferences,
  NotificationPreferencesBody,
  RegisterBody,
  Role,
  RunnerPublicStatus,
  Session,
  SessionDetail,
  SessionList,
  SessionMessage,
  SessionPush,
  SessionRun,
  SessionSummary,
  SessionUser,
  Streak,
  TestCaseResult,
  TestStatus,
  UnreadCount,
  User,
  Verdict,
  VerdictStatus,
} from "../../common/api.ts";

export type AchievementList = z.infer<typeof AchievementListSchema>;
export type AdminUserList = z.infer<typeof AdminUserListSchema>;
export type AdminUser = AdminUserList["users"][number];
export type AttemptList = z.infer<typeof AttemptListSchema>;
export type EnrollmentList = z.infer<typeof EnrollmentListSchema>;
export type ReadAllResult = z.infer<typeof ReadAllResultSchema>;
export type FunnelStep = AnalyticsFunnel[number]["step"];

/** Neighbour reference used for prev/next navigation (nullable in the contract). */
export type ItemRef = { kind: "lesson" | "exercise"; id: string; title: string };
