/**
 * HTTP ingest of custom learning events, end to end: POST /api/v1/analytics/events with NDJSON batches
 * on the full platform (gateway, auth, rate limiter, zod per line, catalog lookup of named courses,
 * one outbox transaction per batch), against a bare Fastify route in the same process that takes the
 * same body and only splits it and JSON.parses each line. Both are driven by the same POST loop, a few
 * clients in flight, each as its own learner, until the target number of events was accepted.
 *
 *   node bench/ingest.bench.ts [events] [linesPerBatch] [clients]     (default 2000, 500, 4)
 *
 * Accepted means answered 202 (the events are committed to the outbox). The platform's rounds also
 * wait until the analytics module has applied every event (relay → bus → one consumer transaction per
 * event), heard through its public onUpdate hook, and report that rate too: it is what a sustained
 * load could keep up with. Rounds alternate which side goes first; medians are reported. The seed's
 * claim of 1M events/s is printed beside ours for reference, not as a pass/fail goal. The load loop
 * runs in the same process as both servers, on a 2-core machine: absolute numbers are low for both
 * sides alike. On PGlite the platform side ran at about 100 events/s on 2026-11-22, so the default
 * is small: a bigger round keeps 500-line batches waiting for tens of seconds (a run of 5000 per round
 * ended in a connection reset); a reset is retried once and counted.
 */
import Fastify from "fastify";
import {
  AppliedCounter,
  courseIds,
  learnerToken,
  median,
  ndjsonBody,
  postLoad,
  resets,
  startPlatform,
} from "./analytics-support.ts";
import { fmt } from "./support.ts";

const EVENTS = Number(process.argv[2] ?? 2_000);
const LINES = Number(process.argv[3] ?? 500);
const CLIENTS = Number(process.argv[4] ?? 4);
const ROUNDS = 3;
const SEED_CLAIM = 1_000_000;

const bare = Fastify({ bodyLimit: 1024 * 1024 });
bare.addContentTypeParser(
  "application/x-ndjson",
  { parseAs: "string", bodyLimit: 1024 * 1024 },
  (_req, body, done) => done(null, body),
);
let bareSink = 0;
bare.post("/ingest", async (req, reply) => {
  const body = typeof req.body === "string" ? req.body : "";
  let accepted = 0;
  for (const line of body.split("\n")) {
    if (line.trim() === "") continue;
    const v = JSON.parse(line) as { name: string };
    bareSink += v.name.length;
    accepted++;
  }
  return reply.status(202).send({ accepted, rejected: 0, errors: [] });
});
const bareUrl = `${await bare.listen({ host: "127.0.0.1", port: 0 })}/ingest`;

const app = await startPlatform();
const appUrl = `${app.url}/api/v1/analytics/events`;
const courses = await courseIds(app.url);
const tokens: string[] = [];
for (let i = 0; i < CLIENTS; i++) tokens.push(await learnerToken(app.url, i));
const body = ndjsonBody(LINES, courses);
const counter = new AppliedCounter(app);
let sent = 0;

interface PlatformRound {
  accepted: number;
  applied: number;
  p99ms: number;
}
async function platformRound(events: number): Promise<PlatformRound> {
  const t0 = performance.now();
  const r = await postLoad(appUrl, tokens, body, LINES, events, CLIENTS);
  sent += r.accepted;
  const accepted = performance.now();
  await counter.waitFor(sent, 600_000);
  const applied = r.accepted / ((performance.now() - t0) / 1000);
  console.error(
    `platform: ${r.accepted} accepted in ${fmt(r.seconds, 2)} s, all applied ${fmt((performance.now() - accepted) / 1000, 2)} s later`,
  );
  return { accepted: r.eventsPerSec, applied, p99ms: r.p99ms };
}
async function bareRound(events: number): Promise<{ accepted: number; p99ms: number }> {
  const r = await postLoad(bareUrl, [undefined], body, LINES, events, CLIENTS);
  console.error(`bare: ${r.accepted} in ${fmt(r.seconds, 2)} s`);
  return { accepted: r.eventsPerSec, p99ms: r.p99ms };
}

// Warm both (JIT, connections, first query plans).
await bareRound(Math.min(EVENTS, 2_000));
await platformRound(Math.min(EVENTS, 2_000));

const bareRuns: Array<{ accepted: number; p99ms: number }> = [];
const appRuns: PlatformRound[] = [];
for (let r = 0; r < ROUNDS; r++) {
  if (r % 2 === 0) {
    bareRuns.push(await bareRound(EVENTS));
    appRuns.push(await platformRound(EVENTS));
  } else {
    appRuns.push(await platformRound(EVENTS));
    bareRuns.push(await bareRound(EVENTS));
  }
}
const ratios = appRuns.map((a, i) => a.accepted / (bareRuns[i]?.accepted ?? Number.NaN));
const bareRate = median(bareRuns.map((b) => b.accepted));
const appRate = median(appRuns.map((a) => a.accepted));
const appliedRate = median(appRuns.map((a) => a.applied));
const ratio = median(ratios);

console.log(
  `${EVENTS} events per round in batches of ${LINES} lines, ${CLIENTS} clients, ${ROUNDS} rounds (medians)`,
);
console.log(
  `bare Fastify split + JSON.parse   ${fmt(bareRate, 0)} events/s  (batch p99 ${fmt(median(bareRuns.map((b) => b.p99ms)))} ms)`,
);
console.log(
  `POST /api/v1/analytics/events     ${fmt(appRate, 0)} events/s accepted  (batch p99 ${fmt(median(appRuns.map((a) => a.p99ms)))} ms)`,
);
console.log(
  `  … applied by analytics         ${fmt(appliedRate, 0)} events/s (first POST to last window write)`,
);
console.log(
  `ratio platform/bare               ${fmt(ratio, 3)}×  (rounds ${ratios.map((x) => fmt(x, 3)).join(", ")})`,
);
console.log(
  `seed's claim                      ${SEED_CLAIM.toLocaleString("en")} events/s (ours accepted: ${fmt((appRate / SEED_CLAIM) * 100, 2)} % of it; reference only)`,
);
if (resets.count > 0) console.log(`connection resets retried: ${resets.count} (see stderr)`);
console.log(
  JSON.stringify({
    bench: "ingest",
    events: EVENTS,
    linesPerBatch: LINES,
    clients: CLIENTS,
    bareEventsPerSec: Math.round(bareRate),
    acceptedEventsPerSec: Math.round(appRate),
    appliedEventsPerSec: Math.round(appliedRate),
    ratio: +ratio.toFixed(3),
    seedClaimEventsPerSec: SEED_CLAIM,
    connectionResets: resets.count,
    sink: bareSink > 0,
  }),
);
counter.close();
await app.platform.stop();
await bare.close();
