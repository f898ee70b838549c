/**
 * Per-user limits counted in a real redis-server (GOPRO_TEST_REDIS_URL, started by scripts/test.ts):
 * two connections (as two processes would have) share one budget, racing takes cannot overspend it,
 * the window slides, limits with different names do not mix, and with Redis gone a limit counts in
 * its own process instead of failing or letting everything through. Then the gateway: two servers
 * on one Redis refuse the request, and the WebSocket upgrade, that exceeds the per-IP budget they
 * share.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, describe, test } from "node:test";
import type { Redis } from "ioredis";
import { freePort } from "../../scripts/free-port.ts";
import { AppError } from "../../server/platform/errors.ts";
import { createLogger } from "../../server/platform/logger.ts";
import { limitsConnection, RedisLimitStore, SlidingLimit } from "../../server/platform/sliding-limit.ts";
import { startTestServer, type TestServer } from "../support/server.ts";
import { upgradeStatus } from "../support/ws.ts";

const url = process.env.GOPRO_TEST_REDIS_URL;
const log = createLogger(process.env.TEST_LOG_LEVEL ?? "silent");

/** Resolves to the seconds to wait when refused, or 0 when taken. */
async function attempt(limit: SlidingLimit, key: string): Promise<number> {
  try {
    await limit.take(key);
    return 0;
  } catch (err) {
    assert.ok(err instanceof AppError && err.code === "rate_limited", String(err));
    return Number(err.retryAfter);
  }
}

async function ready(redis: Redis): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (redis.status !== "ready") {
    if (Date.now() > deadline) throw new Error(`Redis not ready: ${redis.status}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("limits in Redis", { skip: url ? false : "no GOPRO_TEST_REDIS_URL (run `npm test`)" }, () => {
  const open: Redis[] = [];
  const connection = async (at = url ?? "") => {
    const r = limitsConnection(at, log);
    open.push(r);
    return r;
  };
  after(() => {
    for (const r of open) r.disconnect();
  });
  let clock = Date.UTC(2026, 11, 5, 12, 0, 0);
  const now = () => clock;
  const limitOn = (redis: Redis, prefix: string, name = "chat") =>
    new SlidingLimit({
      max: 5,
      windowMs: 10_000,
      what: "messages",
      now,
      name,
      store: new RedisLimitStore(redis, prefix),
      log,
    });

  test("two processes' limits share one budget, and the window slides", async () => {
    const prefix = `t-${randomUUID()}:`;
    const [r1, r2] = [await connection(), await connection()];
    await Promise.all([ready(r1), ready(r2)]);
    const one = limitOn(r1, prefix);
    const two = limitOn(r2, prefix);
    for (let i = 0; i < 5; i++) {
      assert.equal(await attempt(i % 2 === 0 ? one : two, "u1"), 0, `take ${i + 1}`);
      clock += 1_000;
    }
    // Five in the last 10 s, counted on both: the sixth is refused on either, with the wait until
    // the first leaves the window (taken at +0 s, now +5 s).
    assert.equal(await attempt(one, "u1"), 5);
    assert.equal(await attempt(two, "u1"), 5);
    // Another learner has a budget of their own.
    assert.equal(await attempt(two, "u2"), 0);
    // Once the first take is 10 s old, one more fits, and only one.
    clock += 5_000;
    assert.equal(await attempt(two, "u1"), 0);
    assert.ok((await attempt(one, "u1")) > 0);
    // A limit of another name counts apart.
    assert.equal(await attempt(limitOn(r1, prefix, "session-chat"), "u1"), 0);
  });

  test("takes racing from two connections never spend more than the budget", async () => {
    const prefix = `t-${randomUUID()}:`;
    const [r1, r2] = [await connection(), await connection()];
    await Promise.all([ready(r1), ready(r2)]);
    const limits = [limitOn(r1, prefix), limitOn(r2, prefix)];
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => attempt(limits[i % 2] as SlidingLimit, "racer")),
    );
    assert.equal(results.filter((w) => w === 0).length, 5);
  });

  test("with Redis unreachable a limit counts in its own process: no error, and still a limit", async () => {
    const dead = await connection(`redis://127.0.0.1:${await freePort()}`);
    const limit = limitOn(dead, "t-dead:");
    for (let i = 0; i < 5; i++) assert.equal(await attempt(limit, "u1"), 0, `take ${i + 1}`);
    assert.ok((await attempt(limit, "u1")) > 0);
  });
});

describe("the gateway's rate limit across two servers on one Redis", {
  skip: url ? false : "no GOPRO_TEST_REDIS_URL (run `npm test`)",
}, () => {
  let a: TestServer;
  let b: TestServer;
  after(async () => {
    await b?.stop();
    await a?.stop();
  });

  test("anonymous requests from one IP share the per-IP budget whichever server answers", async () => {
    const env = {
      REDIS_URL: url ?? "",
      REDIS_PREFIX: `t${randomUUID().slice(0, 8)}:`,
      RATE_LIMIT_IP_PER_MIN: "10",
    };
    a = await startTestServer("pglite", env);
    b = await startTestServer("pglite", env);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await fetch(`${(i % 2 === 0 ? a : b).url}/api/v1/courses`);
      statuses.push(res.status);
    }
    // Ten fit in the minute across both servers; each server alone has seen only six.
    assert.deepEqual(statuses.slice(0, 10), Array(10).fill(200));
    assert.deepEqual(statuses.slice(10), [429, 429]);
  });

  test("so do WebSocket upgrades, with a budget of their own", async () => {
    // The same two servers (their HTTP budget is spent): upgrades count apart from requests.
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push(await upgradeStatus((i % 2 === 0 ? a : b).url));
    assert.deepEqual(statuses.slice(0, 10), Array(10).fill(101));
    assert.deepEqual(statuses.slice(10), [429, 429]);
  });
});
