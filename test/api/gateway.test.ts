/**
 * The gateway's cross-cutting behaviour over real HTTP: security headers, CORS allowlist, rate limits
 * per IP, per user and for sign-in, metrics, the web app fallback, and a server without Go.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { SignJWT } from "jose";
import type { Draft, RunnerPublicStatus } from "../../common/api.ts";
import { Client, startTestServer, type TestServer } from "../support/server.ts";

const SECRET = "a-shared-secret-for-the-gateway-tests-0123456789";

/** An access token signed the way the identity module signs them. */
const accessToken = (sub: string): Promise<string> =>
  new SignJWT({ role: "learner", name: sub, token_use: "access" })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(sub)
    .setIssuer("gopro")
    .setAudience("gopro-api")
    .setIssuedAt()
    .setExpirationTime("5m")
    .sign(new TextEncoder().encode(SECRET));

describe("gateway", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer("pglite", {
      CORS_ORIGINS: "https://school.example",
      RATE_LIMIT_AUTH_PER_MIN: "3",
      RATE_LIMIT_IP_PER_MIN: "40",
      RATE_LIMIT_USER_PER_MIN: "15",
      JWT_SECRET: SECRET,
    });
  });
  after(() => server?.stop());

  test("security headers on every response", async () => {
    const r = await new Client(server.url).req("GET", "/api/v1/courses");
    assert.match(r.headers.get("content-security-policy") ?? "", /default-src 'self'/);
    assert.match(r.headers.get("content-security-policy") ?? "", /frame-ancestors 'none'/);
    assert.equal(r.headers.get("x-content-type-options"), "nosniff");
    assert.ok(r.headers.get("x-request-id"));
  });

  test("responses are compressed for clients that accept it", async () => {
    const res = await fetch(`${server.url}/api/docs/json`, { headers: { "accept-encoding": "gzip" } });
    assert.equal(res.headers.get("content-encoding"), "gzip");
    assert.ok((await res.json()).openapi);
  });

  test("CORS answers only allowlisted origins", async () => {
    const c = new Client(server.url);
    const ok = await c.req("GET", "/api/v1/courses", undefined, { origin: "https://school.example" });
    assert.equal(ok.headers.get("access-control-allow-origin"), "https://school.example");
    assert.equal(ok.headers.get("access-control-allow-credentials"), "true");
    const no = await c.req("GET", "/api/v1/courses", undefined, { origin: "https://evil.example" });
    assert.equal(no.headers.get("access-control-allow-origin"), null);
  });

  test("sign-in attempts have their own small budget: 429 with Retry-After in the envelope", async () => {
    const c = new Client(server.url);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push(
        (await c.req("POST", "/api/v1/auth/login", { email: "x@example.test", password: "nope nope" }))
          .status,
      );
    }
    assert.deepEqual(statuses, [401, 401, 401, 429]);
    const r = await c.req("POST", "/api/v1/auth/login", { email: "x@example.test", password: "nope nope" });
    assert.equal(r.code, "rate_limited");
    assert.ok(Number(r.headers.get("retry-after")) > 0);
  });

  test("signed-in users are limited per user, not per shared IP", async () => {
    // Registration's budget was spent above, so mint access tokens the way an identity process would.
    const ana = new Client(server.url);
    ana.token = await accessToken("ana");
    const ben = new Client(server.url);
    ben.token = await accessToken("ben");
    const statuses: number[] = [];
    for (let i = 0; i < 16; i++) statuses.push((await ana.req("GET", "/api/v1/courses")).status);
    assert.deepEqual(
      statuses.filter((s) => s === 429).length,
      1,
      "the 16th request is over the budget of 15",
    );
    assert.equal(statuses.at(-1), 429);
    assert.equal(
      (await ben.req("GET", "/api/v1/courses")).status,
      200,
      "another user on the same IP is unaffected",
    );
  });

  test("metrics expose HTTP and runner series", async () => {
    const r = await new Client(server.url).req("GET", "/metrics");
    assert.equal(r.status, 200);
    const text = String(r.body);
    assert.match(text, /gopro_http_request_duration_seconds_bucket\{.*route="\/api\/v1\/courses"/);
    assert.match(text, /gopro_runner_queue_depth/);
    assert.match(text, /gopro_runner_sandbox_failures_total\{reason="bwrap"\} 0/);
    assert.match(text, /gopro_outbox_backlog/);
  });

  // Last in this suite: it spends the anonymous budget of this IP.
  test("anonymous requests are limited per IP; a bad token counts as anonymous", async () => {
    const anon = new Client(server.url);
    const forged = new Client(server.url);
    forged.token = "not-a-jwt";
    const statuses: number[] = [];
    // Earlier tests spent part of the 40-a-minute budget; at most 40 more can pass.
    for (let i = 0; i < 41 && !statuses.includes(429); i++) {
      statuses.push((await (i % 2 === 0 ? anon : forged).req("GET", "/api/v1/courses")).status);
    }
    assert.equal(statuses.at(-1), 429, `no 429 within 41 requests: ${statuses.join(",")}`);
    assert.ok(statuses.slice(0, -1).every((s) => s === 200));
    const again = await anon.req("GET", "/api/v1/courses");
    assert.equal(again.status, 429);
    assert.equal(again.code, "rate_limited");
    assert.ok(Number(again.headers.get("retry-after")) > 0);
    // The limit is the IP's: a signed-in user on the same IP still has their own budget.
    const carla = new Client(server.url);
    carla.token = await accessToken("carla");
    assert.equal((await carla.req("GET", "/api/v1/courses")).status, 200);
  });
});

describe("a server without Go", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer("pglite", { GO_BINARY: "/nonexistent/go" });
  });
  after(() => server?.stop());

  test("says so, refuses runs with 503, keeps the draft, and everything else works", async () => {
    const c = new Client(server.url);
    const status = (await c.req("GET", "/api/v1/runner/status")).json<RunnerPublicStatus>();
    assert.equal(status.goAvailable, false);
    assert.equal(status.canRun, false);
    assert.match(status.message, /Go is not installed/);
    const ready = await c.req("GET", "/readyz");
    assert.equal(ready.status, 200);
    assert.equal(ready.json<{ status: string }>().status, "degraded");

    await c.register();
    assert.equal((await c.req("POST", "/api/v1/courses/go-first-steps/enrollment")).status, 201);
    const files = { "hello.go": "package hello\n\nfunc Hello(name string) string { return name }\n" };
    const run = await c.req("POST", "/api/v1/exercises/go-first-steps.hello/attempts", { files });
    assert.equal(run.status, 503);
    assert.equal(run.code, "runner_unavailable");
    assert.match(run.json<{ error: { message: string } }>().error.message, /Go/);
    const draft = (await c.req("GET", "/api/v1/exercises/go-first-steps.hello/draft")).json<Draft>();
    assert.deepEqual(draft.files, files, "the code the learner tried to run is kept");
    assert.equal((await c.req("POST", "/api/v1/lessons/go-first-steps.hello-go/completion")).status, 200);
  });
});
