/**
 * One error type for the whole server. Domain code throws `AppError` with a stable string code;
 * each transport (HTTP, CLI, later WebSocket) maps the code to its own status or message.
 * Domain code never knows about HTTP statuses.
 */
export type ErrorCode =
  | "bad_request"
  | "validation_failed"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "rate_limited"
  | "runner_busy"
  | "runner_unavailable"
  | "timeout"
  | "unavailable"
  | "internal";

export interface FieldIssue {
  path: string;
  message: string;
}

export interface AppErrorOptions {
  details?: FieldIssue[] | Record<string, unknown>;
  /** Seconds a client should wait before retrying (rate limits, busy runner). */
  retryAfter?: number;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: AppErrorOptions["details"];
  readonly retryAfter: number | undefined;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.details = options.details;
    this.retryAfter = options.retryAfter;
  }
}

export const notFound = (what: string): AppError => new AppError("not_found", `${what} not found`);

/** HTTP status for each code: the single mapping used by the gateway. */
export const httpStatusOf: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  runner_busy: 429,
  runner_unavailable: 503,
  timeout: 504,
  unavailable: 503,
  internal: 500,
};

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
