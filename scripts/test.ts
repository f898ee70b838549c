/**
 * The test command (`npm test`): unit and integration tests (against PGlite and a PostgreSQL server
 * this script starts, the Kafka bus tests against a Kafka broker it starts, scripts/test-kafka.ts, and
 * the live-bus tests against a Redis server it starts, scripts/test-redis.ts),
 * the runner's tests with the real Go toolchain, then the browser end-to-end tests.
 * Prints one closing line: "N passed, N failed, N skipped".
 */
import { spawn } from "node:child_process";
import { globSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { kafkaUnavailableReason, startTestKafka, type TestKafka } from "./test-kafka.ts";
import { startTestPostgres } from "./test-postgres.ts";
import { startTestRedis, type TestRedis } from "./test-redis.ts";

const suites: Array<{ name: string; files: string[]; concurrency: number }> = [
  {
    name: "unit and integration",
    files: globSync(["server/**/*.test.ts", "common/**/*.test.ts", "test/**/*.test.ts"]).sort(),
    concurrency: 2,
  },
  { name: "browser end-to-end", files: globSync("e2e/**/*.e2e.ts").sort(), concurrency: 1 },
];

interface Counts {
  pass: number;
  fail: number;
  skipped: number;
}

function runNodeTest(
  files: string[],
  env: NodeJS.ProcessEnv,
  concurrency: number,
): Promise<Counts & { code: number }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        "--test",
        "--test-reporter=spec",
        `--test-concurrency=${concurrency}`,
        "--test-timeout=300000",
        ...files,
      ],
      { env, stdio: ["ignore", "pipe", "inherit"] },
    );
    let tail = "";
    child.stdout.on("data", (b: Buffer) => {
      process.stdout.write(b);
      tail = (tail + b.toString()).slice(-4000);
    });
    child.on("close", (code) => {
      const n = (k: string) => Number(new RegExp(`ℹ ${k} (\\d+)`).exec(tail)?.[1] ?? 0);
      resolve({
        pass: n("pass"),
        fail: n("fail") + n("cancelled"),
        skipped: n("skipped") + n("todo"),
        code: code ?? 1,
      });
    });
  });
}

const only = process.argv.slice(2);
const selected = (files: string[]) =>
  only.length > 0 ? files.filter((f) => only.some((o) => f.includes(o))) : files;
const total: Counts = { pass: 0, fail: 0, skipped: 0 };
let exit = 0;
const pg = process.env.GOPRO_TEST_PG_URL ? null : await startTestPostgres();
if (!pg && !process.env.GOPRO_TEST_PG_URL) {
  const msg = "PostgreSQL server binaries not found: the PostgreSQL variant of the API tests is skipped";
  if (process.env.CI === "true") {
    console.error(`${msg} — on CI this is a failure (apt-get install postgresql)`);
    exit = 1;
  } else console.warn(msg);
}
// A Kafka broker for the Kafka bus tests, when any of them is selected.
let kafka: TestKafka | null = null;
const kafkaWanted = suites.some((s) => selected(s.files).some((f) => f.startsWith("test/kafka/")));
if (kafkaWanted && !process.env.GOPRO_TEST_KAFKA_BROKERS) {
  const why = kafkaUnavailableReason();
  try {
    kafka = why ? null : await startTestKafka();
  } catch (err) {
    console.error(`the test Kafka broker did not start: ${err instanceof Error ? err.message : err}`);
    exit = 1;
  }
  if (why) {
    const msg = `Kafka test broker unavailable (${why}): the Kafka bus tests are skipped`;
    if (process.env.CI === "true") {
      console.error(`${msg} — on CI this is a failure`);
      exit = 1;
    } else console.warn(msg);
  }
}
// A Redis server for the live-bus tests (two platforms sharing pushes through Redis pub/sub).
let redis: TestRedis | null = null;
if (!process.env.GOPRO_TEST_REDIS_URL) {
  try {
    redis = await startTestRedis();
  } catch (err) {
    console.error(`the test Redis server did not start: ${err instanceof Error ? err.message : err}`);
    exit = 1;
  }
  if (!redis) {
    const msg = "redis-server not found: the Redis tests are skipped";
    if (process.env.CI === "true") {
      console.error(`${msg} — on CI this is a failure (apt-get install redis-server)`);
      exit = 1;
    } else console.warn(msg);
  }
}
// One Go build cache for every server the tests start: the standard library compiles once per machine.
const env = {
  GO_CACHE_DIR: path.join(tmpdir(), "gopro-test-gocache"),
  ...process.env,
  ...(pg ? { GOPRO_TEST_PG_URL: pg.url } : {}),
  ...(kafka ? { GOPRO_TEST_KAFKA_BROKERS: kafka.brokers } : {}),
  ...(redis ? { GOPRO_TEST_REDIS_URL: redis.url } : {}),
};
try {
  for (const s of suites) {
    const files = selected(s.files);
    if (files.length === 0) continue;
    console.log(`\n=== ${s.name}: ${files.length} file(s) ===`);
    const r = await runNodeTest(files, env, s.concurrency);
    total.pass += r.pass;
    total.fail += r.fail;
    total.skipped += r.skipped;
    if (r.code !== 0 && r.fail === 0) total.fail++; // a crash that reported no failing test still fails
    if (r.code !== 0) exit = 1;
  }
} finally {
  pg?.stop();
  await kafka?.stop();
  await redis?.stop();
}
console.log(`\n${total.pass} passed, ${total.fail} failed, ${total.skipped} skipped`);
process.exit(exit || (total.fail > 0 ? 1 : 0));
