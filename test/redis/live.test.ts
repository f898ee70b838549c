/**
 * The Redis live bus against a real redis-server (GOPRO_TEST_REDIS_URL, started by scripts/test.ts):
 * fan-out to every process, unsubscribing, malformed messages, and an outage (on a server of its own,
 * stopped and started again on the same port).
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, describe, test } from "node:test";
import { Redis } from "ioredis";
import { startTestRedis } from "../../scripts/test-redis.ts";
import { RedisLive } from "../../server/platform/live.ts";
import { createLogger } from "../../server/platform/logger.ts";

const url = process.env.GOPRO_TEST_REDIS_URL;
const log = createLogger(process.env.TEST_LOG_LEVEL ?? "silent");

async function until(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A subscription is live once a probe published after it arrives. */
async function subscribed(bus: RedisLive, channel: string, seen: unknown[]): Promise<void> {
  const probe = { probe: randomUUID() };
  const deadline = Date.now() + 10_000;
  while (!seen.some((m) => JSON.stringify(m) === JSON.stringify(probe))) {
    if (Date.now() > deadline) throw new Error(`subscription to ${channel} never became live`);
    bus.publish(channel, probe);
    await new Promise((r) => setTimeout(r, 50));
  }
  seen.length = 0;
}

describe("RedisLive", { skip: url ? false : "no GOPRO_TEST_REDIS_URL (run `npm test`)" }, () => {
  const open: RedisLive[] = [];
  const newBus = async (prefix: string) => {
    const b = new RedisLive(url ?? "", log, { prefix });
    open.push(b);
    await b.ready();
    return b;
  };
  after(async () => {
    for (const b of open) await b.close();
  });

  test("a message published by one process reaches the subscribers of every process, once each", async () => {
    const prefix = `t-${randomUUID().slice(0, 8)}:`;
    const [a, b] = [await newBus(prefix), await newBus(prefix)];
    const seenA: unknown[] = [];
    const seenB: unknown[] = [];
    a.subscribe("analytics", (m) => seenA.push(m));
    b.subscribe("analytics", (m) => seenB.push(m));
    await subscribed(a, "analytics", seenA);
    await subscribed(b, "analytics", seenB);
    seenA.length = 0;
    seenB.length = 0;
    a.publish("analytics", { n: 1, text: "ünïcode ✓" });
    b.publish("analytics", { n: 2 });
    await until("both messages on both sides", () => seenA.length === 2 && seenB.length === 2);
    assert.deepEqual(seenA, [{ n: 1, text: "ünïcode ✓" }, { n: 2 }]);
    assert.deepEqual(seenB, seenA);
  });

  test("unsubscribing stops delivery; other channels and prefixes are not heard", async () => {
    const prefix = `t-${randomUUID().slice(0, 8)}:`;
    const [a, other] = [await newBus(prefix), await newBus(`x-${prefix}`)];
    const seen: unknown[] = [];
    const off = a.subscribe("notifications", (m) => seen.push(m));
    await subscribed(a, "notifications", seen);
    other.publish("notifications", { from: "another namespace" });
    a.publish("analytics", { other: "channel" });
    a.publish("notifications", { wanted: true });
    await until("the wanted message", () => seen.length >= 1);
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(seen, [{ wanted: true }]);
    off();
    a.publish("notifications", { after: "unsubscribe" });
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(seen, [{ wanted: true }]);
  });

  test("a message that is not JSON is dropped; a throwing subscriber does not stop the others", async () => {
    const prefix = `t-${randomUUID().slice(0, 8)}:`;
    const a = await newBus(prefix);
    const seen: unknown[] = [];
    a.subscribe("analytics", () => {
      throw new Error("a broken listener");
    });
    a.subscribe("analytics", (m) => seen.push(m));
    await subscribed(a, "analytics", seen);
    const raw = new Redis(url ?? "");
    try {
      await raw.publish(`${prefix}analytics`, "{not json");
      await raw.publish(`${prefix}analytics`, JSON.stringify({ good: true }));
    } finally {
      raw.disconnect();
    }
    await until("the good message", () => seen.length >= 1);
    assert.deepEqual(seen, [{ good: true }]);
  });

  test("Redis going away: publishing never throws, health says so, and subscriptions come back", async () => {
    const first = await startTestRedis();
    assert.ok(first, "redis-server is installed");
    let server = first;
    const bus = new RedisLive(server.url, log, { prefix: "outage:" });
    try {
      await bus.ready();
      const seen: unknown[] = [];
      bus.subscribe("analytics", (m) => seen.push(m));
      await subscribed(bus, "analytics", seen);
      assert.equal((await bus.health()).ok, true);

      await server.stop();
      let down = await bus.health();
      for (let i = 0; i < 200 && down.ok; i++) {
        await new Promise((r) => setTimeout(r, 25));
        down = await bus.health();
      }
      assert.equal(down.ok, false);
      assert.equal(down.kind, "redis");
      assert.ok(down.error);
      for (let i = 0; i < 5; i++) bus.publish("analytics", { lost: i }); // dropped, never thrown

      const again = await startTestRedis(first.port);
      assert.ok(again);
      server = again;
      // ioredis reconnects and subscribes again by itself.
      await subscribed(bus, "analytics", seen);
      bus.publish("analytics", { back: true });
      await until("a message after the outage", () => seen.length >= 1);
      assert.deepEqual(seen, [{ back: true }]);
      assert.equal((await bus.health()).ok, true);
    } finally {
      await bus.close();
      await server.stop();
    }
  });
});
