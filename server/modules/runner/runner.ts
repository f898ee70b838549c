import { randomBytes } from "node:crypto";
import { closeSync, openSync } from "node:fs";
import { access, chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { availableParallelism, constants as osConstants, tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { pino } from "pino";
import { AppError } from "../../platform/errors.ts";
import { isCacheable, LruCache, verdictCacheKey } from "./cache.ts";
import { type CgroupPlan, cgroupTag, createJobCgroup, detectCgroups, sweepJobCgroups } from "./cgroups.ts";
import { hideHostPaths, parseCompileOutput } from "./compile-errors.ts";
import { defaultLimits, resolveLimits } from "./limits.ts";
import { registerRunnerMetrics } from "./metrics.ts";
import { gateFdFor, runProcess, type StartedProcess, startProcess } from "./process.ts";
import { FairQueue } from "./queue.ts";
import {
  BINARY_NAME,
  buildCompileArgv,
  buildCompileEnv,
  buildRunArgv,
  buildRunEnv,
  CGROUP_RUNTIME_ALLOWANCE,
  detectGo,
  detectSandbox,
  type GoToolchain,
  JobIdentities,
  SANDBOX_TMP_BYTES,
  type SandboxPlan,
} from "./sandbox.ts";
import { seccompProgram } from "./seccomp.ts";
import { foldTestEvents, parseTestStream, type RunEnd } from "./test-events.ts";
import type {
  CompileDiagnostic,
  Runner,
  RunnerLimits,
  RunnerOptions,
  RunnerStatus,
  RunRequest,
  Verdict,
} from "./types.ts";
import { forbiddenConstructs, type SourceFile, type ValidatedSources, validateSources } from "./validate.ts";
import { capText, expectedTestNames, forgedOrMissing, formatBytes, judgeRun } from "./verdict.ts";

const goMod = (languageVersion: string): string => `module exercise\n\ngo ${languageVersion}\n`;
/** Characters of output kept per verdict field; the kill threshold is `outputBytes`, this is display. */
const DISPLAY_CHARS = 64 * 1024;
/** More rows than any exercise has; protects the response size from a generated-subtest flood. */
const MAX_TEST_ROWS = 1000;
const COMPILE_OUTPUT_BYTES = 1024 * 1024;

/**
 * Standard packages the shipped exercises import, compiled (and vetted) once at startup into the
 * shared build cache, so no learner's first run pays for compiling them. A test keeps this list in
 * step with curriculum/.
 */
export const WARM_IMPORTS: readonly string[] = [
  "bufio",
  "bytes",
  "cmp",
  "container/heap",
  "container/list",
  "context",
  "encoding/json",
  "errors",
  "fmt",
  "io",
  "iter",
  "log/slog",
  "maps",
  "math",
  "math/rand",
  "os",
  "path",
  "reflect",
  "slices",
  "sort",
  "strconv",
  "strings",
  "sync",
  "sync/atomic",
  "testing/synctest",
  "time",
  "unicode",
  "unicode/utf8",
];

function warmFiles(): ValidatedSources {
  const imports = WARM_IMPORTS.map((p) => `\t_ "${p}"\n`).join("");
  return {
    languageVersion: "1.22",
    files: [
      {
        name: "warm.go",
        content: `package exercise\n\nimport (\n${imports})\n\nfunc Warm() int { return 1 }\n`,
      },
    ],
    testFiles: [
      {
        name: "warm_test.go",
        content:
          'package exercise\n\nimport "testing"\n\nfunc TestWarm(t *testing.T) {\n\tif Warm() != 1 {\n\t\tt.Fatal("no")\n\t}\n}\n',
      },
    ],
    supportFiles: [],
  };
}

interface Job {
  sources: ValidatedSources;
  limits: RunnerLimits;
  signal: AbortSignal;
}

/** A job's run phase, started (and perhaps waiting at its gate). */
interface StartedRun {
  proc: StartedProcess;
  runAs: { uid: number; gid: number } | null;
  /** Waits for the process group to be gone; true when the job's cgroup saw an OOM kill. */
  finish(): Promise<boolean>;
}

interface JobDirs {
  root: string;
  src: string;
  run: string;
  tmp: string;
  goTmp: string;
  gopath: string;
}

function signalNumber(name: NodeJS.Signals | null): number | null {
  if (name === null) return null;
  return osConstants.signals[name] ?? null;
}

function emptyVerdict(go: string, sandbox: SandboxPlan["kind"]): Verdict {
  return {
    status: "error",
    tests: [],
    compileErrors: [],
    output: "",
    message: "",
    durationMs: 0,
    compileMs: 0,
    runMs: 0,
    goVersion: go,
    sandbox,
    cached: false,
  };
}

/**
 * Create the runner: detect the Go toolchain and the sandbox, then start warming the build
 * cache in the background. Never throws for a missing toolchain or sandbox; `status()` says
 * what is available and `run()` refuses with `runner_unavailable`.
 */
export async function createRunner(opts: RunnerOptions): Promise<Runner> {
  const log = opts.logger ?? pino({ level: "silent" });
  const baseLimits = resolveLimits(defaultLimits, opts.limits, "runner.limits");
  const workDir = resolve(opts.workDir ?? join(tmpdir(), "gopro-runner"));
  const cacheDir = resolve(opts.cacheDir ?? join("data", "go-build-cache"));
  const goHome = join(workDir, "go-home");
  await mkdir(workDir, { recursive: true, mode: 0o711 });
  // When we are root the run phase is uid 65534, which must be able to reach the job dirs: make
  // workDir traversable (not listable) before the sandbox probe checks exactly that.
  if (process.getuid?.() === 0) await chmod(workDir, 0o711);
  await mkdir(cacheDir, { recursive: true });
  // Telemetry off for the scrubbed HOME the go command sees: no per-job counter files.
  await mkdir(join(goHome, ".config", "go", "telemetry"), { recursive: true });
  await writeFile(join(goHome, ".config", "go", "telemetry", "mode"), "off\n");

  const go: GoToolchain | null = await detectGo(opts.goBinary);
  const bpf = seccompProgram();
  const seccompPath = bpf !== null ? join(workDir, "seccomp.bpf") : null;
  if (seccompPath !== null && bpf !== null) await writeFile(seccompPath, bpf, { mode: 0o644 });
  const plan: SandboxPlan = await detectSandbox({ workDir, mode: opts.sandbox ?? "auto", seccompPath });
  const cgroups: CgroupPlan | null = await detectCgroups();
  const cgTag = cgroupTag(workDir);
  if (cgroups !== null) await sweepJobCgroups(cgroups, workDir);
  const sandboxDetail = plan.detail.includes("no cgroup limits")
    ? plan.detail.replace(
        "no cgroup limits",
        cgroups?.detail ?? "no cgroup limits (not writable here; rlimits only)",
      )
    : `${plan.detail}; ${cgroups?.detail ?? "no cgroup limits"}`;
  const canRunUntrusted = plan.kind === "bubblewrap" || opts.boundToLoopback;
  const metrics = registerRunnerMetrics(opts.registry);
  const cache = new LruCache<Verdict>(opts.cacheEntries ?? 500);
  const inflight = new Map<string, Promise<Verdict>>();
  const queue = new FairQueue({
    workers: opts.workers ?? Math.max(1, availableParallelism()),
    maxQueue: opts.maxQueue ?? 100,
    ...(opts.maxWaitSeconds !== undefined ? { maxWaitSeconds: opts.maxWaitSeconds } : {}),
  });
  const closing = new AbortController();
  const identities = new JobIdentities();
  const goVersion = go?.version ?? "";

  if (go === null) {
    log.warn("runner: Go toolchain not found; exercises cannot be run");
  }
  if (plan.kind === "none") {
    if (canRunUntrusted) {
      log.warn(
        { sandboxDetail: plan.detail },
        "runner: NO SANDBOX. Learner code runs directly on this machine; allowed only because the server is bound to loopback",
      );
    } else {
      log.error(
        { sandboxDetail: plan.detail },
        "runner: no sandbox available and the server is not bound to loopback: learner code will not be run",
      );
    }
  } else {
    log.info({ sandboxDetail: plan.detail, goVersion }, "runner: sandbox ready");
  }

  const updateGauges = (): void => {
    metrics.queueDepth.set(queue.queued);
    metrics.running.set(queue.running);
  };

  async function makeJobDirs(): Promise<JobDirs> {
    const root = await mkdtemp(join(workDir, "job-"));
    const dirs: JobDirs = {
      root,
      src: join(root, "src"),
      run: join(root, "run"),
      tmp: join(root, "tmp"),
      goTmp: join(root, "gotmp"),
      gopath: join(root, "gopath"),
    };
    await Promise.all([
      mkdir(dirs.src, { mode: 0o700 }),
      mkdir(dirs.run, { mode: 0o700 }),
      mkdir(dirs.goTmp, { mode: 0o700 }),
      mkdir(dirs.tmp, { mode: 0o700 }),
    ]);
    return dirs;
  }

  async function writeSources(dir: string, sources: ValidatedSources): Promise<void> {
    const all: SourceFile[] = [...sources.files, ...sources.supportFiles, ...sources.testFiles];
    // "wx": the dir is fresh, and exclusive creation would refuse to follow anything planted there.
    await writeFile(join(dir, "go.mod"), goMod(sources.languageVersion), { flag: "wx" });
    await Promise.all(
      all.map((f) => writeFile(join(dir, f.name), f.content, { encoding: "utf8", flag: "wx" })),
    );
  }

  /**
   * Start a job's run phase: a host uid of its own (so per-uid limits are per job), its cgroup,
   * and the sandbox process. `gated`: bwrap sets everything up and then waits until
   * `proc.open()`, so this can run while the job compiles. `finish()` waits for the process
   * group to be gone, then reports whether the cgroup saw an OOM kill and removes it.
   */
  async function startRun(job: Job, dirs: JobDirs, gated: boolean): Promise<StartedRun> {
    const runAs = plan.runAs !== null ? identities.take() : null;
    let cg: Awaited<ReturnType<typeof createJobCgroup>> = null;
    let filterFd: number | null = null;
    try {
      if (runAs !== null) {
        // Only the binary is reachable by the sandbox uid; the sources stay private (0700).
        await Promise.all([chmod(dirs.root, 0o711), chmod(dirs.run, 0o711)]);
        if (plan.kind === "none") await chmod(dirs.tmp, 0o777);
      }
      cg =
        cgroups !== null
          ? await createJobCgroup(
              cgroups,
              `${basename(dirs.root)}.${cgTag}`,
              {
                memoryBytes: job.limits.memoryBytes + CGROUP_RUNTIME_ALLOWANCE + SANDBOX_TMP_BYTES,
                pids: job.limits.processes,
              },
              runAs,
            )
          : null;
      // bwrap reads the filter from SECCOMP_FD; a fresh open per job, so offsets are never shared.
      filterFd = plan.seccompPath !== null ? openSync(plan.seccompPath, "r") : null;
      const extraFds = filterFd !== null ? [filterFd] : [];
      const layout = { runDir: dirs.run, tmpDir: dirs.tmp };
      const proc = startProcess({
        argv: buildRunArgv(plan, layout, job.limits, cg?.procs ?? [], gated ? gateFdFor({ extraFds }) : null),
        cwd: dirs.run,
        env: buildRunEnv(plan, layout),
        timeoutMs: job.limits.runMs,
        maxStdoutBytes: job.limits.outputBytes,
        ...(runAs !== null ? { uid: runAs.uid, gid: runAs.gid } : {}),
        extraFds,
        gated,
        signal: job.signal,
      });
      const fd = filterFd;
      const group = cg;
      // The child has its own copy of the filter fd once spawned.
      if (fd !== null) closeSync(fd);
      filterFd = null;
      let finished: Promise<boolean> | null = null;
      return {
        proc,
        runAs,
        finish: () => {
          finished ??= (async () => {
            try {
              await proc.result;
              return group !== null ? await group.memoryHit() : false;
            } finally {
              await group?.remove();
              // The result comes once the whole process group is gone: the uid has no process left.
              if (runAs !== null) identities.release(runAs);
            }
          })();
          return finished;
        },
      };
    } catch (err) {
      if (filterFd !== null) closeSync(filterFd);
      await cg?.remove();
      if (runAs !== null) identities.release(runAs);
      throw err;
    }
  }

  /** Both phases for one job, in a fresh temp dir that is always removed afterwards. */
  async function execute(job: Job, toolchain: GoToolchain): Promise<Verdict> {
    const started = performance.now();
    const verdict = emptyVerdict(toolchain.version, plan.kind);
    const finish = (): Verdict => {
      verdict.durationMs = Math.round(performance.now() - started);
      return verdict;
    };

    const forbidden = [...job.sources.files, ...job.sources.supportFiles].flatMap(forbiddenConstructs);
    if (forbidden.length > 0) {
      verdict.status = "compile_error";
      verdict.compileErrors = forbidden;
      verdict.message = compileMessage(forbidden, "");
      return finish();
    }

    const dirs = await makeJobDirs();
    let sandbox: StartedRun | null = null;
    // A test only the runner knows the name of: a pass needs its real result too, so a program
    // that prints a fake test2json transcript and exits must also guess a per-job random name.
    const guard = guardTest(job.sources.testFiles);
    try {
      await writeSources(dirs.src, job.sources);
      if (guard !== null) await writeFile(join(dirs.src, guard.file), guard.content, { flag: "wx" });
      const binary = join(dirs.run, BINARY_NAME);
      const hostPaths: [string, string][] = [
        [dirs.src, "."],
        [dirs.root, "<job>"],
        [cacheDir, "<gocache>"],
        [workDir, "<work>"],
      ];

      // The sandbox is built while the code compiles; the gate opens when the binary is there.
      const prestarted = plan.kind === "bubblewrap";
      if (prestarted) sandbox = await startRun(job, dirs, true);
      const compile = await runProcess({
        argv: buildCompileArgv(plan, toolchain, binary),
        cwd: dirs.src,
        env: buildCompileEnv(toolchain, {
          home: goHome,
          gopath: dirs.gopath,
          tmp: dirs.goTmp,
          cache: cacheDir,
        }),
        timeoutMs: job.limits.compileMs,
        maxStdoutBytes: COMPILE_OUTPUT_BYTES,
        maxStderrBytes: COMPILE_OUTPUT_BYTES,
        signal: job.signal,
      });
      verdict.compileMs = Math.round(compile.durationMs);
      metrics.phaseSeconds.observe({ phase: "compile" }, compile.durationMs / 1000);
      // The go command prints errors on stderr and its FAIL summary on stdout.
      const compileText = noNul(`${compile.stderr.toString("utf8")}${compile.stdout.toString("utf8")}`);

      if (compile.spawnError !== null) {
        log.error({ err: compile.spawnError }, "runner: could not start the go command");
        verdict.message = "The Go toolchain could not be started; please tell the administrator.";
        return finish();
      }
      if (compile.stoppedBy === "abort") {
        verdict.message = "The runner shut down before your code was compiled; please try again.";
        return finish();
      }
      if (compile.stoppedBy === "timeout") {
        verdict.status = "timeout";
        verdict.message = `Compiling took longer than ${job.limits.compileMs / 1000} s and was stopped.`;
        return finish();
      }
      if (compile.exitCode !== 0) {
        const known = new Set<string>([
          ...job.sources.files.map((f) => f.name),
          ...job.sources.supportFiles.map((f) => f.name),
          ...job.sources.testFiles.map((f) => f.name),
          "go.mod",
        ]);
        const parsed = parseCompileOutput(compileText, { knownFiles: known, hostPaths });
        verdict.status = "compile_error";
        verdict.compileErrors = parsed.diagnostics;
        verdict.output = capText(parsed.text, DISPLAY_CHARS);
        verdict.message = compileMessage(parsed.diagnostics, parsed.text);
        return finish();
      }
      try {
        await access(binary);
      } catch {
        verdict.status = "failed";
        verdict.message = "No tests ran.";
        verdict.output = capText(hideHostPaths(compileText, hostPaths), DISPLAY_CHARS);
        return finish();
      }

      sandbox ??= await startRun(job, dirs, false);
      const current = sandbox;
      if (current.runAs !== null) await chmod(binary, 0o755);
      // False when a prestarted sandbox already ended (bwrap failed): its output says why.
      current.proc.open();
      const run = await current.proc.result;
      sandbox = null;
      // The group is gone (startProcess waits for that): read the memory verdict, then remove.
      const cgroupMemoryHit = await current.finish();
      verdict.runMs = Math.round(run.durationMs);
      metrics.phaseSeconds.observe({ phase: "run" }, run.durationMs / 1000);

      if (run.spawnError !== null) {
        metrics.sandboxFailures.inc({ reason: "spawn" });
        log.error({ err: run.spawnError }, "runner: could not start the sandbox");
        verdict.message = "Your code could not be started; please tell the administrator.";
        return finish();
      }
      // Buffer → string replaces invalid UTF-8 with U+FFFD: learner bytes never break JSON.
      // NUL is valid UTF-8 but not storable in a PostgreSQL text column: it becomes U+FFFD too.
      const raw = hideHostPaths(noNul(run.stdout.toString("utf8")), hostPaths);
      if (plan.kind === "bubblewrap" && run.exitCode === 1 && /^bwrap: /.test(raw)) {
        metrics.sandboxFailures.inc({ reason: "bwrap" });
        log.error({ bwrap: raw.slice(0, 500) }, "runner: bubblewrap failed to start a job");
        verdict.message = "The sandbox failed to start your code; please tell the administrator.";
        return finish();
      }
      const end: RunEnd = run.stoppedBy === null ? "exited" : run.stoppedBy;
      const events = parseTestStream(raw);
      const folded = foldTestEvents(events, { end, exitCode: run.exitCode });
      // The guard test is the runner's own: it is counted by forgedOrMissing, never shown or
      // counted in the learner's messages ("All 4 tests passed", not 5).
      const fold =
        guard === null ? folded : { ...folded, tests: folded.tests.filter((t) => t.name !== guard.name) };
      let killedBySignal = signalNumber(run.exitSignal);
      if (
        killedBySignal === null &&
        plan.kind === "bubblewrap" &&
        run.exitCode !== null &&
        run.exitCode > 128
      ) {
        killedBySignal = run.exitCode - 128; // bwrap reports a signalled child as 128+n
      }
      const judged =
        // An OOM kill inside the job's cgroup (any of its processes) decides the verdict,
        // whatever the main binary did afterwards (crash, wait until the timeout…).
        end !== "output" && end !== "abort" && cgroupMemoryHit
          ? {
              status: "memory_exceeded" as const,
              message: `Your program (all its processes together) tried to use more than ${formatBytes(job.limits.memoryBytes)} of memory.`,
            }
          : judgeRun({ fold, end, exitCode: run.exitCode, killedBySignal, limits: job.limits });
      verdict.status = judged.status;
      verdict.message = judged.message;
      if (judged.status === "passed") {
        // The stream is learner-writable: a pass must match what the trusted tests declare.
        const expected = expectedTestNames(job.sources.testFiles);
        const problem = forgedOrMissing(events, guard !== null ? [...expected, guard.name] : expected);
        if (problem !== null) {
          verdict.status = "failed";
          verdict.message = problem;
        }
      }
      verdict.tests = fold.tests.slice(0, MAX_TEST_ROWS).map((t) => ({
        ...t,
        message: capText(t.message, DISPLAY_CHARS),
        output: capText(t.output, DISPLAY_CHARS),
      }));
      verdict.output = capText(fold.output, DISPLAY_CHARS);
      return finish();
    } finally {
      // A sandbox started for a job that never reached its run phase (compile error, abort…).
      if (sandbox !== null) {
        sandbox.proc.cancel();
        await sandbox.finish().catch((err: unknown) => log.warn({ err }, "runner: sandbox cleanup failed"));
      }
      // rm never follows symlinks: links planted in the job dir are removed, not their targets.
      await rm(dirs.root, { recursive: true, force: true, maxRetries: 2 }).catch((err: unknown) =>
        log.warn({ err, dir: dirs.root }, "runner: could not remove a job dir"),
      );
    }
  }

  const warmUp = (async (): Promise<void> => {
    if (go === null) return;
    const t0 = performance.now();
    const limits = { ...baseLimits, compileMs: 600_000, runMs: 30_000 };
    const v = await execute({ sources: warmFiles(), limits, signal: closing.signal }, go);
    const ms = Math.round(performance.now() - t0);
    if (v.status === "passed") log.info({ ms }, "runner: build cache warm, sandbox self-test passed");
    else if (closing.signal.aborted) log.info({ ms }, "runner: warm-up stopped by shutdown");
    else
      log.error({ ms, status: v.status, message: v.message, output: v.output }, "runner: self-test failed");
  })().catch((err: unknown) => log.error({ err }, "runner: warm-up failed"));

  function status(): RunnerStatus {
    return {
      goAvailable: go !== null,
      goVersion: go?.version ?? null,
      sandbox: plan.kind,
      sandboxDetail,
      queued: queue.queued,
      running: queue.running,
      workers: queue.workers,
      maxQueue: queue.maxQueue,
      loopbackOnly: plan.kind === "none",
      canRunUntrusted: go !== null && canRunUntrusted,
    };
  }

  function record(v: Verdict): Verdict {
    metrics.verdicts.inc({ status: v.status, cached: String(v.cached) });
    return v;
  }

  function run(req: RunRequest): Promise<Verdict> {
    try {
      if (go === null) {
        throw new AppError(
          "runner_unavailable",
          "Go toolchain not found: install Go ≥ 1.22 to run exercises",
        );
      }
      if (!canRunUntrusted) {
        throw new AppError(
          "runner_unavailable",
          "No sandbox is available (bubblewrap missing or not permitted), and without one learner code is only run when the server listens on loopback",
          { details: { sandboxDetail: plan.detail } },
        );
      }
      if (closing.signal.aborted) throw new AppError("runner_unavailable", "The runner is shutting down");
      if (typeof req !== "object" || req === null) throw new AppError("bad_request", "Missing run request");
      if (typeof req.ownerKey !== "string" || req.ownerKey.length === 0) {
        throw new AppError("bad_request", "ownerKey is required", {
          details: [{ path: "ownerKey", message: "is required" }],
        });
      }
      if (typeof req.exerciseVersion !== "string") {
        throw new AppError("bad_request", "exerciseVersion is required", {
          details: [{ path: "exerciseVersion", message: "is required" }],
        });
      }
      const limits = resolveLimits(baseLimits, req.limits);
      const sources = validateSources(req, limits);
      const key = verdictCacheKey(req.exerciseVersion, go.version, sources, limits);

      const hit = cache.get(key);
      if (hit !== undefined) return Promise.resolve(record({ ...hit, cached: true }));
      const same = inflight.get(key);
      if (same !== undefined) return same.then((v) => record({ ...v, cached: true }));

      const enqueued = performance.now();
      const p = queue
        .submit(req.ownerKey, (signal) => {
          metrics.phaseSeconds.observe({ phase: "queue" }, (performance.now() - enqueued) / 1000);
          updateGauges();
          const both = AbortSignal.any([signal, closing.signal]);
          // A cold build cache takes far longer than compileMs: let the warm-up finish first.
          return warmUp.then(() => execute({ sources, limits, signal: both }, go));
        })
        .then((v) => {
          metrics.phaseSeconds.observe({ phase: "total" }, (performance.now() - enqueued) / 1000);
          if (isCacheable(v.status)) cache.set(key, v);
          return v;
        })
        .finally(() => {
          inflight.delete(key);
          updateGauges();
        });
      inflight.set(key, p);
      updateGauges();
      return p.then((v) => record({ ...v }));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  async function close(): Promise<void> {
    closing.abort();
    queue.close();
    const pending = [...inflight.values()].map((p) => p.catch(() => undefined));
    await Promise.all([...pending, warmUp]);
    cache.clear();
    updateGauges();
  }

  return { run, status, close };
}

/** The runner's own empty test for a job, in the package of the hidden tests, with a random name. */
function guardTest(testFiles: readonly SourceFile[]): { name: string; file: string; content: string } | null {
  const first = testFiles[0];
  const pkg =
    first !== undefined ? /^package\s+([A-Za-z_][A-Za-z0-9_]*)/m.exec(first.content)?.[1] : undefined;
  if (pkg === undefined) return null;
  const nonce = randomBytes(12).toString("hex");
  const name = `TestGoproGuard${nonce}`;
  return {
    name,
    file: `gopro_guard_${nonce}_test.go`,
    content: `package ${pkg}\n\nimport "testing"\n\nfunc ${name}(t *testing.T) {}\n`,
  };
}

/** Replace NUL characters, which PostgreSQL text cannot hold, with U+FFFD. */
function noNul(text: string): string {
  return text.includes("\0") ? text.replaceAll("\0", "\uFFFD") : text;
}

function compileMessage(diagnostics: readonly CompileDiagnostic[], text: string): string {
  const first = diagnostics[0];
  if (first !== undefined) {
    const more = diagnostics.length > 1 ? ` (and ${diagnostics.length - 1} more)` : "";
    return `Compile error in ${first.file}:${first.line}: ${first.message.split("\n")[0]}${more}`;
  }
  const line = text.split("\n").find((l) => l.trim() !== "");
  return line !== undefined ? `Your code does not compile: ${line}` : "Your code does not compile.";
}
