/** Small helpers shared by the benchmarks: a bounded HTTP load loop, percentiles, bare Go runs. */
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { buildCompileEnv, type GoToolchain } from "../server/modules/runner/sandbox.ts";

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  perSecond: number;
  p50ms: number;
  p99ms: number;
  errors: number;
}

/**
 * Sends `total` GET requests with `concurrency` in flight (keep-alive), and stops after `maxSeconds`
 * whatever happens: the loop is bounded in count and time.
 */
export async function load(
  url: string,
  total: number,
  concurrency: number,
  maxSeconds = 60,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let sent = 0;
  let errors = 0;
  const deadline = performance.now() + maxSeconds * 1000;
  const start = performance.now();
  const worker = async () => {
    while (sent < total && performance.now() < deadline) {
      sent++;
      const t = performance.now();
      try {
        const res = await fetch(url);
        await res.arrayBuffer();
        if (res.status !== 200) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    seconds,
    perSecond: latencies.length / seconds,
    p50ms: percentile(latencies, 50),
    p99ms: percentile(latencies, 99),
    errors,
  };
}

export const fmt = (n: number, digits = 1): string => n.toFixed(digits);

/** Runs a command with output discarded; resolves with its exit code. */
export function exec(argv: readonly string[], cwd: string, env: Record<string, string>): Promise<number> {
  const [cmd, ...args] = argv;
  if (cmd === undefined) throw new Error("empty argv");
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: "ignore" });
    child.on("error", reject);
    child.on("close", (code) => resolve(code ?? -1));
  });
}

/** Bare Go runs by hand: a scratch dir under `dir` and the runner's scrubbed environment on a shared GOCACHE. */
export async function bareGo(go: GoToolchain, dir: string, cacheDir: string) {
  for (const sub of ["gopath", "home", "tmp"]) await mkdir(join(dir, sub), { recursive: true });
  const env = buildCompileEnv(go, {
    home: join(dir, "home"),
    gopath: join(dir, "gopath"),
    tmp: join(dir, "tmp"),
    cache: cacheDir,
  });
  /** A fresh package dir holding go.mod and `files`. */
  const newPackage = async (files: Record<string, string>): Promise<string> => {
    const pkg = await mkdtemp(join(dir, "job-"));
    await Promise.all([
      writeFile(join(pkg, "go.mod"), "module exercise\n\ngo 1.22\n"),
      ...Object.entries(files).map(([name, content]) => writeFile(join(pkg, name), content)),
    ]);
    return pkg;
  };
  return {
    env,
    newPackage,
    /** What a learner types: `go test -count=1 -json .` in a fresh dir; milliseconds. */
    async goTest(files: Record<string, string>): Promise<number> {
      const t0 = performance.now();
      const pkg = await newPackage(files);
      const code = await exec([go.path, "test", "-count=1", "-json", "."], pkg, env);
      if (code !== 0) throw new Error(`bare go test failed (${code})`);
      await rm(pkg, { recursive: true, force: true });
      return performance.now() - t0;
    },
  };
}
