/**
 * Sandbox overhead alone: the same prebuilt test binary run bare, and run the way the runner's
 * run phase runs it (a job uid, a job cgroup created and removed, prlimit → sh → bwrap with the
 * seccomp filter, the whole process group waited for). Both sides use the runner's own spawn code
 * (`startProcess`) and argv builder (`buildRunArgv`), alternating so background load hits all
 * sides alike. Two sandboxed sides:
 *
 * - cold: everything started after the binary exists (what a runner without prestart pays);
 * - prestarted: what the runner does. The uid, cgroup and bwrap are set up first (while a job
 *   compiles), bwrap waits on its gate, and the clock runs from opening the gate to the verdict
 *   with the cgroup removed. The set-up is timed too, to show what is taken off the critical path.
 *
 *   node bench/sandbox.bench.ts [iterations]     (default 200; goal: overhead ≤ 10 ms at p50)
 */
import { closeSync, openSync } from "node:fs";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cgroupTag, createJobCgroup, detectCgroups } from "../server/modules/runner/cgroups.ts";
import { defaultLimits } from "../server/modules/runner/limits.ts";
import { gateFdFor, runProcess, startProcess } from "../server/modules/runner/process.ts";
import {
  BINARY_NAME,
  buildCompileEnv,
  buildRunArgv,
  buildRunEnv,
  CGROUP_RUNTIME_ALLOWANCE,
  COMPILE_FLAGS,
  detectGo,
  detectSandbox,
  JobIdentities,
  SANDBOX_TMP_BYTES,
  TEST_BINARY_ARGS,
} from "../server/modules/runner/sandbox.ts";
import { seccompProgram } from "../server/modules/runner/seccomp.ts";
import { percentile } from "./support.ts";

const ITERATIONS = Number(process.argv[2] ?? 200);
const WARMUP = 10;

const go = await detectGo();
if (go === null) {
  console.error("Go toolchain not found; install Go to run this benchmark.");
  process.exit(1);
}

const scratch = await mkdtemp(join(tmpdir(), "gopro-bench-sandbox-"));
await chmod(scratch, 0o711);
const src = join(scratch, "src");
const runDir = join(scratch, "run");
const tmpDir = join(scratch, "tmp");
await Promise.all([mkdir(src), mkdir(runDir, { mode: 0o711 }), mkdir(tmpDir, { mode: 0o777 })]);
await writeFile(join(src, "go.mod"), "module exercise\n\ngo 1.22\n");
await writeFile(
  join(src, "solution.go"),
  'package exercise\n\nimport "fmt"\n\nfunc Add(a, b int) int {\n\tfmt.Println("adding", a, b)\n\treturn a + b\n}\n',
);
await writeFile(
  join(src, "solution_test.go"),
  'package exercise\n\nimport "testing"\n\nfunc TestAdd(t *testing.T) {\n\tif Add(1, 2) != 3 {\n\t\tt.Fatal("no")\n\t}\n}\n',
);
const binary = join(runDir, BINARY_NAME);
for (const d of ["home", "gopath", "gotmp"]) await mkdir(join(scratch, d));
const built = await runProcess({
  argv: [go.path, "test", "-c", ...COMPILE_FLAGS, "-o", binary, "."],
  cwd: src,
  env: buildCompileEnv(go, {
    home: join(scratch, "home"),
    gopath: join(scratch, "gopath"),
    tmp: join(scratch, "gotmp"),
    cache: join(tmpdir(), "gopro-bench-gocache"),
  }),
  timeoutMs: 300_000,
  maxStdoutBytes: 1 << 20,
});
if (built.exitCode !== 0) throw new Error(`compile failed: ${built.stderr.toString()}`);
await chmod(binary, 0o755);

const bpf = seccompProgram();
const seccompPath = bpf !== null ? join(scratch, "seccomp.bpf") : null;
if (seccompPath !== null && bpf !== null) await writeFile(seccompPath, bpf, { mode: 0o644 });
const plan = await detectSandbox({ workDir: scratch, mode: "auto", seccompPath });
const cgroups = await detectCgroups();
const tag = cgroupTag(scratch);
const identities = new JobIdentities();
console.log(`go ${go.version}, sandbox ${plan.kind}: ${plan.detail}; ${cgroups?.detail ?? "no cgroups"}`);
if (plan.kind !== "bubblewrap")
  console.warn("bubblewrap is not usable here: the sandboxed side runs bare too");

const limits = defaultLimits;
const layout = { runDir, tmpDir };

async function bare(): Promise<number> {
  const t0 = performance.now();
  const r = await runProcess({
    argv: [binary, ...TEST_BINARY_ARGS],
    cwd: runDir,
    env: { HOME: tmpDir, TMPDIR: tmpDir },
    timeoutMs: limits.runMs,
    maxStdoutBytes: limits.outputBytes,
  });
  if (r.exitCode !== 0) throw new Error(`bare run failed: ${r.stdout.toString()}`);
  return performance.now() - t0;
}

let n = 0;
const phases = { cgroupCreate: [] as number[], run: [] as number[], cgroupRemove: [] as number[] };
const prestartPhases = {
  uidCgroupSpawn: [] as number[],
  gateToResult: [] as number[],
  cgroupRemove: [] as number[],
};

/** What the runner gives each job before its run phase: a uid of its own and its cgroup. */
async function jobSetUp() {
  const who = plan.runAs !== null ? identities.take() : null;
  const cg =
    cgroups !== null
      ? await createJobCgroup(
          cgroups,
          `job-bench${n++}.${tag}`,
          {
            memoryBytes: limits.memoryBytes + CGROUP_RUNTIME_ALLOWANCE + SANDBOX_TMP_BYTES,
            pids: limits.processes,
          },
          who,
        )
      : null;
  return { who, cg };
}

/** The prestarted side; returns the time from opening the gate to the cgroup being removed. */
async function prestarted(): Promise<number> {
  const t0 = performance.now();
  const { who, cg } = await jobSetUp();
  const fd = plan.seccompPath !== null ? openSync(plan.seccompPath, "r") : null;
  const extraFds = fd !== null ? [fd] : [];
  const gated = plan.kind === "bubblewrap";
  const proc = startProcess({
    argv: buildRunArgv(plan, layout, limits, cg?.procs ?? [], gated ? gateFdFor({ extraFds }) : null),
    cwd: runDir,
    env: buildRunEnv(plan, layout),
    timeoutMs: limits.runMs,
    maxStdoutBytes: limits.outputBytes,
    ...(who !== null ? { uid: who.uid, gid: who.gid } : {}),
    extraFds,
    gated,
  });
  if (fd !== null) closeSync(fd);
  const t1 = performance.now();
  // A compile takes far longer than the set-up; this stands in for it.
  await new Promise((r) => setTimeout(r, 40));
  const t2 = performance.now();
  let t3 = t2;
  try {
    proc.open();
    const r = await proc.result;
    if (r.exitCode !== 0) throw new Error(`prestarted run failed: ${r.stdout.toString()}`);
    await cg?.memoryHit();
    t3 = performance.now();
  } finally {
    await cg?.remove();
    if (who !== null) identities.release(who);
  }
  const t4 = performance.now();
  prestartPhases.uidCgroupSpawn.push(t1 - t0);
  prestartPhases.gateToResult.push(t3 - t2);
  prestartPhases.cgroupRemove.push(t4 - t3);
  return t4 - t2;
}

async function sandboxed(): Promise<number> {
  const t0 = performance.now();
  const { who, cg } = await jobSetUp();
  const t1 = performance.now();
  const fd = plan.seccompPath !== null ? openSync(plan.seccompPath, "r") : null;
  let t2 = t1;
  let t3 = t1;
  try {
    const r = await runProcess({
      argv: buildRunArgv(plan, layout, limits, cg?.procs ?? []),
      cwd: runDir,
      env: buildRunEnv(plan, layout),
      timeoutMs: limits.runMs,
      maxStdoutBytes: limits.outputBytes,
      ...(who !== null ? { uid: who.uid, gid: who.gid } : {}),
      ...(fd !== null ? { extraFds: [fd] } : {}),
    });
    if (r.exitCode !== 0) throw new Error(`sandboxed run failed: ${r.stdout.toString()}`);
    t2 = performance.now();
    await cg?.memoryHit();
  } finally {
    if (fd !== null) closeSync(fd);
    await cg?.remove();
    t3 = performance.now();
    if (who !== null) identities.release(who);
  }
  phases.cgroupCreate.push(t1 - t0);
  phases.run.push(t2 - t1);
  phases.cgroupRemove.push(t3 - t2);
  return performance.now() - t0;
}

const bareMs: number[] = [];
const boxMs: number[] = [];
const preMs: number[] = [];
try {
  const sides = [
    { run: bare, into: bareMs },
    { run: sandboxed, into: boxMs },
    { run: prestarted, into: preMs },
  ];
  for (let i = 0; i < WARMUP + ITERATIONS; i++) {
    if (i === WARMUP) {
      // The phase figures count measured iterations only.
      for (const xs of [...Object.values(phases), ...Object.values(prestartPhases)]) xs.length = 0;
    }
    // Rotate the order so no side always follows the same one.
    for (let k = 0; k < sides.length; k++) {
      const side = sides[(i + k) % sides.length];
      if (side === undefined) continue;
      const ms = await side.run();
      if (i >= WARMUP) side.into.push(ms);
    }
  }
  const s = (xs: number[]) => {
    const sorted = [...xs].sort((x, y) => x - y);
    return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
  };
  const sb = s(bareMs);
  const sx = s(boxMs);
  const r2 = (x: number) => Math.round(x * 100) / 100;
  console.log(`\n${ITERATIONS} iterations after ${WARMUP} warm-up, ms     p50      p99`);
  console.log(`bare test binary                        ${r2(sb.p50).toString().padStart(7)}  ${r2(sb.p99)}`);
  console.log(`cold run-phase sandbox                  ${r2(sx.p50).toString().padStart(7)}  ${r2(sx.p99)}`);
  for (const [k, xs] of Object.entries(phases)) {
    console.log(`  of which ${k.padEnd(30)}${r2(s(xs).p50).toString().padStart(7)}  ${r2(s(xs).p99)}`);
  }
  const sp = s(preMs);
  console.log(
    `prestarted sandbox, gate to verdict       ${r2(sp.p50).toString().padStart(7)}  ${r2(sp.p99)}`,
  );
  for (const [k, xs] of Object.entries(prestartPhases)) {
    console.log(`  ${k.padEnd(38)}${r2(s(xs).p50).toString().padStart(7)}  ${r2(s(xs).p99)}`);
  }
  const cold = sx.p50 - sb.p50;
  const overhead = sp.p50 - sb.p50;
  console.log(
    `cold sandbox overhead: p50 +${r2(cold)} ms, p99 +${r2(sx.p99 - sb.p99)} ms; ratio ${r2(sx.p50 / sb.p50)}x`,
  );
  console.log(
    `prestarted sandbox overhead (what a verdict waits for): p50 +${r2(overhead)} ms (goal ≤ 10 ms), p99 +${r2(sp.p99 - sb.p99)} ms; ratio ${r2(sp.p50 / sb.p50)}x`,
  );
  console.log(
    JSON.stringify({
      bench: "sandbox",
      iterations: ITERATIONS,
      sandbox: plan.kind,
      cgroups: cgroups?.version ?? null,
      bareMs: { p50: r2(sb.p50), p99: r2(sb.p99) },
      coldMs: { p50: r2(sx.p50), p99: r2(sx.p99) },
      coldOverheadMs: { p50: r2(cold), p99: r2(sx.p99 - sb.p99) },
      prestartedMs: { p50: r2(sp.p50), p99: r2(sp.p99) },
      overheadMs: { p50: r2(overhead), p99: r2(sp.p99 - sb.p99) },
      goalMet: overhead <= 10,
    }),
  );
} finally {
  await rm(scratch, { recursive: true, force: true });
}
