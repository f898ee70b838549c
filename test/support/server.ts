/**
 * Starts a real GO-PRO server for integration tests: on PGlite (in memory) or on the PostgreSQL server
 * that scripts/test.ts started (GOPRO_TEST_PG_URL), each test server in a fresh database of its own.
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { createPlatform, type Platform } from "../../server/app.ts";
import { loadConfig } from "../../server/platform/config.ts";
import { createLogger } from "../../server/platform/logger.ts";

export type DbKind = "pglite" | "postgres";

export interface TestServer {
  url: string;
  platform: Platform;
  stop(): Promise<void>;
}

const root = path.resolve(import.meta.dirname, "../..");

/** Which databases this run can test against; Postgres is required on CI. */
export function databaseKinds(): DbKind[] {
  if (process.env.GOPRO_TEST_PG_URL) return ["pglite", "postgres"];
  if (process.env.CI === "true")
    throw new Error("CI run without GOPRO_TEST_PG_URL: start tests with `npm test`");
  return ["pglite"];
}

async function freshPostgresDatabase(adminUrl: string): Promise<string> {
  const name = `gopro_test_${randomBytes(6).toString("hex")}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function startTestServer(kind: DbKind, env: Record<string, string> = {}): Promise<TestServer> {
  const databaseUrl =
    kind === "postgres" ? await freshPostgresDatabase(process.env.GOPRO_TEST_PG_URL ?? "") : undefined;
  const config = loadConfig({
    HOST: "127.0.0.1",
    PORT: "0",
    DATA_DIR: "memory://",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    CURRICULUM_DIR: path.join(root, "curriculum"),
    WEB_DIR: path.join(root, "web/dist"),
    RATE_LIMIT_AUTH_PER_MIN: "1000",
    // No weekly digest timer in tests: they send the digest through the admin endpoint when they want one.
    DIGEST_INTERVAL_HOURS: "0",
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...env,
  });
  const platform = await createPlatform(config, { logger: createLogger(config.logLevel) });
  const url = await platform.listen();
  return { url, platform, stop: () => platform.stop() };
}

/** A tiny JSON client over real HTTP that remembers the access token and the refresh cookie. */
/** Polls until `ok` holds, or gives up after `tries` looks 50 ms apart and returns the last value. */
export async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, tries = 100): Promise<T> {
  let last = await read();
  for (let i = 0; i < tries && !ok(last); i++) {
    await new Promise((r) => setTimeout(r, 50));
    last = await read();
  }
  return last;
}

export class Client {
  token: string | undefined;
  cookie: string | undefined;
  readonly base: string;
  constructor(base: string) {
    this.base = base;
  }

  async req(method: string, p: string, body?: unknown, headers: Record<string, string> = {}) {
    const h: Record<string, string> = { ...headers };
    if (body !== undefined) h["content-type"] = "application/json";
    if (this.token) h.authorization = `Bearer ${this.token}`;
    if (this.cookie) h.cookie = this.cookie;
    const res = await fetch(this.base + p, {
      method,
      headers: h,
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith("gopro_refresh="));
    if (setCookie) {
      const value = setCookie.split(";")[0] ?? "";
      this.cookie = value === "gopro_refresh=" ? undefined : value;
    }
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    return new Reply(res.status, json, res.headers);
  }

  async register(
    email = `u${randomBytes(5).toString("hex")}@example.test`,
    password = "correct horse battery",
  ) {
    const r = await this.req("POST", "/api/v1/auth/register", {
      email,
      password,
      displayName: "Test Learner",
    });
    if (r.status !== 201) throw new Error(`register failed: ${r.status} ${JSON.stringify(r.body)}`);
    const s = r.json<{ accessToken: string; user: { id: string; email: string } }>();
    this.token = s.accessToken;
    return { email, password, user: s.user };
  }
}

export class Reply {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Headers;
  constructor(status: number, body: unknown, headers: Headers) {
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
  /** The body as the type the test expects (the schemas in common/api.ts are checked by the server). */
  json<T>(): T {
    return this.body as T;
  }
  /** The error envelope's code, or undefined. */
  get code(): string | undefined {
    return (this.body as { error?: { code?: string } } | null)?.error?.code;
  }
}

/** A newly registered learner on `baseUrl`, enrolled in the course `slug` unless it is null. */
export async function newLearner(baseUrl: string, slug: string | null): Promise<Client & { id: string }> {
  const c = new Client(baseUrl);
  const { user } = await c.register();
  if (slug !== null) {
    const r = await c.req("POST", `/api/v1/courses/${slug}/enrollment`);
    if (r.status !== 201) throw new Error(`enrolling in ${slug} answered ${r.status}`);
  }
  return Object.assign(c, { id: user.id });
}
