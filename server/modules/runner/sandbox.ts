import { randomInt } from "node:crypto";
import { closeSync, constants as fsConstants, openSync } from "node:fs";
import { access } from "node:fs/promises";
import { delimiter, dirname, join } from "node:path";
import { runProcess } from "./process.ts";
import type { RunnerLimits, SandboxKind } from "./types.ts";

const MiB = 1024 * 1024;

/** The uid/gid learner code has inside the sandbox's user namespace ("nobody"). */
export const SANDBOX_ID = 65534;
/**
 * When the server is root, every job runs as a host uid (and gid) of its own, drawn from
 * [JOB_UID_BASE, JOB_UID_BASE + JOB_UID_SPAN). Per-uid kernel limits (RLIMIT_NPROC, user
 * namespace counts) then hold per job: one learner's fork bomb cannot exhaust another's. No host
 * account may use this range; it sits below 2^31 and above the ranges distributions allocate.
 */
export const JOB_UID_BASE = 1_700_000_000;
export const JOB_UID_SPAN = 1 << 24;

/** Hands out distinct job uids; random within the range so runner processes on one host rarely meet. */
export class JobIdentities {
  readonly #inUse = new Set<number>();

  take(): { uid: number; gid: number } {
    for (;;) {
      const uid = JOB_UID_BASE + randomInt(JOB_UID_SPAN);
      if (this.#inUse.has(uid)) continue;
      this.#inUse.add(uid);
      return { uid, gid: uid };
    }
  }

  release(id: { uid: number }): void {
    this.#inUse.delete(id.uid);
  }

  get size(): number {
    return this.#inUse.size;
  }
}
/** File name of the test binary, inside the run dir (and at /work in the sandbox). */
export const BINARY_NAME = "gopro-exercise.test";
/**
 * RLIMIT_DATA headroom for the Go runtime itself: it maps its heap metadata up front, and
 * measured on go1.26 a 256 MiB data limit leaves about 180 MiB for the program.
 */
export const RUNTIME_DATA_ALLOWANCE = 80 * MiB;
/**
 * Resident memory the Go runtime and the test binary's own pages need besides the learner's data,
 * in the job's cgroup. Where that cgroup exists it is the memory limit that counts: pages really
 * touched by all the job's processes, so `memoryBytes` means what a learner expects.
 */
export const CGROUP_RUNTIME_ALLOWANCE = 32 * MiB;
/** Size of the sandbox's /tmp (tmpfs pages are host RAM, so they need their own cap). */
export const SANDBOX_TMP_BYTES = 64 * MiB;
/** Largest file the program may write (RLIMIT_FSIZE). */
export const MAX_WRITTEN_FILE_BYTES = 10 * MiB;
/** RLIMIT_DATA of the go command and the compiler (no learner code runs there). */
export const COMPILE_DATA_BYTES = 2048 * MiB;

/** Flags the test binary is run with: test2json framing, same os.Exit(0) guard as `go test`. */
export const TEST_BINARY_ARGS = ["-test.v=test2json", "-test.paniconexit0", "-test.count=1"] as const;

export interface GoToolchain {
  path: string;
  /** e.g. "go1.26.8". */
  version: string;
}

/** How learner code is isolated on this host, decided once at startup. */
export interface SandboxPlan {
  kind: SandboxKind;
  detail: string;
  bwrapPath: string | null;
  /** bwrap accepts --size (tmpfs cap) and --disable-userns (0.8+). */
  modernBwrap: boolean;
  /**
   * Set when the server is root: the run phase drops to a non-root host uid, a fresh one per job
   * (see JobIdentities); this is the identity the startup probe used.
   */
  runAs: { uid: number; gid: number } | null;
  /** RLIMIT_NPROC is meaningful (each job has its own non-root uid). */
  limitProcesses: boolean;
  prlimitPath: string | null;
  shPath: string;
  /** File holding the seccomp program bwrap loads from fd 3 (`--seccomp 3`), when it works here. */
  seccompPath: string | null;
}

/** The fd the run phase hands bwrap its seccomp program on. */
export const SECCOMP_FD = 3;

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Look a command up on PATH (and a few well-known places), like `which`, without a shell. */
export async function findExecutable(name: string, extra: readonly string[] = []): Promise<string | null> {
  const dirs = (process.env.PATH ?? "").split(delimiter).filter((d) => d.startsWith("/"));
  for (const dir of [...dirs, ...extra]) {
    const candidate = join(dir, name);
    if (await isExecutable(candidate)) return candidate;
  }
  return null;
}

/** Parse "go version go1.26.8 linux/amd64" → "go1.26.8". */
export function parseGoVersion(text: string): string | null {
  const m = /\bgo version (go\d+(?:\.\d+)*(?:[a-z]+\d*)?)/.exec(text);
  return m?.[1] ?? null;
}

/** Find and ask the Go toolchain for its version; null when it is missing or broken. */
export async function detectGo(goBinary?: string): Promise<GoToolchain | null> {
  const path = goBinary ?? (await findExecutable("go", ["/usr/local/go/bin", "/usr/lib/go/bin"]));
  if (path === null) return null;
  const res = await runProcess({
    argv: [path, "version"],
    cwd: "/",
    env: { PATH: `${dirname(path)}:/usr/bin:/bin`, GOTOOLCHAIN: "local", HOME: "/nonexistent", GOENV: "off" },
    timeoutMs: 15_000,
    maxStdoutBytes: 4096,
  });
  if (res.exitCode !== 0) return null;
  const version = parseGoVersion(res.stdout.toString("utf8"));
  return version === null ? null : { path, version };
}

/**
 * Namespace and privilege flags shared by the probe and real runs. No --new-session: the job is
 * spawned with setsid() already (no controlling terminal, stdin is /dev/null, so there is no
 * TIOCSTI target), and keeping the sandbox in our process group lets one kill(-pgid) stop it and
 * lets us wait until it is really gone.
 */
function isolationFlags(modern: boolean): string[] {
  return [
    "--unshare-all",
    "--unshare-user",
    ...(modern ? ["--disable-userns"] : []),
    "--uid",
    String(SANDBOX_ID),
    "--gid",
    String(SANDBOX_ID),
    "--cap-drop",
    "ALL",
    "--die-with-parent",
    "--clearenv",
    "--hostname",
    "gopro",
  ];
}

function tmpfsFlags(modern: boolean): string[] {
  return [...(modern ? ["--size", String(SANDBOX_TMP_BYTES)] : []), "--tmpfs", "/tmp"];
}

interface ProbeResult {
  ok: boolean;
  why: string;
}

async function probeBwrap(
  bwrap: string,
  modern: boolean,
  runAs: SandboxPlan["runAs"],
  workDir: string,
  seccompPath: string | null = null,
): Promise<ProbeResult> {
  const fd = seccompPath !== null ? openSync(seccompPath, "r") : null;
  const argv = [
    bwrap,
    ...isolationFlags(modern),
    ...(fd !== null ? ["--seccomp", String(SECCOMP_FD)] : []),
    "--ro-bind",
    "/",
    "/",
    "--proc",
    "/proc",
    "--dev",
    "/dev",
    ...tmpfsFlags(modern),
    // The run phase binds a dir under workDir: prove the sandbox identity can reach it.
    "--ro-bind",
    workDir,
    workDir,
    "true",
  ];
  const res = await runProcess({
    argv,
    cwd: "/",
    env: { PATH: "/usr/bin:/bin" },
    timeoutMs: 10_000,
    maxStdoutBytes: 4096,
    ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
    ...(fd !== null ? { extraFds: [fd] } : {}),
  }).finally(() => {
    if (fd !== null) closeSync(fd);
  });
  if (res.exitCode === 0) return { ok: true, why: "" };
  const why =
    res.spawnError?.message ??
    (res.stderr.toString("utf8").trim().split("\n")[0] || `exit status ${res.exitCode ?? res.exitSignal}`);
  return { ok: false, why };
}

export interface DetectOptions {
  workDir: string;
  /** "none" skips bubblewrap entirely. */
  mode: SandboxKind | "auto";
  /** A seccomp program file to try with bwrap (see seccomp.ts); left out when it does not load. */
  seccompPath?: string | null;
}

/**
 * Decide how to isolate learner code by actually starting bubblewrap with the flags the run
 * phase uses: first as the unprivileged sandbox uid (when we are root; that also makes the
 * process-count limit effective), then as ourselves, each with and without the 0.8+ flags.
 */
export async function detectSandbox(opts: DetectOptions): Promise<SandboxPlan> {
  const isRoot = process.getuid?.() === 0;
  const runAs = isRoot ? { uid: JOB_UID_BASE, gid: JOB_UID_BASE } : null;
  const prlimitPath = await findExecutable("prlimit", ["/usr/bin", "/bin"]);
  const shPath = "/bin/sh";
  const rl = prlimitPath
    ? `rlimits via prlimit (data ${formatMiB(RUNTIME_DATA_ALLOWANCE)} over the memory limit, cpu, fsize, nofile${isRoot ? ", nproc" : ""})`
    : "rlimits via sh ulimit (data, cpu)";
  const base: SandboxPlan = {
    kind: "none",
    detail: "",
    bwrapPath: null,
    modernBwrap: false,
    runAs,
    limitProcesses: isRoot && prlimitPath !== null,
    prlimitPath,
    shPath,
    seccompPath: null,
  };
  if (opts.mode === "none") {
    return { ...base, detail: `sandbox disabled by configuration; ${rl}` };
  }
  const bwrap = await findExecutable("bwrap", ["/usr/bin", "/usr/local/bin"]);
  if (bwrap === null) {
    return { ...base, detail: `bubblewrap (bwrap) not found; ${rl}` };
  }
  const versionRes = await runProcess({
    argv: [bwrap, "--version"],
    cwd: "/",
    env: {},
    timeoutMs: 5_000,
    maxStdoutBytes: 1024,
  });
  const version = versionRes.stdout.toString("utf8").trim() || "bubblewrap (unknown version)";
  const identities: SandboxPlan["runAs"][] = isRoot ? [runAs, null] : [null];
  const failures: string[] = [];
  for (const who of identities) {
    for (const modern of [true, false]) {
      const probe = await probeBwrap(bwrap, modern, who, opts.workDir);
      if (!probe.ok) {
        failures.push(probe.why);
        continue;
      }
      const limitProcesses = who !== null && prlimitPath !== null;
      const wanted = opts.seccompPath ?? null;
      const filter =
        wanted !== null ? await probeBwrap(bwrap, modern, who, opts.workDir, wanted) : { ok: false, why: "" };
      const layers = [
        "user/pid/net/ipc/uts/cgroup namespaces",
        "no network",
        "no capabilities",
        filter.ok
          ? "seccomp deny-list (ptrace, mount, unshare, setns, bpf, keyctl, io_uring, …: EPERM)"
          : `no seccomp filter${wanted === null ? " (no syscall table for this architecture)" : ` (${filter.why})`}`,
        "read-only root with only the test binary",
        modern ? `${formatMiB(SANDBOX_TMP_BYTES)} /tmp` : "unbounded /tmp",
        who !== null
          ? `a host uid per job (${JOB_UID_BASE}+)`
          : isRoot
            ? `host uid of the server (uid ${JOB_UID_BASE} could not start it: ${failures[0] ?? "unknown"})`
            : "host uid of the server",
        limitProcesses ? rl : rl.replace(", nproc", ""),
        "no cgroup limits",
      ];
      return {
        ...base,
        kind: "bubblewrap",
        bwrapPath: bwrap,
        modernBwrap: modern,
        runAs: who,
        limitProcesses,
        seccompPath: filter.ok ? wanted : null,
        detail: `${version}: ${layers.join(", ")}`,
      };
    }
  }
  return {
    ...base,
    detail: `${version} is installed but cannot create a sandbox here (${[...new Set(failures)].join("; ")}); ${rl}`,
  };
}

function formatMiB(n: number): string {
  return `${Math.round(n / MiB)} MiB`;
}

/** Paths of one job as the run phase sees them. */
export interface RunLayout {
  /** Host dir holding only the test binary; mounted read-only at /work in the sandbox. */
  runDir: string;
  /** Writable HOME/TMPDIR for the no-sandbox case. */
  tmpDir: string;
}

/** Seconds of CPU time: the wall limit on two busy threads plus slack, so the wall clock normally wins. */
export function cpuSeconds(limits: RunnerLimits): number {
  return Math.ceil(limits.runMs / 1000) * 2 + 1;
}

/**
 * argv for the run phase: rlimits → `sh` (only to merge stderr into stdout, so panics and
 * framing lines stay in order; the script is a constant or numbers we computed) → bwrap →
 * test binary. Never contains learner-controlled text.
 */
export function buildRunArgv(
  plan: SandboxPlan,
  layout: RunLayout,
  limits: RunnerLimits,
  cgroupProcs: readonly string[] = [],
  blockFd: number | null = null,
): string[] {
  // The job's first process joins its cgroups (paths we created) before anything else starts.
  const joinCg =
    cgroupProcs.length > 0
      ? 'for f; do [ "$f" = -- ] && break; echo $$ > "$f" || exit 125; done; shift ' +
        String(cgroupProcs.length + 1) +
        "; "
      : "";
  const cgArgs = cgroupProcs.length > 0 ? [...cgroupProcs, "--"] : [];
  // With a memory cgroup, RLIMIT_DATA is only a backstop: the cgroup's OOM kill is the limit. Go
  // 1.26's runtime sometimes dies with SIGSEGV in the collector instead of "out of memory" when a
  // mapping is refused (4 of 30 memory bombs), which made the verdict a crash rather than memory.
  const data =
    cgroupProcs.length > 0
      ? 2 * limits.memoryBytes + RUNTIME_DATA_ALLOWANCE
      : limits.memoryBytes + RUNTIME_DATA_ALLOWANCE;
  const cpu = cpuSeconds(limits);
  const target =
    plan.kind === "bubblewrap" && plan.bwrapPath !== null
      ? [
          plan.bwrapPath,
          ...isolationFlags(plan.modernBwrap),
          ...(plan.seccompPath !== null ? ["--seccomp", String(SECCOMP_FD)] : []),
          // Prestarted: bwrap builds the whole sandbox, then waits on this fd for the binary.
          ...(blockFd !== null ? ["--block-fd", String(blockFd)] : []),
          "--ro-bind",
          layout.runDir,
          "/work",
          "--ro-bind-try",
          "/usr/share/zoneinfo",
          "/usr/share/zoneinfo",
          "--proc",
          "/proc",
          "--dev",
          "/dev",
          ...tmpfsFlags(plan.modernBwrap),
          "--setenv",
          "HOME",
          "/tmp",
          "--setenv",
          "TMPDIR",
          "/tmp",
          "--chdir",
          "/work",
          "--remount-ro",
          "/",
          `/work/${BINARY_NAME}`,
          ...TEST_BINARY_ARGS,
        ]
      : [join(layout.runDir, BINARY_NAME), ...TEST_BINARY_ARGS];
  if (plan.prlimitPath !== null) {
    return [
      plan.prlimitPath,
      `--data=${data}`,
      `--cpu=${cpu}`,
      `--fsize=${MAX_WRITTEN_FILE_BYTES}`,
      "--nofile=1024",
      "--core=0",
      ...(plan.limitProcesses ? [`--nproc=${limits.processes}`] : []),
      "--",
      plan.shPath,
      "-c",
      `${joinCg}exec "$@" 2>&1`,
      "sh",
      ...cgArgs,
      ...target,
    ];
  }
  const kib = Math.ceil(data / 1024);
  const script = `${joinCg}ulimit -d ${kib} && ulimit -t ${cpu} && ulimit -c 0 && exec "$@" 2>&1`;
  return [plan.shPath, "-c", script, "sh", ...cgArgs, ...target];
}

/** Environment of the run phase process (bwrap clears it again inside the sandbox). */
export function buildRunEnv(plan: SandboxPlan, layout: RunLayout): Record<string, string> {
  if (plan.kind === "bubblewrap") return {};
  return { HOME: layout.tmpDir, TMPDIR: layout.tmpDir };
}

/** Scrubbed environment of `go test -c`: nothing from the server leaks into the build. */
export function buildCompileEnv(
  go: GoToolchain,
  dirs: { home: string; gopath: string; tmp: string; cache: string },
): Record<string, string> {
  return {
    PATH: `${dirname(go.path)}:/usr/local/bin:/usr/bin:/bin`,
    HOME: dirs.home,
    GOCACHE: dirs.cache,
    GOPATH: dirs.gopath,
    GOMODCACHE: join(dirs.gopath, "pkg", "mod"),
    GOTMPDIR: dirs.tmp,
    TMPDIR: dirs.tmp,
    CGO_ENABLED: "0",
    GOTOOLCHAIN: "local",
    GOFLAGS: "-mod=mod",
    GOPROXY: "off",
    GOSUMDB: "off",
    GOWORK: "off",
    GOENV: "off",
  };
}

/**
 * `go test -c` flags: -trimpath keeps host paths out of stack traces and positions; -s -w skips
 * DWARF and the symbol table, which the verdict never needs (panic traces use pclntab) and which
 * is a large part of link time.
 */
export const COMPILE_FLAGS = ["-trimpath", "-buildvcs=false", "-ldflags=-s -w"] as const;

/** argv of the compile phase, wrapped in a memory cap when prlimit exists. */
export function buildCompileArgv(plan: SandboxPlan, go: GoToolchain, output: string): string[] {
  const goArgs = [go.path, "test", "-c", ...COMPILE_FLAGS, "-o", output, "."];
  if (plan.prlimitPath === null) return goArgs;
  return [plan.prlimitPath, `--data=${COMPILE_DATA_BYTES}`, "--core=0", "--", ...goArgs];
}
