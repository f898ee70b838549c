/**
 * The one HTTP client of the web app: JSON in/out, the error envelope turned into `ApiError`,
 * and the session (access token in memory only, refresh token in an httpOnly cookie).
 */
import type {
  AchievementList,
  AdminRunnerStatus,
  AdminUserList,
  AnalyticsOverview,
  AnalyticsResolution,
  AnalyticsSeries,
  Attempt,
  AttemptList,
  ChatHistory,
  ChatMessage,
  CourseAnalytics,
  CourseDetail,
  CourseList,
  CourseProgress,
  Dashboard,
  Draft,
  Enrollment,
  EnrollmentList,
  Exercise,
  Files,
  Hints,
  Leaderboard,
  LeaderboardPeriod,
  Lesson,
  Level,
  LoginBody,
  Mailbox,
  MailStatus,
  Notification,
  NotificationList,
  NotificationPreferences,
  NotificationPreferencesBody,
  ReadAllResult,
  RegisterBody,
  RunnerPublicStatus,
  Session,
  SessionDetail,
  SessionList,
  SessionMessage,
  SessionRun,
  UnreadCount,
  User,
} from "./types.ts";

const BASE = "/api/v1";

export interface FieldIssue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId: string | null;
  readonly fieldIssues: FieldIssue[];
  /** Seconds to wait before retrying, from the Retry-After header (429/503). */
  readonly retryAfter: number | null;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    requestId?: string | null;
    fieldIssues?: FieldIssue[];
    retryAfter?: number | null;
  }) {
    super(init.message);
    this.name = "ApiError";
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId ?? null;
    this.fieldIssues = init.fieldIssues ?? [];
    this.retryAfter = init.retryAfter ?? null;
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

// ---------- session state ----------

let accessToken: string | null = null;
let currentUser: User | null = null;
type SessionListener = (user: User | null) => void;
const listeners = new Set<SessionListener>();

export function onSessionChange(listener: SessionListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function setSession(session: Session | null): void {
  accessToken = session?.accessToken ?? null;
  currentUser = session?.user ?? null;
  for (const l of listeners) l(currentUser);
}

export const getCurrentUser = (): User | null => currentUser;

/** The in-memory access token, for the one place that cannot use `request` (the live WebSocket's auth frame). */
export const getAccessToken = (): string | null => accessToken;

let refreshing: Promise<Session | null> | null = null;

/**
 * Exchanges the refresh cookie for a new access token. Single-flight: the server rotates the
 * refresh token on every use and treats reuse of an old one as theft, so two concurrent refreshes
 * (parallel 401s, React StrictMode, several tabs) must never race. Web Locks serialise across tabs.
 * Resolves null when there is no valid session (401).
 */
export function refreshSession(): Promise<Session | null> {
  refreshing ??= lockedRefresh().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

async function lockedRefresh(): Promise<Session | null> {
  const run = async (): Promise<Session | null> => {
    const res = await send("POST", "/auth/refresh", undefined, false);
    if (res.status === 401 || res.status === 403) {
      setSession(null);
      return null;
    }
    if (!res.ok) throw await toApiError(res);
    const session = (await res.json()) as Session;
    setSession(session);
    return session;
  };
  if (typeof navigator !== "undefined" && navigator.locks) {
    return navigator.locks.request("gopro-auth-refresh", run);
  }
  return run();
}

let restoring: Promise<User | null> | null = null;

/** Called once on app load: a valid refresh cookie restores the session, anything else means logged out. */
export function restoreSession(): Promise<User | null> {
  restoring ??= refreshSession().then(
    (s) => s?.user ?? null,
    () => null,
  );
  return restoring;
}

// ---------- transport ----------

type Method = "GET" | "POST" | "PUT" | "DELETE" | "PATCH";

async function send(method: Method, path: string, body: unknown, withAuth: boolean): Promise<Response> {
  const headers: Record<string, string> = { Accept: "application/json" };
  // Only declare JSON when there is a body: an empty JSON body is a 400 for most servers.
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (withAuth && accessToken) headers.Authorization = `Bearer ${accessToken}`;
  try {
    return await fetch(`${BASE}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError({
      status: 0,
      code: "network_error",
      message: "Could not reach the server. Check your connection and try again.",
      requestId: null,
    });
  }
}

function parseRetryAfter(res: Response): number | null {
  const raw = res.headers.get("Retry-After");
  if (!raw) return null;
  const secs = Number(raw);
  if (Number.isFinite(secs)) return Math.max(0, Math.ceil(secs));
  const date = Date.parse(raw);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

function toFieldIssues(details: unknown): FieldIssue[] {
  if (!Array.isArray(details)) return [];
  const out: FieldIssue[] = [];
  for (const d of details) {
    if (d && typeof d === "object" && "message" in d && typeof d.message === "string") {
      const path = "path" in d ? String(d.path ?? "") : "";
      out.push({ path, message: d.message });
    }
  }
  return out;
}

async function toApiError(res: Response): Promise<ApiError> {
  const retryAfter = parseRetryAfter(res);
  const headerRequestId = res.headers.get("x-request-id");
  let payload: unknown = null;
  try {
    payload = await res.json();
  } catch {
    // Not JSON (proxy error page, empty body): fall through to a generic message.
  }
  if (payload && typeof payload === "object" && "error" in payload) {
    const e = (payload as { error: Record<string, unknown> }).error;
    return new ApiError({
      status: res.status,
      code: typeof e.code === "string" ? e.code : "error",
      message: typeof e.message === "string" ? e.message : res.statusText,
      requestId: typeof e.requestId === "string" ? e.requestId : headerRequestId,
      fieldIssues: toFieldIssues(e.details),
      retryAfter,
    });
  }
  return new ApiError({
    status: res.status,
    code: res.status >= 500 ? "server_error" : "error",
    message:
      res.status >= 500 ? "The server had a problem. Please try again." : `Request failed (${res.status}).`,
    requestId: headerRequestId,
    retryAfter,
  });
}

interface RequestOptions {
  body?: unknown;
  /** Public endpoints and the auth endpoints themselves skip the refresh-and-retry dance. */
  auth?: boolean;
}

async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const auth = options.auth ?? true;
  let res = await send(method, path, options.body, auth);
  if (res.status === 401 && auth) {
    // The access token expired (or we have none yet): refresh once, then replay the call.
    const session = await refreshSession().catch(() => null);
    if (session) res = await send(method, path, options.body, auth);
  }
  if (!res.ok) throw await toApiError(res);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

const enc = encodeURIComponent;

// ---------- endpoints ----------

export interface CourseQuery {
  q?: string;
  level?: Level;
  tag?: string;
}

export interface SeriesQuery {
  /** `global` or `course:<course id>`. */
  scope: string;
  resolution: AnalyticsResolution;
  from?: string;
  to?: string;
}

export interface MailboxFilter {
  cursor?: string;
  status?: MailStatus;
  to?: string;
}

function queryString(params: object): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (typeof v === "string" && v !== "") sp.set(k, v);
  }
  const s = sp.toString();
  return s ? `?${s}` : "";
}

export const api = {
  async register(body: RegisterBody): Promise<User> {
    const s = await request<Session>("POST", "/auth/register", { body, auth: false });
    setSession(s);
    return s.user;
  },
  async login(body: LoginBody): Promise<User> {
    const s = await request<Session>("POST", "/auth/login", { body, auth: false });
    setSession(s);
    return s.user;
  },
  async logout(): Promise<void> {
    try {
      await request<void>("POST", "/auth/logout", { auth: true });
    } finally {
      // Forget the token even if the server call failed: the user asked to be logged out here.
      setSession(null);
    }
  },

  courses: (q: CourseQuery) => request<CourseList>("GET", `/courses${queryString(q)}`, { auth: false }),
  course: (slug: string) => request<CourseDetail>("GET", `/courses/${enc(slug)}`, { auth: false }),
  courseProgress: (slug: string) => request<CourseProgress>("GET", `/courses/${enc(slug)}/progress`),
  leaderboard: (slug: string, period: LeaderboardPeriod) =>
    request<Leaderboard>("GET", `/courses/${enc(slug)}/leaderboard?period=${period}`),
  chatHistory: (slug: string, before?: string) =>
    request<ChatHistory>("GET", `/courses/${enc(slug)}/chat${queryString({ before, limit: "30" })}`),
  postChat: (slug: string, body: string, mentions: string[] = []) =>
    request<ChatMessage>("POST", `/courses/${enc(slug)}/chat`, { body: { body, mentions } }),
  editChat: (id: string, body: string) =>
    request<ChatMessage>("PATCH", `/chat/${enc(id)}`, { body: { body } }),
  deleteChat: (id: string) => request<void>("DELETE", `/chat/${enc(id)}`),

  startSession: (exerciseId: string, files?: Files) =>
    request<SessionDetail>("POST", "/sessions", { body: { exerciseId, files } }),
  sessions: () => request<SessionList>("GET", "/sessions"),
  joinSession: (id: string) => request<SessionDetail>("POST", `/sessions/${enc(id)}/join`),
  runSession: (id: string, files: Files) =>
    request<SessionRun>("POST", `/sessions/${enc(id)}/runs`, { body: { files } }),
  postSessionMessage: (id: string, body: string) =>
    request<SessionMessage>("POST", `/sessions/${enc(id)}/messages`, { body: { body } }),
  endSession: (id: string) => request<SessionDetail>("POST", `/sessions/${enc(id)}/end`),
  reopenSession: (id: string) => request<SessionDetail>("POST", `/sessions/${enc(id)}/reopen`),
  enroll: (slug: string) => request<Enrollment>("POST", `/courses/${enc(slug)}/enrollment`),
  unenroll: (slug: string) => request<void>("DELETE", `/courses/${enc(slug)}/enrollment`),
  enrollments: () => request<EnrollmentList>("GET", "/users/me/enrollments"),

  lesson: (id: string) => request<Lesson>("GET", `/lessons/${enc(id)}`, { auth: false }),
  completeLesson: (id: string) => request<CourseProgress>("POST", `/lessons/${enc(id)}/completion`),
  viewLesson: (id: string) => request<void>("POST", `/lessons/${enc(id)}/views`),

  exercise: (id: string) => request<Exercise>("GET", `/exercises/${enc(id)}`, { auth: false }),
  hints: (id: string) => request<Hints>("GET", `/exercises/${enc(id)}/hints`),
  revealHint: (id: string) => request<Hints>("POST", `/exercises/${enc(id)}/hints`),
  draft: (id: string) => request<Draft>("GET", `/exercises/${enc(id)}/draft`),
  saveDraft: (id: string, files: Files) =>
    request<Draft>("PUT", `/exercises/${enc(id)}/draft`, { body: { files } }),
  resetDraft: (id: string) => request<Draft>("DELETE", `/exercises/${enc(id)}/draft`),
  runAttempt: (id: string, files: Files) =>
    request<Attempt>("POST", `/exercises/${enc(id)}/attempts`, { body: { files } }),
  attempts: (id: string) => request<AttemptList>("GET", `/exercises/${enc(id)}/attempts`),
  attempt: (id: string, attemptId: string) =>
    request<Attempt>("GET", `/exercises/${enc(id)}/attempts/${enc(attemptId)}`),

  progress: () => request<Dashboard>("GET", "/progress"),
  achievements: () => request<AchievementList>("GET", "/achievements"),
  runnerStatus: () => request<RunnerPublicStatus>("GET", "/runner/status", { auth: false }),

  adminUsers: () => request<AdminUserList>("GET", "/admin/users"),
  adminCourses: () => request<CourseList>("GET", "/admin/courses"),
  adminRunner: () => request<AdminRunnerStatus>("GET", "/admin/runner"),
  adminMailbox: (f: MailboxFilter = {}) => request<Mailbox>("GET", `/admin/mailbox${queryString(f)}`),

  notifications: (cursor?: string, limit = 20) =>
    request<NotificationList>("GET", `/notifications${queryString({ cursor, limit: String(limit) })}`),
  unreadCount: () => request<UnreadCount>("GET", "/notifications/unread-count"),
  markNotificationRead: (id: string) => request<Notification>("POST", `/notifications/${enc(id)}/read`),
  markAllNotificationsRead: () => request<ReadAllResult>("POST", "/notifications/read-all"),
  notificationPreferences: () => request<NotificationPreferences>("GET", "/notifications/preferences"),
  setNotificationPreferences: (body: NotificationPreferencesBody) =>
    request<NotificationPreferences>("PUT", "/notifications/preferences", { body }),

  analyticsOverview: () => request<AnalyticsOverview>("GET", "/analytics/overview"),
  analyticsSeries: (q: SeriesQuery) => request<AnalyticsSeries>("GET", `/analytics/series${queryString(q)}`),
  courseAnalytics: (slug: string) => request<CourseAnalytics>("GET", `/courses/${enc(slug)}/analytics`),
};
