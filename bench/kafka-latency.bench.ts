/**
 * Produce → result latency through Apache Kafka: the time from a learner's HTTP action that emits a
 * learning event (POST /api/v1/analytics/events with one NDJSON line) to the moment the analytics
 * module has applied it, heard through the module's public onUpdate hook (called after the window
 * write commits). The path: HTTP + outbox commit → relay → Kafka producer (acks=all) → broker →
 * consumer group fetch → consumer transaction → listener. The anchor is the same platform with the
 * in-process bus (relay → handler directly), in the same script, rounds alternating between the two.
 *
 *   node bench/kafka-latency.bench.ts [samples]     (default 100 per side)
 *
 * The broker is the tests' throwaway single-node KRaft Kafka (scripts/test-kafka.ts: Java, jars from
 * Maven Central cached under ~/.cache/gopro); if it cannot start, the bench says why and exits 1.
 * Samples are sequential: the next event is sent once the previous one has been applied.
 */
import { kafkaUnavailableReason, startTestKafka, type TestKafka } from "../scripts/test-kafka.ts";
import {
  AppliedCounter,
  type BenchPlatform,
  learnerToken,
  median,
  postNdjson,
  startPlatform,
} from "./analytics-support.ts";
import { fmt, percentile } from "./support.ts";

const SAMPLES = Number(process.argv[2] ?? 100);
const ROUNDS = 4;

let kafka: TestKafka | null;
try {
  kafka = await startTestKafka();
} catch (err) {
  console.error(`the test Kafka broker could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
if (!kafka) {
  console.error(`the test Kafka broker could not start: ${kafkaUnavailableReason() ?? "unknown reason"}`);
  process.exit(1);
}

interface Side {
  name: "kafka" | "in-process";
  b: BenchPlatform;
  url: string;
  token: string;
  counter: AppliedCounter;
  sent: number;
  total: number[];
  http: number[];
}

async function side(name: Side["name"], env: Record<string, string>): Promise<Side> {
  const b = await startPlatform(env);
  return {
    name,
    b,
    url: `${b.url}/api/v1/analytics/events`,
    token: await learnerToken(b.url, 0),
    counter: new AppliedCounter(b),
    sent: 0,
    total: [],
    http: [],
  };
}

const t0 = performance.now();
const viaKafka = await side("kafka", { KAFKA_BROKERS: kafka.brokers });
const inProcess = await side("in-process", {});
console.error(`both platforms up in ${fmt((performance.now() - t0) / 1000)} s`);

/** One sample: send one event, wait until it is applied. Milliseconds to 202 and to applied. */
async function sample(s: Side, i: number, timeoutMs: number): Promise<{ http: number; total: number }> {
  const body = `${JSON.stringify({ name: "bench.ping", props: { i } })}\n`;
  const start = performance.now();
  const applied = s.counter.waitFor(s.sent + 1, timeoutMs);
  const n = await postNdjson(s.url, s.token, body);
  const http = performance.now() - start;
  if (n !== 1) throw new Error(`${s.name}: event not accepted`);
  s.sent++;
  await applied;
  return { http, total: performance.now() - start };
}

// Warm-up: the first Kafka events also wait for topic creation and the consumer group join.
const tw = performance.now();
await sample(viaKafka, -1, 120_000);
const firstKafkaMs = performance.now() - tw;
for (let i = 0; i < 10; i++) {
  await sample(viaKafka, i, 30_000);
  await sample(inProcess, i, 30_000);
}

const perRound = Math.ceil(SAMPLES / ROUNDS);
for (let r = 0; r < ROUNDS; r++) {
  const order = r % 2 === 0 ? [inProcess, viaKafka] : [viaKafka, inProcess];
  for (const s of order) {
    for (let k = 0; k < perRound; k++) {
      const x = await sample(s, k, 30_000);
      s.total.push(x.total);
      s.http.push(x.http);
    }
  }
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p99: percentile(s, 99), max: s.at(-1) ?? Number.NaN };
};
const k = stats(viaKafka.total);
const p = stats(inProcess.total);
const kh = stats(viaKafka.http);
const ph = stats(inProcess.http);
console.log(
  `${perRound * ROUNDS} sequential samples per side, ${ROUNDS} alternating rounds; first Kafka event (topic + group join) ${fmt(firstKafkaMs, 0)} ms`,
);
console.log("                       to 202 p50 / p99 ms    to applied p50 / p99 / max ms");
console.log(
  `in-process bus         ${fmt(ph.p50, 2).padStart(7)} / ${fmt(ph.p99, 2).padEnd(8)}     ${fmt(p.p50, 2).padStart(7)} / ${fmt(p.p99, 2)} / ${fmt(p.max, 2)}`,
);
console.log(
  `Kafka (1 broker)       ${fmt(kh.p50, 2).padStart(7)} / ${fmt(kh.p99, 2).padEnd(8)}     ${fmt(k.p50, 2).padStart(7)} / ${fmt(k.p99, 2)} / ${fmt(k.max, 2)}`,
);
console.log(`ratio Kafka/in-process p50 ${fmt(k.p50 / p.p50, 2)}×, p99 ${fmt(k.p99 / p.p99, 2)}×`);
console.log(
  JSON.stringify({
    bench: "kafka-latency",
    samples: perRound * ROUNDS,
    kafkaP50ms: +k.p50.toFixed(2),
    kafkaP99ms: +k.p99.toFixed(2),
    inProcessP50ms: +p.p50.toFixed(2),
    inProcessP99ms: +p.p99.toFixed(2),
    p99Ratio: +(k.p99 / p.p99).toFixed(3),
    medianHttpMs: +median([...viaKafka.http, ...inProcess.http]).toFixed(2),
  }),
);
for (const s of [viaKafka, inProcess]) {
  s.counter.close();
  await s.b.platform.stop();
}
await kafka.stop();
