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

export const LeaderboardPeriod = z.enum(["week", "all"]);
export type LeaderboardPeriod = z.infer<typeof LeaderboardPeriod>;
export const LeaderboardQuery = z.strictObject({
  /** `week`: points earned since Monday 00:00 UTC; `all`: since the course began (default). */
  period: LeaderboardPeriod.default("all"),
});
export const LeaderboardEntry = z.object({
  /** 1-based; learners with equal points share no rank: who got there first ranks higher. */
  rank: z.number().int(),
  userId: z.string(),
  displayName: z.string(),
  points: z.number().int(),
  lessons: z.number().int(),
  exercises: z.number().int(),
});
export type LeaderboardEntry = z.infer<typeof LeaderboardEntry>;
export const Leaderboard = z.object({
  courseId: z.string(),
  courseSlug: z.string(),
  period: LeaderboardPeriod,
  /** Start of the period (ISO), or null for all time. */
  since: z.string().nullable(),
  /** How points are earned. */
  scoring: z.object({ lesson: z.number().int(), exercise: z.number().int() }),
  top: z.array(LeaderboardEntry),
  /** The caller's own row when they have points but are not in `top`; null otherwise. */
  me: LeaderboardEntry.nullable(),
});
export type Leaderboard = z.infer<typeof Leaderboard>;

/** Course chat: Markdown text (rendered by the client with raw HTML escaped), up to 4000 characters. */
export const ChatBody = z.strictObject({
  body: z
    .string()
    .max(4000, "at most 4000 characters")
    .refine((b) => b.trim().length > 0, "must not be empty"),
  /** User ids to notify; only learners of the course count, at most 10. */
  mentions: z.array(z.string().min(1).max(100)).max(10).default([]),
});
export const ChatEditBody = z.strictObject({ body: ChatBody.shape.body });
export const ChatMessage = z.object({
  id: z.string(),
  courseId: z.string(),
  userId: z.string(),
  authorName: z.string(),
  /** Empty once deleted. */
  body: z.string(),
  mentions: z.array(z.string()),
  createdAt: z.string(),
  editedAt: z.string().nullable(),
  deletedAt: z.string().nullable(),
});
export type ChatMessage = z.infer<typeof ChatMessage>;
export const ChatHistoryQuery = z.strictObject({
  /** From a previous page's `nextCursor`: older messages. */
  before: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export const ChatHistory = z.object({
  /** Oldest first. */
  messages: z.array(ChatMessage),
  /** Pass as `before` for the page of older messages; null at the beginning. */
  nextCursor: z.string().nullable(),
});
export type ChatHistory = z.infer<typeof ChatHistory>;
export const ChatMuteBody = z.strictObject({
  userId: z.string().min(1).max(100),
  /** 0 lifts a mute. */
  minutes: z
    .number()
    .int()
    .min(0)
    .max(60 * 24 * 30),
});
/** What the `chat:<courseId>` live channel pushes. */
export const ChatChange = z.object({
  kind: z.enum(["posted", "edited", "deleted"]),
  message: ChatMessage,
});
export type ChatChange = z.infer<typeof ChatChange>;

// ---------- live coding sessions ----------
export const SessionUser = z.object({ userId: z.string(), displayName: z.string() });
export type SessionUser = z.infer<typeof SessionUser>;
/** A run of the tests in a session: everyone in it sees the verdict. */
export const SessionRun = z.object({
  id: z.string(),
  by: SessionUser,
  at: z.string(),
  verdict: Verdict,
});
export type SessionRun = z.infer<typeof SessionRun>;
export const SessionMessage = z.object({
  id: z.string(),
  sessionId: z.string(),
  userId: z.string(),
  authorName: z.string(),
  body: z.string(),
  createdAt: z.string(),
});
export type SessionMessage = z.infer<typeof SessionMessage>;
export const SessionSummary = z.object({
  id: z.string(),
  exerciseId: z.string(),
  exerciseTitle: z.string(),
  courseId: z.string(),
  host: SessionUser,
  createdAt: z.string(),
  /** null while the session is open. */
  endedAt: z.string().nullable(),
});
export type SessionSummary = z.infer<typeof SessionSummary>;
export const SessionDetail = SessionSummary.extend({
  /** The exercise's files, in the order its editor shows them (each a Y.Text `file:<name>`). */
  files: z.array(z.string()),
  participants: z.array(SessionUser.extend({ joinedAt: z.string() })),
  lastRun: SessionRun.nullable(),
  /** The latest messages of the session's chat, oldest first. */
  messages: z.array(SessionMessage),
});
export type SessionDetail = z.infer<typeof SessionDetail>;
export const SessionList = z.object({ sessions: z.array(SessionSummary) });
export type SessionList = z.infer<typeof SessionList>;
export const SessionCreateBody = z.strictObject({
  exerciseId: z.string().min(1).max(200),
  /** The document's first content (e.g. the host's draft); the starter when left out. */
  files: Files.optional(),
});
export const SessionRunBody = z.strictObject({ files: Files });
export const SessionMessageBody = z.strictObject({
  body: z
    .string()
    .max(2000, "at most 2000 characters")
    .refine((b) => b.trim().length > 0, "must not be empty"),
});
/**
 * What the `session:<id>` live channel pushes besides the document sync: a run starting or done, a
 * chat message, someone joining, the session ending or reopening.
 */
export const SessionPush = z.union([
  z.object({ kind: z.literal("running"), by: SessionUser }),
  z.object({ kind: z.literal("run"), run: SessionRun }),
  z.object({ kind: z.literal("run_failed"), by: SessionUser, message: z.string() }),
  z.object({ kind: z.literal("message"), message: SessionMessage }),
  z.object({ kind: z.literal("joined"), user: SessionUser }),
  z.object({ kind: z.literal("ended"), endedAt: z.string(), by: SessionUser }),
  z.object({ kind: z.literal("reopened"), by: SessionUser }),
]);
export type SessionPush = z.infer<typeof SessionPush>;

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

// ---------- notifications ----------
export const NotificationKind = z.enum([
  "course_completed",
  "achievement_unlocked",
  "mention",
  "weekly_digest",
]);
export type NotificationKind = z.infer<typeof NotificationKind>;
export const NotificationChannel = z.enum(["in_app", "email"]);
export type NotificationChannel = z.infer<typeof NotificationChannel>;

export const Notification = z.object({
  id: z.string(),
  kind: NotificationKind,
  title: z.string(),
  body: z.string(),
  /** A path in the web app (e.g. /courses/go-first-steps), or null. */
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof Notification>;

/** Cursor pagination: pass `nextCursor` back as `cursor` for the next (older) page. */
export const PageQuery = z.strictObject({
  cursor: z
    .string()
    .regex(/^[0-9]{1,18}$/, "must be a cursor from a previous page")
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const NotificationList = z.object({
  notifications: z.array(Notification),
  nextCursor: z.string().nullable(),
  unread: z.number(),
});
export type NotificationList = z.infer<typeof NotificationList>;
export const UnreadCount = z.object({ unread: z.number() });
export type UnreadCount = z.infer<typeof UnreadCount>;
export const ReadAllResult = z.object({ marked: z.number(), unread: z.number() });
export type ReadAllResult = z.infer<typeof ReadAllResult>;

export const NotificationPreference = z.object({
  kind: NotificationKind,
  inApp: z.boolean(),
  email: z.boolean(),
});
export type NotificationPreference = z.infer<typeof NotificationPreference>;
export const NotificationPreferences = z.object({ preferences: z.array(NotificationPreference) });
export type NotificationPreferences = z.infer<typeof NotificationPreferences>;
/** Only the kinds and channels given change; the response is the whole resolved set. */
export const NotificationPreferencesBody = z.strictObject({
  preferences: z
    .array(
      z.strictObject({
        kind: NotificationKind,
        inApp: z.boolean().optional(),
        email: z.boolean().optional(),
      }),
    )
    .min(1)
    .max(20),
});
export type NotificationPreferencesBody = z.infer<typeof NotificationPreferencesBody>;

export const MailStatus = z.enum(["captured", "pending", "sent", "failed"]);
export type MailStatus = z.infer<typeof MailStatus>;
export const MailMessage = z.object({
  id: z.string(),
  kind: z.string(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  status: MailStatus,
  attempts: z.number(),
  error: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
});
export type MailMessage = z.infer<typeof MailMessage>;
export const MailboxQuery = PageQuery.extend({
  status: MailStatus.optional(),
  to: z.string().max(254).optional(),
});
export const Mailbox = z.object({
  /** "capture" without SMTP_URL (mail is kept here only), "smtp" when a server delivers it. */
  mode: z.enum(["capture", "smtp"]),
  messages: z.array(MailMessage),
  nextCursor: z.string().nullable(),
});
export type Mailbox = z.infer<typeof Mailbox>;
export const DigestResult = z.object({
  users: z.number(),
  inApp: z.number(),
  emails: z.number(),
});
export type DigestResult = z.infer<typeof DigestResult>;

// ---------- analytics ----------
export const AnalyticsResolution = z.enum(["1m", "1h", "1d"]);
export type AnalyticsResolution = z.infer<typeof AnalyticsResolution>;
/** `global`, or one course's windows: `course:<course id>`. */
export const AnalyticsScope = z
  .string()
  .regex(/^(global|course:[A-Za-z0-9][A-Za-z0-9._-]{0,199})$/, "must be global or course:<course id>");

/** Verdict latency percentiles in ms (within 1 % of the true value at the same rank). */
export const AnalyticsLatency = z.object({
  p50: z.number(),
  p90: z.number(),
  p99: z.number(),
  count: z.number(),
});
export const AnalyticsTotals = z.object({
  /** HyperLogLog estimate: exact up to 512 learners, then within ±1.6 % (one standard error). */
  uniqueLearners: z.number(),
  lessonViews: z.number(),
  lessonCompletions: z.number(),
  exercisesStarted: z.number(),
  attempts: z.number(),
  passedAttempts: z.number(),
  /** exercise.passed events. */
  passes: z.number(),
  hintsRevealed: z.number(),
  customEvents: z.number(),
  /** Every learning event in the window. */
  events: z.number(),
  /** passedAttempts / attempts, null without attempts. */
  passRate: z.number().nullable(),
  latencyMs: AnalyticsLatency.nullable(),
});
export type AnalyticsTotals = z.infer<typeof AnalyticsTotals>;
export const AnalyticsPoint = AnalyticsTotals.extend({
  windowStart: z.string(),
  /** 0 while the window is open (live, provisional), 1 once closed, +1 for each late update. */
  revision: z.number(),
  closed: z.boolean(),
});
export type AnalyticsPoint = z.infer<typeof AnalyticsPoint>;
/** What the analytics client's onUpdate listeners receive (and a WebSocket hub can push). */
export const AnalyticsUpdate = AnalyticsPoint.extend({ scope: z.string(), resolution: AnalyticsResolution });
export type AnalyticsUpdate = z.infer<typeof AnalyticsUpdate>;

const isoTime = z.iso.datetime({ offset: true, error: "must be an ISO 8601 date-time" });
export const AnalyticsSeriesQuery = z.strictObject({
  scope: AnalyticsScope.default("global"),
  resolution: AnalyticsResolution.default("1m"),
  /** Inclusive; rounded down to a window start. Default: the 60 windows up to `to`. */
  from: isoTime.optional(),
  /** Exclusive. Default: now. */
  to: isoTime.optional(),
});
export type AnalyticsSeriesQuery = z.infer<typeof AnalyticsSeriesQuery>;
export const AnalyticsSeries = z.object({
  scope: z.string(),
  resolution: AnalyticsResolution,
  from: z.string(),
  to: z.string(),
  /** Windows ending at or before it are closed; null before the first event. */
  watermark: z.string().nullable(),
  /** One per window, oldest first; windows without events are zeros. */
  points: z.array(AnalyticsPoint),
});
export type AnalyticsSeries = z.infer<typeof AnalyticsSeries>;

export const AnalyticsFunnel = z.array(
  z.object({
    step: z.enum(["lesson_viewed", "exercise_started", "exercise_attempted", "exercise_passed"]),
    events: z.number(),
  }),
);
export type AnalyticsFunnel = z.infer<typeof AnalyticsFunnel>;
export const AnalyticsCourseActivity = AnalyticsTotals.extend({
  courseId: z.string(),
  slug: z.string().nullable(),
  title: z.string().nullable(),
});
export type AnalyticsCourseActivity = z.infer<typeof AnalyticsCourseActivity>;
export const AnalyticsOverview = z.object({
  generatedAt: z.string(),
  watermark: z.string().nullable(),
  droppedLateEvents: z.number(),
  /** Distinct learners in the current minute and the four before it. */
  activeLearners5m: z.number(),
  /** The current minute and the 59 before it (global). */
  lastHour: z.array(AnalyticsPoint),
  /** The current hour and the 23 before it (global). */
  last24h: AnalyticsTotals,
  /** Busiest courses over the same 24 hours, by events. */
  topCourses: z.array(AnalyticsCourseActivity),
  funnel: AnalyticsFunnel,
});
export type AnalyticsOverview = z.infer<typeof AnalyticsOverview>;
export const CourseAnalytics = z.object({
  course: z.object({ id: z.string(), slug: z.string(), title: z.string() }),
  generatedAt: z.string(),
  watermark: z.string().nullable(),
  activeLearners5m: z.number(),
  lastHour: z.array(AnalyticsPoint),
  last24h: AnalyticsTotals,
  /** Today and the 29 days before it. */
  last30Days: z.array(AnalyticsPoint),
  funnel: AnalyticsFunnel,
});
export type CourseAnalytics = z.infer<typeof CourseAnalytics>;

/** One line of POST /api/v1/analytics/events (NDJSON); the learner is the signed-in user. */
export const AnalyticsEventLine = z.strictObject({
  name: z
    .string()
    .regex(
      /^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/,
      "must be 1–64 letters, digits, _ . : - (starting with a letter)",
    ),
  courseId: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/, "must be a course id")
    .optional(),
  /** When it happened; default now. At most 1 minute ahead of the server's clock or 10 minutes behind. */
  occurredAt: isoTime.optional(),
  props: z
    .record(
      z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/, "keys must be 1–64 letters, digits, _ . -"),
      z.union([z.string().max(500), z.number(), z.boolean(), z.null()]),
    )
    .refine((p) => Object.keys(p).length <= 32, "at most 32 props")
    .optional(),
});
export type AnalyticsEventLine = z.infer<typeof AnalyticsEventLine>;
export const AnalyticsIngestResult = z.object({
  accepted: z.number(),
  rejected: z.number(),
  /** One per refused line (1-based line numbers); the other lines were accepted. */
  errors: z.array(z.object({ line: z.number(), message: z.string() })),
});
export type AnalyticsIngestResult = z.infer<typeof AnalyticsIngestResult>;

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
  "GET    /api/v1/notifications?cursor&limit → NotificationList (own inbox, newest first)",
  "GET    /api/v1/notifications/unread-count → UnreadCount",
  "POST   /api/v1/notifications/:id/read   → Notification (404 unless it is yours)",
  "POST   /api/v1/notifications/read-all   → ReadAllResult",
  "GET    /api/v1/notifications/preferences → NotificationPreferences",
  "PUT    /api/v1/notifications/preferences NotificationPreferencesBody → NotificationPreferences",
  "GET    /api/v1/admin/mailbox?cursor&limit&status&to → Mailbox (admin)",
  "POST   /api/v1/admin/mailbox/:id/retry  → MailMessage (admin; a failed message goes back to pending)",
  "POST   /api/v1/admin/notifications/digest → DigestResult (admin; sends the weekly digest now)",
  "GET    /api/v1/analytics/series?scope&resolution&from&to → AnalyticsSeries (admin; at most 1500 points)",
  "GET    /api/v1/analytics/overview       → AnalyticsOverview (admin)",
  "GET    /api/v1/courses/:slug/analytics  → CourseAnalytics (admin)",
  "POST   /api/v1/analytics/events         NDJSON of AnalyticsEventLine → 202 AnalyticsIngestResult",
  "POST   /api/v1/sessions                 SessionCreateBody → 201 SessionDetail (a live session on an exercise)",
  "GET    /api/v1/sessions                 → SessionList (sessions you host or joined)",
  "POST   /api/v1/sessions/:id/join        → SessionDetail (opening the shared link joins)",
  "POST   /api/v1/sessions/:id/runs        SessionRunBody → 201 SessionRun (pushed to everyone in it)",
  "POST   /api/v1/sessions/:id/messages    SessionMessageBody → 201 SessionMessage",
  "POST   /api/v1/sessions/:id/end         → SessionDetail (host or admin; the document turns read-only)",
  "POST   /api/v1/sessions/:id/reopen      → SessionDetail (host or admin)",
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
