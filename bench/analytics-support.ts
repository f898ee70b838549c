/**
 * Shared by the analytics benchmarks (ingest, dashboard, kafka-latency): a whole platform in this
 * process, tokens, NDJSON bodies, a bounded POST loop, and a counter of the events the analytics
 * module has applied, heard through its public `onUpdate` hook.
 */
import path from "node:path";
import type { AnalyticsUpdate, CourseList } from "../common/api.ts";
import { createPlatform, type Platform } from "../server/app.ts";
import { loadConfig } from "../server/platform/config.ts";
import { createLogger } from "../server/platform/logger.ts";
import { percentile } from "./support.ts";

const root = path.resolve(import.meta.dirname, "..");

export interface BenchPlatform {
  platform: Platform;
  url: string;
}

/**
 * The full platform (all modules) on PGlite in memory, listening on a free loopback port. Rate limits
 * still run on every request; their budgets are only raised so the benchmark is not throttled.
 */
export async function startPlatform(
  env: Record<string, string> = {},
  now?: () => Date,
): Promise<BenchPlatform> {
  const config = loadConfig({
    HOST: "127.0.0.1",
    PORT: "0",
    DATA_DIR: "memory://",
    LOG_LEVEL: "silent",
    CURRICULUM_DIR: path.join(root, "curriculum"),
    WEB_DIR: path.join(root, "web/dist"),
    RATE_LIMIT_IP_PER_MIN: "1000000",
    RATE_LIMIT_USER_PER_MIN: "1000000",
    RATE_LIMIT_AUTH_PER_MIN: "100000",
    // A benchmark that moves the platform's clock must not outlive its tokens.
    ACCESS_TOKEN_TTL: "86400",
    DIGEST_INTERVAL_HOURS: "0",
    ...env,
  });
  const platform = await createPlatform(config, {
    logger: createLogger("silent"),
    ...(now ? { now } : {}),
  });
  // listen() returns after the modules started (the curriculum is imported by then).
  const url = await platform.listen();
  return { platform, url };
}

async function json<T>(res: Response, what: string, status: number): Promise<T> {
  const text = await res.text();
  if (res.status !== status) throw new Error(`${what}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** An admin account made through the identity module's client, signed in over HTTP. */
export async function adminToken(b: BenchPlatform): Promise<string> {
  const identity = b.platform.clients.identity;
  if (!identity) throw new Error("identity module not running");
  const email = "bench-admin@example.test";
  const password = "correct horse battery staple";
  await identity.createAdmin(email, password, "Bench Admin");
  const res = await fetch(`${b.url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  return (await json<{ accessToken: string }>(res, "login", 200)).accessToken;
}

/** A new learner account over HTTP; its access token. */
export async function learnerToken(url: string, i: number): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      email: `bench-learner-${i}-${process.pid}@example.test`,
      password: "correct horse battery staple",
      displayName: `Bench Learner ${i}`,
    }),
  });
  return (await json<{ accessToken: string }>(res, "register", 201)).accessToken;
}

export async function courseIds(url: string): Promise<string[]> {
  const list = await json<CourseList>(await fetch(`${url}/api/v1/courses`), "courses", 200);
  return list.courses.map((c) => c.id);
}

/**
 * `lines` NDJSON lines of custom events (AnalyticsEventLine): every other one names a course, all
 * carry a few props; occurredAt is left out (the server's clock stamps them).
 */
export function ndjsonBody(lines: number, courses: readonly string[], salt = 0): string {
  let out = "";
  for (let i = 0; i < lines; i++) {
    const course = i % 2 === 0 && courses.length > 0 ? courses[(i + salt) % courses.length] : undefined;
    const line = {
      name: i % 3 === 0 ? "video.play" : "quiz.answered",
      ...(course === undefined ? {} : { courseId: course }),
      props: { seconds: (i * 7 + salt) % 600, correct: i % 4 === 0, question: `q${i % 12}` },
    };
    out += `${JSON.stringify(line)}\n`;
  }
  return out;
}

/** Connection resets retried once each (a keep-alive socket the server closed while it sat idle). */
export const resets = { count: 0 };

export async function postNdjson(url: string, token: string | undefined, body: string): Promise<number> {
  const send = () =>
    fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/x-ndjson",
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body,
    });
  let res: Response;
  try {
    res = await send();
  } catch (err) {
    resets.count++;
    console.error(`POST ${url} failed (${String((err as Error).cause ?? err)}); retrying once`);
    res = await send();
  }
  const r = await json<{ accepted: number }>(res, "ingest", 202);
  return r.accepted;
}

export interface PostLoadResult {
  accepted: number;
  requests: number;
  seconds: number;
  eventsPerSec: number;
  p50ms: number;
  p99ms: number;
}

/**
 * Posts `body` (holding `linesPerBody` events) with `concurrency` clients in flight until `target`
 * events were accepted; client i uses tokens[i % tokens.length]. Stops after `maxSeconds` whatever
 * happens. Throws when a batch is not accepted whole.
 */
export async function postLoad(
  url: string,
  tokens: readonly (string | undefined)[],
  body: string,
  linesPerBody: number,
  target: number,
  concurrency: number,
  maxSeconds = 120,
): Promise<PostLoadResult> {
  const latencies: number[] = [];
  let planned = 0;
  let accepted = 0;
  const deadline = performance.now() + maxSeconds * 1000;
  const start = performance.now();
  const worker = async (w: number) => {
    const token = tokens[w % tokens.length];
    while (planned < target && performance.now() < deadline) {
      planned += linesPerBody;
      const t = performance.now();
      const n = await postNdjson(url, token, body);
      latencies.push(performance.now() - t);
      if (n !== linesPerBody) throw new Error(`a batch of ${linesPerBody} lines had ${n} accepted`);
      accepted += n;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    accepted,
    requests: latencies.length,
    seconds,
    eventsPerSec: accepted / seconds,
    p50ms: percentile(latencies, 50),
    p99ms: percentile(latencies, 99),
  };
}

export const median = (xs: readonly number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/**
 * How many learning events the analytics module has applied since this counter was made: the sum,
 * over the global daily windows, of each window's event count as the module last reported it
 * through `onUpdate` (every event lands in exactly one global daily window; updates are sent after
 * the transaction that applied the event committed). Make it before the first event: a window it
 * first hears of counts in full.
 */
export class AppliedCounter {
  private readonly perWindow = new Map<string, number>();
  private total = 0;
  private waiters: Array<{ n: number; resolve: () => void }> = [];
  private readonly off: () => void;

  constructor(b: BenchPlatform) {
    const analytics = b.platform.clients.analytics;
    if (!analytics) throw new Error("analytics module not running");
    this.off = analytics.onUpdate((u) => this.hear(u));
  }

  private hear(u: AnalyticsUpdate): void {
    if (u.scope !== "global" || u.resolution !== "1d") return;
    const before = this.perWindow.get(u.windowStart) ?? 0;
    if (u.events <= before) return;
    this.perWindow.set(u.windowStart, u.events);
    this.total += u.events - before;
    const due = this.waiters.filter((w) => this.total >= w.n);
    this.waiters = this.waiters.filter((w) => this.total < w.n);
    for (const w of due) w.resolve();
  }

  /** Events applied so far. */
  get applied(): number {
    return this.total;
  }

  /** Resolves once `n` events in all have been applied; rejects after `timeoutMs`. */
  waitFor(n: number, timeoutMs: number): Promise<void> {
    if (this.total >= n) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(new Error(`only ${this.total} of ${n} events applied after ${timeoutMs} ms`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push({ n, resolve: done });
    });
  }

  close(): void {
    this.off();
  }
}
