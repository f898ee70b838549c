/**
 * Verdicts per minute with many learners at once: N simulated learners each submit distinct code
 * (no cache hits) as fast as their previous verdict comes back, against one runner with its default
 * workers (one per core). The anchor, in the same process: the same number of bare `go test`
 * runs of the same files, as many at a time as the runner has workers.
 *
 *   node bench/throughput.bench.ts [learners] [verdictsPerLearner]     (default 50 × 4)
 */
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { createRunner, type RunRequest } from "../server/modules/runner/index.ts";
import { detectGo } from "../server/modules/runner/sandbox.ts";
import { AppError } from "../server/platform/errors.ts";
import { bareGo, percentile } from "./support.ts";

const LEARNERS = Number(process.argv[2] ?? 50);
const PER_LEARNER = Number(process.argv[3] ?? 4);
const CACHE_DIR = join(tmpdir(), "gopro-bench-gocache");
const workers = availableParallelism();

const TESTS = `package exercise

import "testing"

func TestReverse(t *testing.T) {
	for _, c := range []struct{ in, want string }{{"", ""}, {"go", "og"}, {"héllo", "olléh"}} {
		if got := Reverse(c.in); got != c.want {
			t.Errorf("Reverse(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
`;
const solution = (tag: string): string => `package exercise

// Reverse returns s with its runes in reverse order (${tag}).
func Reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}
`;

const go = await detectGo();
if (go === null) {
  console.error("Go toolchain not found; install Go to run this benchmark.");
  process.exit(1);
}
const scratch = await mkdtemp(join(tmpdir(), "gopro-bench-throughput-"));
await chmod(scratch, 0o711);
const runner = await createRunner({
  boundToLoopback: true,
  workDir: join(scratch, "runner"),
  cacheDir: CACHE_DIR,
  maxQueue: LEARNERS * 2,
});
const status = runner.status();
console.log(
  `go ${status.goVersion}, sandbox ${status.sandbox}, ${workers} workers, ${LEARNERS} learners × ${PER_LEARNER}`,
);

const bareDir = join(scratch, "bare");
const bareRuns = await bareGo(go, bareDir, CACHE_DIR);
const goTest = async (tag: string): Promise<void> => {
  await bareRuns.goTest({ "solution.go": solution(tag), "solution_test.go": TESTS });
};

const request = (learner: number, k: number): RunRequest => ({
  ownerKey: `learner-${learner}`,
  exerciseVersion: "throughput-v1",
  files: { "solution.go": solution(`${learner}-${k}-${process.pid}-${Date.now()}`) },
  testFiles: { "solution_test.go": TESTS },
});

try {
  // Warm the shared build cache and the runner once.
  await goTest("warm");
  await runner.run(request(-1, 0));

  // Rounds alternate anchor and runner so background load hits both alike. Anchor: the same work
  // as bare go test, `workers` at a time; runner: every learner submits once, all at once.
  const total = LEARNERS * PER_LEARNER;
  const latencies: number[] = [];
  let busy = 0;
  let anchorMs = 0;
  let runnerMs = 0;
  for (let round = 0; round < PER_LEARNER; round++) {
    let next = 0;
    const a0 = performance.now();
    await Promise.all(
      Array.from({ length: workers }, async () => {
        while (next < LEARNERS) await goTest(`anchor-${round}-${next++}-${Date.now()}`);
      }),
    );
    anchorMs += performance.now() - a0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: LEARNERS }, async (_, learner) => {
        for (;;) {
          const s = performance.now();
          try {
            const v = await runner.run(request(learner, round));
            if (v.status !== "passed") throw new Error(`unexpected verdict ${v.status}: ${v.message}`);
            latencies.push(performance.now() - s);
            return;
          } catch (err) {
            if (!(err instanceof AppError) || err.code !== "runner_busy") throw err;
            busy++;
            await new Promise((r) => setTimeout(r, 200));
          }
        }
      }),
    );
    runnerMs += performance.now() - t0;
  }
  const anchorSeconds = anchorMs / 1000;
  const seconds = runnerMs / 1000;
  const sorted = latencies.sort((x, y) => x - y);
  const perMin = (total / seconds) * 60;
  const anchorPerMin = (total / anchorSeconds) * 60;
  const r1 = (x: number) => Math.round(x * 10) / 10;
  console.log(`\nrunner: ${total} verdicts in ${r1(seconds)} s = ${Math.round(perMin)} verdicts/min`);
  console.log(
    `  latency as a learner sees it (queue included): p50 ${Math.round(percentile(sorted, 50))} ms, p99 ${Math.round(percentile(sorted, 99))} ms; busy refusals ${busy}`,
  );
  console.log(
    `bare go test, ${workers} at a time: ${r1(anchorSeconds)} s = ${Math.round(anchorPerMin)} runs/min`,
  );
  console.log(`ratio runner/bare throughput: ${r1((perMin / anchorPerMin) * 10) / 10}x`);
  console.log(
    JSON.stringify({
      bench: "throughput",
      learners: LEARNERS,
      verdicts: total,
      workers,
      verdictsPerMinute: Math.round(perMin),
      bareRunsPerMinute: Math.round(anchorPerMin),
      ratio: Math.round((perMin / anchorPerMin) * 100) / 100,
      latencyMs: { p50: Math.round(percentile(sorted, 50)), p99: Math.round(percentile(sorted, 99)) },
      busyRefusals: busy,
    }),
  );
} finally {
  await runner.close();
  await rm(scratch, { recursive: true, force: true });
}
