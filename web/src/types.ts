/** Types of the API contract, re-exported so the app imports them from one place (types only: no zod in the bundle). */
import type { z } from "zod";
import type {
  AchievementList as AchievementListSchema,
  AdminUserList as AdminUserListSchema,
  AttemptList as AttemptListSchema,
  EnrollmentList as EnrollmentListSchema,
} from "../../common/api.ts";

export type {
  Achievement,
  AdminRunnerStatus,
  Attempt,
  AttemptSummary,
  CompileDiagnostic,
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
  Lesson,
  Level,
  LoginBody,
  RegisterBody,
  Role,
  RunnerPublicStatus,
  Session,
  Streak,
  TestCaseResult,
  TestStatus,
  User,
  Verdict,
  VerdictStatus,
} from "../../common/api.ts";

export type AchievementList = z.infer<typeof AchievementListSchema>;
export type AdminUserList = z.infer<typeof AdminUserListSchema>;
export type AdminUser = AdminUserList["users"][number];
export type AttemptList = z.infer<typeof AttemptListSchema>;
export type EnrollmentList = z.infer<typeof EnrollmentListSchema>;

/** Neighbour reference used for prev/next navigation (nullable in the contract). */
export type ItemRef = { kind: "lesson" | "exercise"; id: string; title: string };
