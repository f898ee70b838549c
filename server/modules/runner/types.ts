import type { Logger } from "pino";
import type { Registry } from "prom-client";

/** Resource caps for one job. Every field has a default in `defaultLimits`. */
export interface RunnerLimits {
  /** Wall-clock budget for `go test -c`. */
  compileMs: number;
  /** Wall-clock budget for running the test binary. */
  runMs: number;
  /** Heap the learner's program may use (enforced with RLIMIT_DATA plus a fixed runtime allowance). */
  memoryBytes: number;
  /** Bytes of combined stdout/stderr before the run is stopped as `output_exceeded`. */
  outputBytes: number;
  /**
   * Processes and threads of the job together: RLIMIT_NPROC of its own uid (when the server is
   * root) and its cgroup's pids.max (where cgroups are writable). A Go test binary needs about a
   * dozen threads; blocking syscalls add one each.
   */
  processes: number;
  /** Maximum number of learner files. */
  maxFiles: number;
  /** Maximum size of one learner file, in UTF-8 bytes. */
  maxFileBytes: number;
}

export interface RunRequest {
  /** Who submits: one running job per key at a time (fairness); others wait in the queue. */
  ownerKey: string;
  /** Identifies exercise content version; part of the verdict cache key. */
  exerciseVersion: string;
  /** Go package files written by the learner, by file name (e.g. {"solution.go": "..."}). No _test.go allowed. */
  files: Record<string, string>;
  /** Exercise's hidden test files (name → content), trusted content from the curriculum. */
  testFiles: Record<string, string>;
  /** Extra non-test files of the exercise that the learner doesn't edit (optional). */
  supportFiles?: Record<string, string>;
  limits?: Partial<RunnerLimits>;
  /** Go language version for the generated go.mod (e.g. "1.23" for range-over-func); default "1.22". */
  languageVersion?: string;
}

export type TestStatus = "pass" | "fail" | "skip" | "timeout" | "error";

export interface TestCaseResult {
  /** Full test name; subtests keep their `TestX/case_1` path. */
  name: string;
  status: TestStatus;
  /** What the test itself reported (t.Error/t.Fatal/t.Log/t.Skip lines), or the panic for `error`. */
  message: string;
  /** The learner's own prints while this test ran. */
  output: string;
  durationMs: number;
}

export interface CompileDiagnostic {
  /** Bare file name as submitted (learner, support or test file); never a host path. */
  file: string;
  line: number;
  column: number;
  message: string;
}

export type VerdictStatus =
  | "passed"
  | "failed"
  | "compile_error"
  | "timeout"
  | "memory_exceeded"
  | "output_exceeded"
  | "error";

export type SandboxKind = "bubblewrap" | "none";

export interface Verdict {
  status: VerdictStatus;
  /** In the order they ran. */
  tests: TestCaseResult[];
  /** file:line for the editor (only submitted file names, never host paths). */
  compileErrors: CompileDiagnostic[];
  /** Output not attributed to a test (learner prints outside tests, crash text, compiler output); capped. */
  output: string;
  /** One human sentence summarising the verdict. */
  message: string;
  durationMs: number;
  compileMs: number;
  runMs: number;
  goVersion: string;
  sandbox: SandboxKind;
  cached: boolean;
}

export interface RunnerStatus {
  goAvailable: boolean;
  goVersion: string | null;
  sandbox: SandboxKind;
  /** Human description of the isolation layers in use, or why the sandbox is unavailable. */
  sandboxDetail: string;
  queued: number;
  running: number;
  workers: number;
  maxQueue: number;
  /**
   * True when no sandbox is available, so learner code may only run because (and while) the
   * server is bound to loopback: a single local learner running their own code.
   */
  loopbackOnly: boolean;
  /** Whether `run()` will execute learner code at all. */
  canRunUntrusted: boolean;
}

export interface Runner {
  run(req: RunRequest): Promise<Verdict>;
  status(): RunnerStatus;
  close(): Promise<void>;
}

export interface RunnerOptions {
  /** Concurrent jobs; defaults to the number of CPUs. */
  workers?: number;
  /** Jobs allowed to wait before `run()` answers `runner_busy`; default 100. */
  maxQueue?: number;
  /**
   * Longest likely wait in the queue (seconds) before `run()` answers `runner_busy` instead of
   * queueing; unbounded by default. The server sets half its request timeout.
   */
  maxWaitSeconds?: number;
  /** Parent of the per-job temp dirs; default `<os tmpdir>/gopro-runner`. */
  workDir?: string;
  /** Shared GOCACHE; default `./data/go-build-cache`. */
  cacheDir?: string;
  limits?: Partial<RunnerLimits>;
  /** Whether the HTTP server listens on loopback only; required to run code without a sandbox. */
  boundToLoopback: boolean;
  logger?: Logger;
  /** Path of the `go` binary; default: found on PATH, then /usr/local/go/bin/go. */
  goBinary?: string;
  /** Where to register the runner's Prometheus metrics; metrics are kept private when absent. */
  registry?: Registry;
  /** Verdict cache entries (LRU); 0 disables the cache. Default 500. */
  cacheEntries?: number;
  /** Force a sandbox choice (tests, diagnostics): "none" skips bubblewrap even if present. */
  sandbox?: SandboxKind | "auto";
}
