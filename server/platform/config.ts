/**
 * Typed configuration read once from the environment at boot. Every problem is collected and reported
 * together so an operator fixes a bad deployment in one pass, not one variable per restart.
 */
import { z } from "zod";

const bool = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const list = z.string().transform((v) =>
  v
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0),
);

/** Each variable, its default and what it does. The README's configuration table mirrors this. */
export const EnvSchema = z.object({
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: int(0, 65535).default(8080),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
  KAFKA_BROKERS: list
    .refine((l) => l.length > 0 && l.every((b) => /^[^\s:/]+:\d{1,5}$/.test(b)), {
      error: "must be a comma-separated list of host:port",
    })
    .optional(),
  KAFKA_NAMESPACE: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, "must be 1–40 letters, digits, - or _")
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/[^\s]+$/, "must be a redis:// or rediss:// URL (redis://[:password@]host:port[/db])")
    .optional(),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9:_-]{0,39}$/, "must be 1–40 letters, digits, :, - or _")
    .default("gopro:"),
  TARGET: list.default(["all"]),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  JWT_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  JWT_ISSUER: z.string().min(1).default("gopro"),
  JWT_AUDIENCE: z.string().min(1).default("gopro-api"),
  ACCESS_TOKEN_TTL: int(30, 86_400).default(900),
  REFRESH_TOKEN_TTL: int(300, 365 * 86_400).default(30 * 86_400),
  COOKIE_SECURE: bool.optional(),
  CORS_ORIGINS: list.default([]),
  RATE_LIMIT_IP_PER_MIN: int(1, 1_000_000).default(600),
  RATE_LIMIT_USER_PER_MIN: int(1, 1_000_000).default(1200),
  RATE_LIMIT_AUTH_PER_MIN: int(1, 1_000_000).default(20),
  REQUEST_TIMEOUT_MS: int(1000, 600_000).default(60_000),
  BODY_LIMIT_BYTES: int(1024, 64 * 1024 * 1024).default(1024 * 1024),
  CURRICULUM_DIR: z.string().min(1).default("./curriculum"),
  RUNNER_WORKERS: int(1, 256).optional(),
  RUNNER_MAX_QUEUE: int(1, 100_000).default(100),
  GO_BINARY: z.string().min(1).optional(),
  GO_CACHE_DIR: z.string().min(1).optional(),
  WEB_DIR: z.string().min(1).default("./web/dist"),
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" }).optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, "must be an smtp:// or smtps:// URL (smtp://user:pass@host:port)")
    .optional(),
  MAIL_FROM: z.string().min(3).max(254).default("GO-PRO <no-reply@localhost>"),
  SMTP_RETRY_MS: int(10, 3_600_000).default(30_000),
  DIGEST_INTERVAL_HOURS: int(0, 24 * 366).default(168),
});

export type Config = {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Kafka bootstrap brokers; unset runs the in-process bus. */
  kafkaBrokers: string[] | undefined;
  /** Prefix of Kafka topic and consumer-group names ("<namespace>.learning-events"). */
  kafkaNamespace: string | undefined;
  /** Redis for live pushes between processes; unset keeps them inside the process. */
  redisUrl: string | undefined;
  /** Prefix of every Redis key and channel this deployment uses. */
  redisPrefix: string;
  targets: string[];
  logLevel: z.infer<typeof EnvSchema>["LOG_LEVEL"];
  jwt: {
    secret: string | undefined;
    issuer: string;
    audience: string;
    accessTtl: number;
    refreshTtl: number;
  };
  cookieSecure: boolean;
  corsOrigins: string[];
  rateLimit: { ipPerMin: number; userPerMin: number; authPerMin: number };
  requestTimeoutMs: number;
  bodyLimitBytes: number;
  curriculumDir: string;
  runner: {
    workers: number | undefined;
    maxQueue: number;
    goBinary: string | undefined;
    goCacheDir: string | undefined;
  };
  webDir: string;
  /** Where learners reach the web app; links in emails start with it. */
  publicUrl: string;
  notifications: {
    /** Unset: mail is captured in the database for the admin mailbox instead of being sent. */
    smtpUrl: string | undefined;
    mailFrom: string;
    /** First retry delay of a failed delivery; doubles per attempt, capped at an hour. */
    smtpRetryMs: number;
    /** Weekly digest timer period; 0 turns the timer off. */
    digestIntervalHours: number;
  };
};

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

/** Reads the configuration from `env`, throwing a ConfigError that lists every problem at once. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const known = Object.keys(EnvSchema.shape);
  const input: Record<string, string> = {};
  for (const key of known) {
    const v = env[key];
    if (v !== undefined && v !== "") input[key] = v;
  }
  const parsed = EnvSchema.safeParse(input);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  // Rules across variables read the raw text, so they are reported alongside field problems.
  const targets = (input.TARGET ?? "all").split(",").map((t) => t.trim());
  const splitMode = !(targets.length === 1 && targets[0] === "all");
  if (splitMode && !input.DATABASE_URL) problems.push("DATABASE_URL: required when TARGET is not 'all'");
  if (splitMode && !input.JWT_SECRET) problems.push("JWT_SECRET: required when TARGET is not 'all'");
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  const loopback = e.HOST === "127.0.0.1" || e.HOST === "localhost" || e.HOST === "::1";
  return {
    host: e.HOST,
    port: e.PORT,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    kafkaBrokers: e.KAFKA_BROKERS,
    kafkaNamespace: e.KAFKA_NAMESPACE,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    targets: e.TARGET,
    logLevel: e.LOG_LEVEL,
    jwt: {
      secret: e.JWT_SECRET,
      issuer: e.JWT_ISSUER,
      audience: e.JWT_AUDIENCE,
      accessTtl: e.ACCESS_TOKEN_TTL,
      refreshTtl: e.REFRESH_TOKEN_TTL,
    },
    // Browsers drop Secure cookies on plain http://127.0.0.1, so default to Secure only off loopback.
    cookieSecure: e.COOKIE_SECURE ?? !loopback,
    corsOrigins: e.CORS_ORIGINS,
    rateLimit: {
      ipPerMin: e.RATE_LIMIT_IP_PER_MIN,
      userPerMin: e.RATE_LIMIT_USER_PER_MIN,
      authPerMin: e.RATE_LIMIT_AUTH_PER_MIN,
    },
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    curriculumDir: e.CURRICULUM_DIR,
    runner: {
      workers: e.RUNNER_WORKERS,
      maxQueue: e.RUNNER_MAX_QUEUE,
      goBinary: e.GO_BINARY,
      goCacheDir: e.GO_CACHE_DIR,
    },
    webDir: e.WEB_DIR,
    publicUrl: (e.PUBLIC_URL ?? `http://${e.HOST.includes(":") ? `[${e.HOST}]` : e.HOST}:${e.PORT}`).replace(
      /\/+$/,
      "",
    ),
    notifications: {
      smtpUrl: e.SMTP_URL,
      mailFrom: e.MAIL_FROM,
      smtpRetryMs: e.SMTP_RETRY_MS,
      digestIntervalHours: e.DIGEST_INTERVAL_HOURS,
    },
  };
}

export const isLoopback = (host: string): boolean =>
  host === "127.0.0.1" || host === "localhost" || host === "::1" || host.startsWith("127.");

/** Names and descriptions of the variables, for `gopro config` and the README table. */
export const CONFIG_DOC: Array<[string, string, string]> = [
  ["HOST", "127.0.0.1", "Address to bind. Off loopback, learner code runs only inside a sandbox."],
  ["PORT", "8080", "HTTP port (0 picks a free one)."],
  ["DATA_DIR", "./data", "Embedded database, build cache and secrets."],
  ["DATABASE_URL", "(embedded PGlite)", "postgres:// URL of a PostgreSQL server."],
  [
    "KAFKA_BROKERS",
    "(in-process bus)",
    "Comma-separated host:port of Kafka brokers; events then go through Kafka.",
  ],
  [
    "KAFKA_NAMESPACE",
    "(none)",
    "Prefix of Kafka topic and group names, for several deployments on one cluster.",
  ],
  [
    "REDIS_URL",
    "(in-process)",
    "redis:// URL; live pushes (notifications, dashboard updates) then reach every process's WebSockets, and rate limits count the same in every process.",
  ],
  ["REDIS_PREFIX", "gopro:", "Prefix of Redis keys and channels, for several deployments on one Redis."],
  ["TARGET", "all", "Comma-separated modules/targets to run in this process."],
  ["LOG_LEVEL", "info", "fatal, error, warn, info, debug, trace or silent."],
  ["JWT_SECRET", "(generated into DATA_DIR)", "HMAC key for access tokens, ≥ 32 chars. Required when split."],
  ["JWT_ISSUER", "gopro", "`iss` of access tokens."],
  ["JWT_AUDIENCE", "gopro-api", "`aud` of access tokens."],
  ["ACCESS_TOKEN_TTL", "900", "Access token lifetime, seconds."],
  ["REFRESH_TOKEN_TTL", "2592000", "Refresh token lifetime, seconds."],
  ["COOKIE_SECURE", "false on loopback, else true", "Mark the refresh cookie Secure."],
  ["CORS_ORIGINS", "(none)", "Comma-separated origins allowed to call the API from a browser."],
  ["RATE_LIMIT_IP_PER_MIN", "600", "Requests per minute per client IP (WebSocket upgrades: as many, apart)."],
  ["RATE_LIMIT_USER_PER_MIN", "1200", "Requests per minute per signed-in user."],
  ["RATE_LIMIT_AUTH_PER_MIN", "20", "Login/register attempts per minute per IP."],
  ["REQUEST_TIMEOUT_MS", "60000", "A request still unanswered after this gets 504."],
  ["BODY_LIMIT_BYTES", "1048576", "Largest accepted request body (413 above)."],
  ["CURRICULUM_DIR", "./curriculum", "Courses imported at start."],
  ["RUNNER_WORKERS", "(CPU count)", "Concurrent test runs."],
  ["RUNNER_MAX_QUEUE", "100", "Queued runs before 429."],
  ["GO_BINARY", "go (on PATH)", "The Go toolchain used to build and run tests."],
  ["GO_CACHE_DIR", "DATA_DIR/go-build-cache", "Go build cache shared by the runner's compile phase."],
  ["WEB_DIR", "./web/dist", "The built web app served at /."],
  ["PUBLIC_URL", "http://HOST:PORT", "Address learners use to reach the app; links in emails start with it."],
  [
    "SMTP_URL",
    "(none: mail is captured)",
    "smtp:// or smtps:// URL with credentials; unset keeps mail in the admin mailbox.",
  ],
  ["MAIL_FROM", "GO-PRO <no-reply@localhost>", "Sender address of notification emails."],
  [
    "SMTP_RETRY_MS",
    "30000",
    "First retry delay after a failed delivery; doubles per attempt, capped at 1 h.",
  ],
  ["DIGEST_INTERVAL_HOURS", "168", "How often the weekly digest goes out; 0 turns the timer off."],
];
