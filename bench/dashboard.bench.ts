/**
 * Dashboard query latency: GET /api/v1/analytics/overview and GET /api/v1/analytics/series (global and
 * one course, 1-minute resolution, the default 60 windows up to now) on the full platform, after the
 * last hour has been filled with events, against a bare Fastify route in the same process that returns
 * the same bytes precomputed. Requests go one at a time (a dashboard's own pattern), as an admin.
 *
 *   node bench/dashboard.bench.ts [requests] [eventsPerMinute] [learners]     (default 300, 60, 20)
 *
 * Filling: the platform runs on a clock of its own that starts an hour in the past and steps one minute
 * at a time up to now; each minute, every learner posts its share of custom events through the HTTP
 * NDJSON ingest, and the bench waits until the analytics module has applied them (its public onUpdate
 * hook). So every 1-minute window of the last hour, and the hourly and daily windows over it, hold rows,
 * and the windows the clock passed are closed, as on a live server. Then `requests` queries per endpoint
 * per side, in rounds that alternate which side goes first; p50/p99 are over all of them. fetch sends
 * accept-encoding: gzip, deflate as a browser does, so responses over the gateway's 4 KiB threshold are
 * compressed; one more row asks for the overview uncompressed. The seed's "< 1 ms for recent windows"
 * is printed beside ours for reference.
 */
import Fastify from "fastify";
import type { AnalyticsSeries } from "../common/api.ts";
import {
  AppliedCounter,
  adminToken,
  courseIds,
  learnerToken,
  median,
  ndjsonBody,
  postLoad,
  startPlatform,
} from "./analytics-support.ts";
import { fmt, percentile } from "./support.ts";

const REQUESTS = Number(process.argv[2] ?? 300);
const PER_MINUTE = Number(process.argv[3] ?? 60);
const LEARNERS = Number(process.argv[4] ?? 20);
const ROUNDS = 3;
const MINUTE = 60_000;
const SEED_CLAIM_MS = 1;

let offsetMs = -60 * MINUTE;
const app = await startPlatform({}, () => new Date(Date.now() + offsetMs));
const admin = await adminToken(app);
const courses = await courseIds(app.url);
const learners: string[] = [];
for (let i = 0; i < LEARNERS; i++) learners.push(await learnerToken(app.url, i));

// ---------- fill the last hour ----------
const perLearner = Math.max(1, Math.floor(PER_MINUTE / LEARNERS));
const counter = new AppliedCounter(app);
let sent = 0;
const fillStart = performance.now();
for (let m = 0; m <= 60; m++) {
  offsetMs = -(60 - m) * MINUTE;
  const r = await postLoad(
    `${app.url}/api/v1/analytics/events`,
    learners,
    ndjsonBody(perLearner, courses, m),
    perLearner,
    perLearner * LEARNERS,
    LEARNERS,
  );
  sent += r.accepted;
  await counter.waitFor(sent, 300_000);
}
const fillSeconds = (performance.now() - fillStart) / 1000;
offsetMs = 0;

// ---------- the endpoints and their anchors ----------
const course = courses[0] ?? "none";
const endpoints = [
  { name: "overview", path: "/api/v1/analytics/overview", headers: {} },
  { name: "series global 1m", path: "/api/v1/analytics/series?scope=global&resolution=1m", headers: {} },
  {
    name: "series course 1m",
    path: `/api/v1/analytics/series?scope=course:${course}&resolution=1m`,
    headers: {},
  },
  {
    name: "overview, identity",
    path: "/api/v1/analytics/overview",
    headers: { "accept-encoding": "identity" },
  },
] as const;

const auth = { authorization: `Bearer ${admin}` };
const bare = Fastify();
const sizes: Record<string, { bytes: number; encoding: string }> = {};
for (const [i, e] of endpoints.entries()) {
  const res = await fetch(`${app.url}${e.path}`, { headers: { ...auth, ...e.headers } });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${e.name}: HTTP ${res.status} ${text.slice(0, 300)}`);
  sizes[e.name] = { bytes: text.length, encoding: res.headers.get("content-encoding") ?? "none" };
  bare.get(`/anchor/${i}`, async (_req, reply) => reply.type("application/json").send(text));
}
const check = await fetch(`${app.url}${endpoints[1].path}`, { headers: auth });
const series = (await check.json()) as AnalyticsSeries;
const filled = series.points.filter((p) => p.events > 0).length;
const closed = series.points.filter((p) => p.closed).length;
const bareBase = await bare.listen({ host: "127.0.0.1", port: 0 });

async function timed(url: string, headers: Record<string, string>): Promise<number> {
  const t = performance.now();
  const res = await fetch(url, { headers });
  await res.arrayBuffer();
  const ms = performance.now() - t;
  if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}`);
  return ms;
}

type Lat = { app: number[]; bare: number[] };
const lat: Lat[] = endpoints.map(() => ({ app: [], bare: [] }));
// Warm both sides.
for (const [i, e] of endpoints.entries()) {
  for (let k = 0; k < 30; k++) {
    await timed(`${app.url}${e.path}`, { ...auth, ...e.headers });
    await timed(`${bareBase}/anchor/${i}`, { ...e.headers });
  }
}
const perRound = Math.ceil(REQUESTS / ROUNDS);
for (let r = 0; r < ROUNDS; r++) {
  const order = r % 2 === 0 ? (["bare", "app"] as const) : (["app", "bare"] as const);
  for (const [i, e] of endpoints.entries()) {
    for (const side of order) {
      const url = side === "app" ? `${app.url}${e.path}` : `${bareBase}/anchor/${i}`;
      const headers = side === "app" ? { ...auth, ...e.headers } : { ...e.headers };
      for (let k = 0; k < perRound; k++) (lat[i] as Lat)[side].push(await timed(url, headers));
    }
  }
}

console.log(
  `filled the last hour: ${sent} events from ${LEARNERS} learners over 61 minutes in ${fmt(fillSeconds)} s; ` +
    `series has ${filled}/60 windows with events, ${closed} closed`,
);
console.log(`${perRound * ROUNDS} sequential requests per endpoint per side, ${ROUNDS} alternating rounds`);
console.log(
  "endpoint              bytes  encoding   platform p50 / p99 ms   anchor p50 / p99 ms   p99 ratio",
);
const summary: Record<string, { p50: number; p99: number; anchorP50: number; anchorP99: number }> = {};
for (const [i, e] of endpoints.entries()) {
  const l = lat[i] as Lat;
  const a = [...l.app].sort((x, y) => x - y);
  const b = [...l.bare].sort((x, y) => x - y);
  const s = sizes[e.name] ?? { bytes: 0, encoding: "?" };
  const row = {
    p50: percentile(a, 50),
    p99: percentile(a, 99),
    anchorP50: percentile(b, 50),
    anchorP99: percentile(b, 99),
  };
  summary[e.name] = row;
  console.log(
    `${e.name.padEnd(20)} ${String(s.bytes).padStart(6)}  ${s.encoding.padEnd(8)}   ${fmt(row.p50, 2).padStart(8)} / ${fmt(row.p99, 2).padEnd(8)}   ${fmt(row.anchorP50, 2).padStart(7)} / ${fmt(row.anchorP99, 2).padEnd(8)}   ${fmt(row.p99 / row.anchorP99, 1)}×`,
  );
}
const worstP99 = Math.max(...Object.values(summary).map((s) => s.p99));
console.log(
  `seed's claim: < ${SEED_CLAIM_MS} ms for recent windows; ours: p99 up to ${fmt(worstP99, 2)} ms over HTTP (reference only)`,
);
console.log(
  JSON.stringify({
    bench: "dashboard",
    requests: perRound * ROUNDS,
    events: sent,
    overviewP50ms: +(summary.overview?.p50 ?? Number.NaN).toFixed(2),
    overviewP99ms: +(summary.overview?.p99 ?? Number.NaN).toFixed(2),
    seriesP50ms: +(summary["series global 1m"]?.p50 ?? Number.NaN).toFixed(2),
    seriesP99ms: +(summary["series global 1m"]?.p99 ?? Number.NaN).toFixed(2),
    anchorP99ms: +median(Object.values(summary).map((s) => s.anchorP99)).toFixed(2),
    seedClaimMs: SEED_CLAIM_MS,
  }),
);
counter.close();
await app.platform.stop();
await bare.close();
