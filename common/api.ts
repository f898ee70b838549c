/**
 * The HTTP API contract shared by the server (validation + OpenAPI) and the web app (types).
 * One zod schema per body; `z.infer` types beside them. Paths are listed in API_ROUTES for reference.
 */
import { z } from "zod";

// ---------- common ----------
export const ErrorEnvelope = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
    requestId: z.string(),
  }),
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelope>;

export const Role = z.enum(["learner", "instructor", "admin"]);
export type Role = z.infer<typeof Role>;

export const User = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: Role,
  createdAt: z.string(),
});
export type User = z.infer<typeof User>;

// ---------- auth ----------
export const RegisterBody = z.strictObject({
  email: z.email().max(254),
  password: z.string().min(8, "at least 8 characters").max(256),
  displayName: z.string().trim().min(1).max(80),
});
export type RegisterBody = z.infer<typeof RegisterBody>;

export const LoginBody = z.strictObject({
  email: z.string().min(1).max(254),
  password: z.string().min(1).max(256),
});
export type LoginBody = z.infer<typeof LoginBody>;

/** Returned by register, login and refresh. The refresh token travels only in an httpOnly cookie. */
export const Session = z.object({
  user: User,
  accessToken: z.string(),
  /** Seconds until the access token expires. */
  expiresIn: z.number(),
});
export type Session = z.infer<typeof Session>;

// ---------- catalog ----------
export const Level = z.enum(["beginner", "intermediate", "advanced"]);
export type Level = z.infer<typeof Level>;
export const Difficulty = z.enum(["easy", "medium", "hard"]);

export const CourseSummary = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  level: Level,
  tags: z.array(z.string()),
  lessonCount: z.number(),
  exerciseCount: z.number(),
  minutes: z.number(),
});
export type CourseSummary = z.infer<typeof CourseSummary>;

export const CourseListQuery = z.strictObject({
  q: z.string().max(200).optional(),
  level: Level.optional(),
  tag: z.string().max(50).optional(),
});
export const CourseList = z.object({ courses: z.array(CourseSummary), tags: z.array(z.string()) });
export type CourseList = z.infer<typeof CourseList>;

export const ItemKind = z.enum(["lesson", "exercise"]);
export type ItemKind = z.infer<typeof ItemKind>;
export const CourseItem = z.object({
  kind: ItemKind,
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  minutes: z.number(),
  difficulty: Difficulty.optional(),
});
export type CourseItem = z.infer<typeof CourseItem>;

export const CourseDetail = CourseSummary.extend({
  description: z.string(),
  modules: z.array(z.object({ id: z.string(), title: z.string(), items: z.array(CourseItem) })),
});
export type CourseDetail = z.infer<typeof CourseDetail>;

/** Neighbours in reading order, for "next" / "previous" navigation. */
export const ItemRef = z.object({ kind: ItemKind, id: z.string(), title: z.string() }).nullable();

export const Lesson = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  minutes: z.number(),
  /** Markdown. */
  body: z.string(),
  courseId: z.string(),
  courseSlug: z.string(),
  courseTitle: z.string(),
  prev: ItemRef,
  next: ItemRef,
});
export type Lesson = z.infer<typeof Lesson>;

export const Files = z.record(z.string(), z.string());
export type Files = z.infer<typeof Files>;

export const Exercise = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  difficulty: Difficulty,
  minutes: z.number(),
  concepts: z.array(z.string()),
  /** Markdown. */
  instructions: z.string(),
  hintCount: z.number(),
  starter: Files,
  courseId: z.string(),
  courseSlug: z.string(),
  courseTitle: z.string(),
  prev: ItemRef,
  next: ItemRef,
});
export type Exercise = z.infer<typeof Exercise>;

// ---------- enrollment ----------
export const Enrollment = z.object({
  courseId: z.string(),
  courseSlug: z.string(),
  enrolledAt: z.string(),
});
export type Enrollment = z.infer<typeof Enrollment>;
export const EnrollmentList = z.object({ enrollments: z.array(Enrollment) });

// ---------- exercises: hints, drafts, attempts ----------
export const Hints = z.object({ revealed: z.array(z.string()), total: z.number() });
export type Hints = z.infer<typeof Hints>;

export const DraftBody = z.strictObject({ files: Files });
export const Draft = z.object({
  files: Files,
  /** null when the learner has no saved draft and `files` is the starter. */
  updatedAt: z.string().nullable(),
});
export type Draft = z.infer<typeof Draft>;

export const TestStatus = z.enum(["pass", "fail", "skip", "timeout", "error"]);
export type TestStatus = z.infer<typeof TestStatus>;
export const VerdictStatus = z.enum([
  "passed",
  "failed",
  "compile_error",
  "timeout",
  "memory_exceeded",
  "output_exceeded",
  "error",
]);
export type VerdictStatus = z.infer<typeof VerdictStatus>;

export const TestCaseResult = z.object({
  name: z.string(),
  status: TestStatus,
  /** What the test framework said (t.Error / t.Fatal / panic). */
  message: z.string(),
  /** The learner's own prints during this test, kept apart. */
  output: z.string(),
  durationMs: z.number(),
});
export type TestCaseResult = z.infer<typeof TestCaseResult>;

export const CompileDiagnostic = z.object({
  file: z.string(),
  line: z.number(),
  column: z.number(),
  message: z.string(),
});
export type CompileDiagnostic = z.infer<typeof CompileDiagnostic>;

export const Verdict = z.object({
  status: VerdictStatus,
  tests: z.array(TestCaseResult),
  compileErrors: z.array(CompileDiagnostic),
  /** Learner output not attributed to any test. */
  output: z.string(),
  message: z.string(),
  durationMs: z.number(),
  cached: z.boolean(),
});
export type Verdict = z.infer<typeof Verdict>;

export const AttemptBody = z.strictObject({ files: Files });
export const Attempt = z.object({
  id: z.string(),
  exerciseId: z.string(),
  createdAt: z.string(),
  passed: z.boolean(),
  verdict: Verdict,
  files: Files,
});
export type Attempt = z.infer<typeof Attempt>;
export const AttemptSummary = z.object({
  id: z.string(),
  createdAt: z.string(),
  passed: z.boolean(),
  status: VerdictStatus,
  testsPassed: z.number(),
  testsTotal: z.number(),
});
export type AttemptSummary = z.infer<typeof AttemptSummary>;
export const AttemptList = z.object({ attempts: z.array(AttemptSummary) });

// ---------- progress ----------
export const ItemState = z.enum(["todo", "attempted", "done"]);
export type ItemState = z.infer<typeof ItemState>;

export const CourseProgress = z.object({
  courseId: z.string(),
  courseSlug: z.string(),
  courseTitle: z.string(),
  lessonsDone: z.number(),
  lessonsTotal: z.number(),
  exercisesDone: z.number(),
  exercisesTotal: z.number(),
  /** 0–100, whole number. */
  percent: z.number(),
  /** Where to continue: the first item not done in reading order, or null when complete. */
  continueAt: ItemRef,
  completedAt: z.string().nullable(),
  items: z.record(z.string(), ItemState),
});
export type CourseProgress = z.infer<typeof CourseProgress>;

export const Streak = z.object({
  current: z.number(),
  longest: z.number(),
  lastActiveDay: z.string().nullable(),
});
export type Streak = z.infer<typeof Streak>;

export const Dashboard = z.object({ courses: z.array(CourseProgress), streak: Streak });
export type Dashboard = z.infer<typeof Dashboard>;

export const Achievement = z.object({
  code: z.string(),
  title: z.string(),
  description: z.string(),
  unlockedAt: z.string().nullable(),
});
export type Achievement = z.infer<typeof Achievement>;
export const AchievementList = z.object({ achievements: z.array(Achievement) });

// ---------- runner status (public) and admin ----------
export const RunnerPublicStatus = z.object({
  goAvailable: z.boolean(),
  goVersion: z.string().nullable(),
  sandbox: z.string(),
  canRun: z.boolean(),
  message: z.string(),
});
export type RunnerPublicStatus = z.infer<typeof RunnerPublicStatus>;

export const AdminUserList = z.object({
  users: z.array(User.extend({ lastLoginAt: z.string().nullable() })),
});
export const AdminRunnerStatus = z.object({
  goAvailable: z.boolean(),
  goVersion: z.string().nullable(),
  sandbox: z.string(),
  sandboxDetail: z.string(),
  queued: z.number(),
  running: z.number(),
  workers: z.number(),
  maxQueue: z.number(),
  canRunUntrusted: z.boolean(),
});
export type AdminRunnerStatus = z.infer<typeof AdminRunnerStatus>;

/** Every route of the public API, for reference (the OpenAPI document at /api/docs is authoritative). */
export const API_ROUTES = [
  "POST   /api/v1/auth/register            RegisterBody → 201 Session (+ refresh cookie)",
  "POST   /api/v1/auth/login               LoginBody → Session (+ refresh cookie)",
  "POST   /api/v1/auth/refresh             (cookie) → Session (rotates cookie)",
  "POST   /api/v1/auth/logout              → 204 (clears cookie, revokes the token family)",
  "GET    /api/v1/users/me                 → { user: User }",
  "GET    /api/v1/courses?q&level&tag      → CourseList (public)",
  "GET    /api/v1/courses/:slug            → CourseDetail (public)",
  "GET    /api/v1/courses/:slug/progress   → CourseProgress",
  "POST   /api/v1/courses/:slug/enrollment → 201 Enrollment",
  "DELETE /api/v1/courses/:slug/enrollment → 204",
  "GET    /api/v1/users/me/enrollments     → EnrollmentList",
  "GET    /api/v1/lessons/:id              → Lesson (public)",
  "POST   /api/v1/lessons/:id/completion   → CourseProgress (403 forbidden until enrolled)",
  "GET    /api/v1/exercises/:id            → Exercise (public)",
  "POST   /api/v1/exercises/:id/hints      → Hints (reveals the next hint)",
  "GET    /api/v1/exercises/:id/hints      → Hints (those revealed so far)",
  "GET    /api/v1/exercises/:id/draft      → Draft",
  "PUT    /api/v1/exercises/:id/draft      DraftBody → Draft",
  "DELETE /api/v1/exercises/:id/draft      → Draft (back to the starter)",
  "POST   /api/v1/exercises/:id/attempts   AttemptBody → 201 Attempt (runs the tests; 403 until enrolled)",
  "GET    /api/v1/exercises/:id/attempts   → AttemptList",
  "GET    /api/v1/exercises/:id/attempts/:attemptId → Attempt",
  "GET    /api/v1/progress                 → Dashboard",
  "GET    /api/v1/achievements             → AchievementList",
  "GET    /api/v1/runner/status            → RunnerPublicStatus (public)",
  "GET    /api/v1/admin/users              → AdminUserList (admin)",
  "GET    /api/v1/admin/courses            → CourseList (admin)",
  "GET    /api/v1/admin/runner             → AdminRunnerStatus (admin)",
] as const;

// ---------- path parameters ----------
export const SlugParam = z.strictObject({
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/, "must be a course slug (lowercase letters, digits, -)"),
});
export const IdParam = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/, "must be an id (letters, digits, . _ -)"),
});
export const AttemptParam = IdParam.extend({
  attemptId: z.uuid("must be an attempt id"),
});
