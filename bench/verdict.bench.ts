/**
 * Verdict latency: the runner against bare warm `go test` of the same files.
 *
 *   node bench/verdict.bench.ts [iterations]     (default 50)
 *
 * Four sides per iteration, in rotating order so background load hits all alike, sharing one
 * warm GOCACHE, each with distinct source (a changing string literal) so no compile, link or
 * verdict is reused:
 *   - the anchor: fresh temp dir, `go test -count=1 -json .` (what a learner types);
 *   - bare `go test -c -trimpath`, then run the binary (the same two steps the runner takes);
 *   - bare with the runner's exact go flags (isolates the cost of the runner's machinery:
 *     temp dirs, bubblewrap + rlimits, output parsing, the queue);
 *   - runner.run() with the verdict cache disabled.
 * Then cache-hit latency on a runner with the cache enabled.
 */
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createRunner, type RunRequest } from "../server/modules/runner/index.ts";
import { COMPILE_FLAGS, detectGo } from "../server/modules/runner/sandbox.ts";
import { bareGo, exec, percentile } from "./support.ts";

const ANCHOR_FLAGS = ["-trimpath"] as const;

const ITERATIONS = Number(process.argv[2] ?? 50);
const WARMUP = 3;
const CACHE_DIR = join(tmpdir(), "gopro-bench-gocache");

const TESTS = `package exercise

import "testing"

func TestAdd(t *testing.T) {
	if got := Add(1, 2); got != 3 {
		t.Errorf("Add(1, 2) = %d, want 3", got)
	}
}

func TestAddCases(t *testing.T) {
	for _, c := range []struct{ a, b, want int }{{2, 2, 4}, {-1, 1, 0}, {100, -50, 50}} {
		t.Run("case", func(t *testing.T) {
			if got := Add(c.a, c.b); got != c.want {
				t.Fatalf("Add(%d, %d) = %d, want %d", c.a, c.b, got, c.want)
			}
		})
	}
}
`;

const solution = (i: number): string => `package exercise

import "fmt"

// Add returns the sum. The literal differs per iteration, so the object code differs too and
// nothing (not even an up-to-date test binary) can be reused.
func Add(a, b int) int {
	fmt.Println("adding", a, b, "#${i}-${process.pid}-${Date.now()}")
	return a + b
}
`;

function stats(samples: readonly number[]): { p50: number; p99: number; mean: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = samples.reduce((a, b) => a + b, 0) / Math.max(1, samples.length);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), mean };
}

const round = (n: number, d = 1): number => Math.round(n * 10 ** d) / 10 ** d;

const go = await detectGo();
if (go === null) {
  console.error("Go toolchain not found; install Go to run this benchmark.");
  process.exit(1);
}

const scratch = await mkdtemp(join(tmpdir(), "gopro-bench-"));
// Like the default work dir: the sandbox uid (when we are root) must be able to reach job dirs.
await chmod(scratch, 0o711);
const bareDir = join(scratch, "bare");
const runner = await createRunner({
  boundToLoopback: true,
  workers: 1,
  workDir: join(scratch, "runner"),
  cacheDir: CACHE_DIR,
  cacheEntries: 0,
});
const status = runner.status();
console.log(`go ${status.goVersion}, sandbox ${status.sandbox}: ${status.sandboxDetail}`);

const bareRuns = await bareGo(go, bareDir, CACHE_DIR);
const files = (i: number) => ({ "solution.go": solution(i), "solution_test.go": TESTS });

/**
 * What anyone would do by hand: a fresh temp dir, go test -c, run the binary, clean up. `flags`
 * is either the anchor (-trimpath only, so both sides share the cached standard library) or the
 * runner's exact flags (to isolate what the runner's machinery costs).
 */
async function bare(i: number, flags: readonly string[]): Promise<number> {
  const t0 = performance.now();
  const dir = await bareRuns.newPackage(files(i));
  const binary = join(dir, "t.test");
  const compiled = await exec(
    [go?.path ?? "go", "test", "-c", ...flags, "-o", binary, "."],
    dir,
    bareRuns.env,
  );
  if (compiled !== 0) throw new Error(`bare compile failed (${compiled})`);
  const ran = await exec([binary, "-test.v=test2json", "-test.paniconexit0"], dir, {
    PATH: dirname(go?.path ?? "/usr/bin"),
  });
  if (ran !== 0) throw new Error(`bare run failed (${ran})`);
  await rm(dir, { recursive: true, force: true });
  return performance.now() - t0;
}

function request(i: number): RunRequest {
  return {
    ownerKey: "bench",
    exerciseVersion: "bench-v1",
    files: { "solution.go": solution(i) },
    testFiles: { "solution_test.go": TESTS },
  };
}

async function viaRunner(i: number): Promise<{ total: number; compile: number; run: number }> {
  const t0 = performance.now();
  const v = await runner.run(request(i));
  const total = performance.now() - t0;
  if (v.status !== "passed" || v.cached) throw new Error(`unexpected verdict ${v.status}: ${v.message}`);
  return { total, compile: v.compileMs, run: v.runMs };
}

const goTestMs: number[] = [];
const bareMs: number[] = [];
const sameFlagsMs: number[] = [];
const runnerMs: number[] = [];
const runnerCompile: number[] = [];
const runnerRun: number[] = [];
try {
  for (let i = 0; i < WARMUP + ITERATIONS; i++) {
    let r = { total: 0, compile: 0, run: 0 };
    const sides = [
      async () => goTestMs.push(await bareRuns.goTest(files(i))),
      async () => bareMs.push(await bare(i, ANCHOR_FLAGS)),
      async () => sameFlagsMs.push(await bare(i, COMPILE_FLAGS)),
      async () => {
        r = await viaRunner(i);
      },
    ];
    for (let k = 0; k < sides.length; k++) await sides[(i + k) % sides.length]?.();
    if (i < WARMUP) {
      goTestMs.pop();
      bareMs.pop();
      sameFlagsMs.pop();
      continue;
    }
    runnerMs.push(r.total);
    runnerCompile.push(r.compile);
    runnerRun.push(r.run);
  }

  // The runner above has its cache disabled (cacheEntries: 0); measure hits on a second one.
  const cachedReq = request(-1);
  const cachedRunner = await createRunner({
    boundToLoopback: true,
    workers: 1,
    workDir: join(scratch, "runner-cached"),
    cacheDir: CACHE_DIR,
  });
  await cachedRunner.run(cachedReq);
  const hitMs: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const t0 = performance.now();
    const v = await cachedRunner.run(cachedReq);
    hitMs.push(performance.now() - t0);
    if (!v.cached) throw new Error("expected a cached verdict");
  }
  await cachedRunner.close();

  const sg = stats(goTestMs);
  const sb = stats(bareMs);
  const sr = stats(runnerMs);
  const ss = stats(sameFlagsMs);
  const sc = stats(hitMs);
  const rows = [
    ["bare go test (anchor)", sg],
    ["bare go test -c + run", sb],
    ["bare, runner's go flags", ss],
    ["runner.run() (uncached)", sr],
    ["  of which compile phase", stats(runnerCompile)],
    ["  of which run phase", stats(runnerRun)],
    ["runner.run() (cache hit)", sc],
  ] as const;
  console.log(`\n${ITERATIONS} iterations after ${WARMUP} warm-up, ms`);
  console.log(`${"".padEnd(28)}${"p50".padStart(10)}${"p99".padStart(10)}${"mean".padStart(10)}`);
  for (const [label, s] of rows) {
    console.log(
      `${label.padEnd(28)}${round(s.p50, 2).toString().padStart(10)}${round(s.p99, 2).toString().padStart(10)}${round(s.mean, 2).toString().padStart(10)}`,
    );
  }
  const ratioP50 = sr.p50 / sg.p50;
  const ratioP99 = sr.p99 / sg.p99;
  console.log(
    `\nratio runner/bare go test: p50 ${round(ratioP50, 2)}x (goal ≤ 1.2x), p99 ${round(ratioP99, 2)}x (goal ≤ 2x)`,
  );
  console.log(
    `ratio runner/bare go test -c + run: p50 ${round(sr.p50 / sb.p50, 2)}x, p99 ${round(sr.p99 / sb.p99, 2)}x`,
  );
  console.log(`cache hit: p50 ${round(sc.p50, 3)} ms, p99 ${round(sc.p99, 3)} ms (goal ≤ 5 ms)`);
  console.log(
    `runner overhead vs bare with identical flags: p50 ${round(sr.p50 / ss.p50, 2)}x (${sr.p50 >= ss.p50 ? "+" : ""}${round(sr.p50 - ss.p50)} ms)`,
  );
  console.log(
    JSON.stringify({
      bench: "verdict",
      iterations: ITERATIONS,
      goVersion: status.goVersion,
      sandbox: status.sandbox,
      anchorFlags: ANCHOR_FLAGS,
      runnerFlags: COMPILE_FLAGS,
      goTestMs: { p50: round(sg.p50), p99: round(sg.p99) },
      bareCompileRunMs: { p50: round(sb.p50), p99: round(sb.p99) },
      bareSameFlagsMs: { p50: round(ss.p50), p99: round(ss.p99) },
      runnerMs: { p50: round(sr.p50), p99: round(sr.p99) },
      ratio: { p50: round(ratioP50, 2), p99: round(ratioP99, 2) },
      ratioSameFlags: { p50: round(sr.p50 / ss.p50, 2), p99: round(sr.p99 / ss.p99, 2) },
      cachedMs: { p50: round(sc.p50, 3), p99: round(sc.p99, 3) },
      goalMet: ratioP50 <= 1.2 && ratioP99 <= 2 && sc.p50 <= 5,
    }),
  );
} finally {
  await runner.close();
  await rm(scratch, { recursive: true, force: true });
}
