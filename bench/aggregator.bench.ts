/**
 * Analytics aggregator throughput on one core: parse + apply to windows, against a bare JSON.parse
 * loop over the same pre-serialized events in the same process.
 *
 *   node bench/aggregator.bench.ts [events]     (default 200000)
 *
 * The aggregator side takes the events in batches of 200, as the consumer receives them (the relay
 * publishes up to 200 outbox rows at once; a Kafka partition's fetched records arrive together), in
 * the platform's three stages: the bus decodes the batch's records (kafka-bus.ts `processMany`), the
 * analytics consumer makes their facts (service.ts `applyEvents`), then they are folded into the
 * windows. Running the stages one after another matters: making each fact right after its JSON.parse
 * cost about 100 ns more per event (the parser's work leaves the processor's caches and branch
 * predictors cold for the hash and the time reader; docs/analytics.md).
 *
 * The events are learning events as they travel on the bus (the full envelope, serialized once up
 * front): a mix of every learning event type from 5 000 learners over 20 courses, about 100 per
 * second of event time with some out of order and a few later than the allowed lateness. The
 * aggregator side does JSON.parse, builds the fact (field checks, the learner's hash) and applies it
 * to the minute, hour and day windows of its global and course scopes, closing windows as the
 * watermark passes and computing each closed window's result. Rounds alternate which side goes
 * first; the medians are reported. A third figure adds the zod envelope validation the relay
 * performs before delivery, for reference (it is not part of the aggregator).
 */
import { randomUUID } from "node:crypto";
import { type Fact, toFact } from "../server/modules/analytics/facts.ts";
import { WindowAggregator } from "../server/modules/analytics/windows.ts";
import { type DomainEvent, parseEvent } from "../server/platform/events.ts";
import { fmt } from "./support.ts";

const N = Number(process.argv[2] ?? 200_000);
const ROUNDS = 15;
/** Records per batch: what the relay hands the bus at most, and a Kafka lane's batch at most. */
const BATCH = 200;
const T0 = Date.UTC(2026, 2, 1, 8, 0, 0);

/** A small seeded generator, so every run measures the same events. */
let seed = 42;
const rand = (): number => {
  seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0;
  return seed / 2 ** 32;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;

const learners = Array.from({ length: 5_000 }, () => randomUUID());
const courses = Array.from({ length: 20 }, (_, i) => `course-${i}`);

function event(i: number): DomainEvent {
  // ~100 events per second of event time; 10 % up to 20 s out of order, 0.1 % 15 min late.
  let t = T0 + i * 10;
  const r = rand();
  if (r < 0.001) t -= 15 * 60_000;
  else if (r < 0.1) t -= Math.floor(rand() * 20_000);
  const userId = pick(learners);
  const courseId = pick(courses);
  const base = {
    id: randomUUID(),
    version: 1 as const,
    occurredAt: new Date(t).toISOString(),
    actor: userId,
    aggregateId: userId,
  };
  const k = rand();
  if (k < 0.3)
    return {
      ...base,
      type: "lesson.viewed",
      payload: { userId, courseId, lessonId: `${courseId}.lesson-${i % 9}` },
    };
  if (k < 0.4)
    return {
      ...base,
      type: "lesson.completed",
      payload: { userId, courseId, lessonId: `${courseId}.lesson-${i % 9}` },
    };
  if (k < 0.5)
    return {
      ...base,
      type: "exercise.started",
      payload: { userId, courseId, exerciseId: `${courseId}.ex-${i % 7}` },
    };
  if (k < 0.8) {
    const passed = rand() < 0.4;
    return {
      ...base,
      type: "exercise.attempted",
      payload: {
        userId,
        courseId,
        exerciseId: `${courseId}.ex-${i % 7}`,
        attemptId: randomUUID(),
        status: passed ? "passed" : "failed",
        passed,
        testsPassed: passed ? 4 : 2,
        testsTotal: 4,
        durationMs: Math.round(300 + rand() ** 3 * 5_000),
      },
    };
  }
  if (k < 0.9)
    return {
      ...base,
      type: "exercise.passed",
      payload: { userId, courseId, exerciseId: `${courseId}.ex-${i % 7}`, attemptId: randomUUID() },
    };
  if (k < 0.95)
    return {
      ...base,
      type: "hint.revealed",
      payload: { userId, courseId, exerciseId: `${courseId}.ex-${i % 7}`, revealed: 1, total: 3 },
    };
  return {
    ...base,
    type: "learning.custom",
    payload: { userId, courseId: rand() < 0.5 ? courseId : null, name: "video.play", props: { seconds: 42 } },
  };
}

const lines = Array.from({ length: N }, (_, i) => JSON.stringify(event(i)));
const bytes = lines.reduce((n, l) => n + l.length, 0);

interface Side {
  /** Events per second of wall-clock time and per second of this process's CPU time. */
  wall: number;
  cpu: number;
}

/** Runs `f` over all lines; events per wall-clock second and per CPU second (user + system). */
function measure(f: () => void): Side {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  f();
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { wall: N / wall, cpu: N / ((c.user + c.system) / 1e6) };
}

let sink = 0;
function bare(): Side {
  return measure(() => {
    for (const l of lines) {
      const e = JSON.parse(l) as { type: string };
      sink += e.type.length;
    }
  });
}

interface AggregatorRun extends Side {
  results: number;
  dropped: number;
  late: number;
}
function aggregator(validate: boolean): AggregatorRun {
  let results = 0;
  const agg = new WindowAggregator({
    onResult: (r) => {
      results += r.totals.uniqueLearners > 0 ? 1 : 0;
    },
  });
  const events: unknown[] = [];
  const batch: Fact[] = [];
  const side = measure(() => {
    // As the platform handles them: the bus decodes a batch of records, the analytics consumer takes
    // the batch and makes the facts, then folds them into the windows (service.ts applyEvents).
    for (let i = 0; i < lines.length; i += BATCH) {
      events.length = 0;
      batch.length = 0;
      const end = Math.min(lines.length, i + BATCH);
      for (let j = i; j < end; j++) {
        const raw: unknown = JSON.parse(lines[j] as string);
        events.push(validate ? parseEvent(raw) : raw);
      }
      for (const e of events) {
        const f = toFact(e);
        if (f !== null) batch.push(f);
      }
      for (const f of batch) agg.ingest(f);
    }
  });
  sink += agg.counts.onTime;
  return { ...side, results, dropped: agg.counts.dropped, late: agg.counts.late };
}

// Warm up both paths (JIT).
bare();
aggregator(false);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const bareRuns: Side[] = [];
const aggRuns: AggregatorRun[] = [];
for (let r = 0; r < ROUNDS; r++) {
  // Alternate which side goes first so background load falls on both alike.
  if (r % 2 === 0) {
    bareRuns.push(bare());
    aggRuns.push(aggregator(false));
  } else {
    aggRuns.push(aggregator(false));
    bareRuns.push(bare());
  }
}
const validated = median([1, 2, 3].map(() => aggregator(true).wall));
/** Per round, aggregator / bare measured back to back. */
const ratios = aggRuns.map((a, i) => a.wall / (bareRuns[i] as Side).wall);
const cpuRatios = aggRuns.map((a, i) => a.cpu / (bareRuns[i] as Side).cpu);
const bareRate = median(bareRuns.map((b) => b.wall));
const aggRate = median(aggRuns.map((a) => a.wall));
const ratio = median(ratios);
const cpuRatio = median(cpuRatios);
const last = aggRuns.at(-1);
const range = (xs: number[]) => `${fmt(Math.min(...xs), 2)}–${fmt(Math.max(...xs), 2)}`;

console.log(
  `${N} events, ${fmt(bytes / N, 0)} bytes each on average, ${ROUNDS} rounds (medians; ratios are medians of per-round ratios)`,
);
console.log(`bare JSON.parse loop            ${fmt(bareRate / 1000, 0)} k events/s`);
console.log(`aggregator (parse + windows)    ${fmt(aggRate / 1000, 0)} k events/s`);
console.log(
  `  + zod envelope validation     ${fmt(validated / 1000, 0)} k events/s (the relay's job, for reference)`,
);
console.log(
  `ratio aggregator/bare           ${fmt(ratio, 2)}× wall clock (goal ≥ 0.7×; rounds ${range(ratios)})`,
);
console.log(`                                ${fmt(cpuRatio, 2)}× CPU time (rounds ${range(cpuRatios)})`);
console.log(
  `windows: ${last?.results ?? 0} results emitted, ${last?.late ?? 0} late events applied, ${last?.dropped ?? 0} dropped as too late`,
);
console.log(
  JSON.stringify({
    bench: "aggregator",
    events: N,
    bareEventsPerSec: Math.round(bareRate),
    aggregatorEventsPerSec: Math.round(aggRate),
    withValidationEventsPerSec: Math.round(validated),
    ratio: +ratio.toFixed(3),
    cpuRatio: +cpuRatio.toFixed(3),
    goalMet: ratio >= 0.7,
    sink: sink > 0,
  }),
);
