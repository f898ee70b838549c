/**
 * Shared plumbing for the browser end-to-end tests (e2e/*.e2e.ts): build the web app if stale,
 * start the real server as a child process (temp DATA_DIR, free port), launch playwright-core on the
 * system Chromium, poll for a condition, and take full-page screenshots into test-artifacts/e2e/.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import type { Attempt, Session } from "../common/api.ts";
import { freePort } from "../scripts/free-port.ts";

export const root = path.resolve(import.meta.dirname, "..");
export const artifacts = path.join(root, "test-artifacts", "e2e");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Polls `fn` every 250 ms until it returns something other than undefined/false. */
export async function waitUntil<T>(
  what: string,
  fn: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      lastError = e;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ""}`);
}

/**
 * Empties the artifact folder: all of it without `prefix`, else only the entries whose names start
 * with `prefix` (so one test file does not delete another's screenshots).
 */
export async function cleanArtifacts(prefix?: string): Promise<void> {
  if (prefix === undefined) {
    await rm(artifacts, { recursive: true, force: true });
  } else {
    await mkdir(artifacts, { recursive: true });
    for (const name of await readdir(artifacts)) {
      if (name.startsWith(prefix)) await rm(path.join(artifacts, name), { recursive: true, force: true });
    }
  }
  await mkdir(artifacts, { recursive: true });
}

/** Builds web/dist when it is missing or older than its sources. */
export function buildWebIfStale(): void {
  const build = spawnSync(process.execPath, [path.join(root, "scripts/build-web-if-stale.ts")], {
    cwd: root,
    encoding: "utf8",
  });
  assert.equal(build.status, 0, `web build failed:\n${build.stdout}\n${build.stderr}`);
}

export interface RunningServer {
  baseUrl: string;
  /** SIGTERM (SIGKILL after 5 s), then deletes the temp DATA_DIR. */
  stop(): Promise<void>;
}

export interface AdminAccount {
  email: string;
  password: string;
  displayName: string;
}

export interface ServerOptions {
  /** Extra environment for the server (e.g. a higher RATE_LIMIT_AUTH_PER_MIN). */
  env?: Record<string, string>;
  /** Created with `gopro admin create` in the fresh DATA_DIR before the server starts. */
  admin?: AdminAccount;
}

/**
 * Starts `server/cli/main.ts serve` on a free loopback port with a fresh temp DATA_DIR and waits for
 * GET /readyz. Its stdout and stderr go to test-artifacts/e2e/<logName>.
 */
export async function startServer(logName: string, options: ServerOptions = {}): Promise<RunningServer> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "gopro-e2e-"));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const log = createWriteStream(path.join(artifacts, logName));
  const env = { ...process.env, ...options.env, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir };
  if (options.admin) {
    // The operator's way in: the CLI, on the same (not yet served) database.
    const created = spawnSync(
      process.execPath,
      [
        path.join(root, "server/cli/main.ts"),
        "admin",
        "create",
        "--email",
        options.admin.email,
        "--name",
        options.admin.displayName,
      ],
      { cwd: root, env: { ...env, GOPRO_ADMIN_PASSWORD: options.admin.password }, encoding: "utf8" },
    );
    log.write(`$ gopro admin create --email ${options.admin.email}\n${created.stdout}${created.stderr}\n`);
    if (created.status !== 0) {
      await rm(dataDir, { recursive: true, force: true });
      throw new Error(`gopro admin create failed (${created.status}): ${created.stderr}`);
    }
  }
  const server: ChildProcess = spawn(process.execPath, [path.join(root, "server/cli/main.ts"), "serve"], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout?.pipe(log);
  server.stderr?.pipe(log);

  const stop = async (): Promise<void> => {
    if (server.exitCode === null && server.signalCode === null) {
      const gone = new Promise((r) => server.once("exit", r));
      server.kill("SIGTERM");
      await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))]);
      if (server.exitCode === null && server.signalCode === null) server.kill("SIGKILL");
    }
    await rm(dataDir, { recursive: true, force: true });
  };

  const exited = new Promise<never>((_, reject) =>
    server.once("exit", (code) => reject(new Error(`server exited early (code ${code}); see ${logName}`))),
  );
  exited.catch(() => undefined);
  try {
    await Promise.race([
      waitUntil(
        "GET /readyz",
        async () => {
          const res = await fetch(`${baseUrl}/readyz`);
          return res.status === 200;
        },
        90_000,
      ),
      exited,
    ]);
  } catch (e) {
    await stop();
    throw e;
  }
  return { baseUrl, stop };
}

/** What an e2e file drives: a server (its own, or E2E_BASE_URL's) and a browser page. */
export interface E2eRun {
  baseUrl: string;
  page: Page;
  session: BrowserSession;
  /** Closes the browser, then stops the server this run started (if any). */
  stop(): Promise<void>;
}

/**
 * The shared set-up of an e2e file: clears its screenshots (all of them when `prefix` is empty),
 * builds the web app if stale, starts a server unless E2E_BASE_URL names one, opens a browser.
 */
export async function startE2e(prefix: string, options: ServerOptions = {}): Promise<E2eRun> {
  await cleanArtifacts(prefix === "" ? undefined : prefix);
  buildWebIfStale();
  const server = process.env.E2E_BASE_URL ? null : await startServer(`${prefix}server.log`, options);
  const baseUrl = server?.baseUrl ?? (process.env.E2E_BASE_URL ?? "").replace(/\/$/, "");
  const session = await launchBrowser(`${prefix}browser-console.log`);
  return {
    baseUrl,
    page: session.page,
    session,
    async stop() {
      await session.close();
      await server?.stop();
    },
  };
}

export interface BrowserSession {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * Headless system Chromium, a 1280×860 light-mode context and one page (default timeout 20 s) whose
 * console messages and page errors go to test-artifacts/e2e/<consoleLogName>.
 */
export async function launchBrowser(consoleLogName: string): Promise<BrowserSession> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, colorScheme: "light" });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const consoleLog = createWriteStream(path.join(artifacts, consoleLogName));
  page.on("console", (m) => consoleLog.write(`[${m.type()}] ${m.text()}\n`));
  page.on("pageerror", (e) => consoleLog.write(`[pageerror] ${e.message}\n`));
  return {
    browser,
    context,
    page,
    async close() {
      await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      consoleLog.end();
    },
  };
}

/**
 * Returns a function that saves a full-page screenshot as test-artifacts/e2e/<prefix>NN-<name>.png
 * (NN counts up from 01) and resolves to the file's path. With `finishAnimations`, running CSS
 * transitions and animations are fast-forwarded to their end state before the capture.
 */
export function screenshotter(
  page: () => Page,
  prefix = "",
  options: { finishAnimations?: boolean } = {},
): (name: string) => Promise<string> {
  let shot = 0;
  return async (name) => {
    shot += 1;
    const file = path.join(artifacts, `${prefix}${String(shot).padStart(2, "0")}-${name}.png`);
    const p = page();
    // Full-page captures of a scrolled page would paint the sticky header mid-page.
    await p.evaluate("window.scrollTo(0, 0)");
    await p.screenshot({
      path: file,
      fullPage: true,
      // "disabled" fast-forwards CSS transitions, e.g. a button still fading to its new colour.
      ...(options.finishAnimations ? { animations: "disabled" as const } : {}),
    });
    return file;
  };
}

/** The password of the learners the tests register. */
export const PASSWORD = "correct horse battery staple";

/** Makes the learners' emails unique per test process. */
const stamp = Date.now().toString(36);

/** A learner (or admin) talking to the API directly, as another tab or device would. */
export class ApiClient {
  token = "";
  readonly baseUrl: string;
  readonly email: string;
  constructor(baseUrl: string, email: string) {
    this.baseUrl = baseUrl;
    this.email = email;
  }

  async req(method: string, p: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    return fetch(`${this.baseUrl}/api/v1${p}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  async ok(method: string, p: string, body?: unknown): Promise<Response> {
    const res = await this.req(method, p, body);
    assert.ok(res.ok, `${method} ${p} → ${res.status}: ${await res.clone().text()}`);
    return res;
  }

  /** Registers `e2e-<display name>-<stamp>@example.com` with PASSWORD. */
  static async register(baseUrl: string, displayName: string): Promise<ApiClient> {
    const email = `e2e-${displayName.toLowerCase().replace(/\W+/g, "-")}-${stamp}@example.com`;
    const c = new ApiClient(baseUrl, email);
    const res = await c.ok("POST", "/auth/register", { email: c.email, password: PASSWORD, displayName });
    c.token = ((await res.json()) as Session).accessToken;
    return c;
  }

  static async login(baseUrl: string, email: string, password: string): Promise<ApiClient> {
    const c = new ApiClient(baseUrl, email);
    const res = await c.ok("POST", "/auth/login", { email, password });
    c.token = ((await res.json()) as Session).accessToken;
    return c;
  }

  /** Runs the exercise's reference solution; it must pass. */
  async pass(exercise: { id: string; solution: Record<string, string> }): Promise<void> {
    // A busy runner answers 429: try again a few times.
    for (let run = 1; run <= 5; run++) {
      const res = await this.req("POST", `/exercises/${exercise.id}/attempts`, { files: exercise.solution });
      if (res.status === 429) {
        await new Promise((r) => setTimeout(r, 2000 * run));
        continue;
      }
      const text = await res.text();
      assert.equal(res.status, 201, `${exercise.id}: ${text}`);
      const attempt = JSON.parse(text) as Attempt;
      assert.equal(attempt.verdict.status, "passed", `${exercise.id}: ${attempt.verdict.message}`);
      return;
    }
    assert.fail(`${exercise.id}: the runner stayed busy`);
  }
}

/** Logs in through the login page and waits until the app has left it. */
export async function login(p: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await p.goto(`${baseUrl}/login`);
  await p.getByLabel("Email").fill(email);
  await p.getByLabel("Password").fill(password);
  await p.getByRole("button", { name: "Log in" }).click();
  await p.waitForURL((u) => !u.pathname.startsWith("/login"));
}
