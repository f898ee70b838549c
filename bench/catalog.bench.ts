/**
 * Catalog list throughput: GET /api/v1/courses on the full platform (gateway with request ids,
 * security headers, rate limiting, auth hook, zod serialisation, PGlite query) against a bare Fastify
 * hello route, both in this process, driven by the same load loop.
 *
 *   node bench/catalog.bench.ts [requests]     (default 3000 per side, 32 in flight)
 */
import path from "node:path";
import Fastify from "fastify";
import { createPlatform } from "../server/app.ts";
import { loadConfig } from "../server/platform/config.ts";
import { createLogger } from "../server/platform/logger.ts";
import { fmt, load } from "./support.ts";

const REQUESTS = Number(process.argv[2] ?? 3000);
const CONCURRENCY = 32;
const root = path.resolve(import.meta.dirname, "..");

const bare = Fastify();
bare.get("/hello", async () => ({ hello: "world" }));
const bareUrl = `${await bare.listen({ host: "127.0.0.1", port: 0 })}/hello`;

const config = loadConfig({
  PORT: "0",
  DATA_DIR: "memory://",
  LOG_LEVEL: "silent",
  CURRICULUM_DIR: path.join(root, "curriculum"),
  // The limiter still runs on every request; the budget is only raised so the benchmark is not throttled.
  RATE_LIMIT_IP_PER_MIN: "1000000",
});
const platform = await createPlatform(config, { logger: createLogger("silent") });
const appUrl = `${await platform.listen()}/api/v1/courses`;

// Warm both (JIT, connection pools, first query plans).
await load(bareUrl, 500, CONCURRENCY);
await load(appUrl, 500, CONCURRENCY);

const rounds = 3;
const results = {
  bare: [] as number[],
  app: [] as number[],
  appP99: [] as number[],
  bareP99: [] as number[],
};
for (let r = 0; r < rounds; r++) {
  // Alternate order so background load falls on both sides alike.
  const order = r % 2 === 0 ? (["bare", "app"] as const) : (["app", "bare"] as const);
  for (const side of order) {
    const res = await load(side === "bare" ? bareUrl : appUrl, REQUESTS, CONCURRENCY);
    if (res.errors > 0) throw new Error(`${side}: ${res.errors} failed requests`);
    results[side].push(res.perSecond);
    results[side === "bare" ? "bareP99" : "appP99"].push(res.p99ms);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const bareRps = median(results.bare);
const appRps = median(results.app);
console.log(`bare Fastify hello       ${fmt(bareRps, 0)} req/s  p99 ${fmt(median(results.bareP99))} ms`);
console.log(`GET /api/v1/courses      ${fmt(appRps, 0)} req/s  p99 ${fmt(median(results.appP99))} ms`);
console.log(`ratio catalog/bare       ${fmt(appRps / bareRps, 2)}×   (aim ≥ 0.5×)`);
console.log(
  JSON.stringify({
    bench: "catalog",
    bareRps: Math.round(bareRps),
    catalogRps: Math.round(appRps),
    ratio: +(appRps / bareRps).toFixed(3),
  }),
);
await platform.stop();
await bare.close();
