import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { Writable } from "node:stream";

export interface ProcessSpec {
  /** argv[0] must be an absolute path or resolvable on `env.PATH`; never a shell string. */
  argv: readonly string[];
  cwd: string;
  env: Record<string, string>;
  /** Wall-clock budget; the whole process group is killed when it runs out. */
  timeoutMs: number;
  /** Bytes of stdout kept; reaching the cap kills the group (`stoppedBy: "output"`). */
  maxStdoutBytes: number;
  /** Bytes of stderr kept; stderr beyond it is drained and dropped (it never stops the process). */
  maxStderrBytes?: number;
  /** Run as this identity (only meaningful when the server is root). */
  uid?: number;
  gid?: number;
  /** Aborting kills the process group (`stoppedBy: "abort"`). */
  signal?: AbortSignal;
  /** Open file descriptors handed to the child as fd 3, 4, … (e.g. bwrap's --seccomp program). */
  extraFds?: readonly number[];
  /**
   * Give the child one more fd (right after `extraFds`), a socket that stays silent until
   * `open()` writes a byte to it: bwrap's `--block-fd` waits on it after building the sandbox.
   * The wall-clock budget and `durationMs` then count from `open()`, not from the spawn.
   */
  gated?: boolean;
}

/** A process started with `startProcess`. */
export interface StartedProcess {
  /** The child's fd number of the gate socket (only with `gated`). */
  readonly gateFd: number | null;
  /**
   * Let a gated child go on: start the clock and write the byte it waits for. False when the
   * process has already ended (it failed while setting up, or was aborted); its result says why.
   */
  open(): boolean;
  /** Kill the whole group (e.g. a prestarted sandbox that is no longer needed). */
  cancel(): void;
  readonly result: Promise<ProcessResult>;
}

export type StopReason = "timeout" | "output" | "abort" | null;

export interface ProcessResult {
  exitCode: number | null;
  /** Signal that ended the direct child, if any (e.g. "SIGKILL"). */
  exitSignal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: Buffer;
  /** Total stdout bytes the process tried to write (may exceed `stdout.length`). */
  stdoutBytes: number;
  stoppedBy: StopReason;
  durationMs: number;
  /** Set when the process could not be started at all (ENOENT, EACCES…). */
  spawnError: Error | null;
}

/** After the group is gone, how long to wait for a straggler (outside the group) holding the pipes. */
const PIPE_GRACE_MS = 250;
/** Upper bound on waiting for killed group members to disappear. */
const REAP_WAIT_MS = 2000;
/** Longest pause between two looks at a process group that is still going away. */
const REAP_POLL_MS = 5;

/**
 * Whether any live (non-zombie) process is still in process group `pgid`. A cheap signal-0
 * probe first; only when something answers, read /proc, because zombies also answer and may
 * wait a long time for a reaper (e.g. Node running as PID 1 in a container).
 */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch {
    return false;
  }
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return false;
  }
  for (const name of entries) {
    if (name.charCodeAt(0) < 48 || name.charCodeAt(0) > 57) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "latin1");
      // "pid (comm) state ppid pgrp …": comm may contain spaces and parentheses.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) === pgid && fields[0] !== "Z" && fields[0] !== "X") return true;
    } catch {
      // Exited while we looked.
    }
  }
  return false;
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    // Negative pid: the whole process group created by `detached: true`, so grandchildren
    // (the sandbox, the test binary, anything it forked) go too.
    process.kill(-pid, "SIGKILL");
  } catch {
    // ESRCH: already gone.
  }
}

/**
 * Spawn one process in its own process group with capped output and a wall-clock timeout.
 * It never rejects: every failure mode is described in the result.
 */
export function runProcess(spec: ProcessSpec): Promise<ProcessResult> {
  return startProcess({ ...spec, gated: false }).result;
}

/** The fd number a gated child finds its gate on. */
export function gateFdFor(spec: Pick<ProcessSpec, "extraFds">): number {
  return 3 + (spec.extraFds?.length ?? 0);
}

/**
 * `runProcess` in two steps: spawn now, and (with `gated`) let the child go on later. The
 * runner starts a job's sandbox while the job compiles and opens the gate once the test
 * binary is in place, so a verdict does not wait for namespaces, mounts and cgroups.
 */
export function startProcess(spec: ProcessSpec): StartedProcess {
  let started = performance.now();
  const [cmd, ...args] = spec.argv;
  const gated = spec.gated === true && cmd !== undefined;
  let openGate: () => boolean = () => false;
  let cancel: () => void = () => undefined;
  const result = new Promise<ProcessResult>((resolve) => {
    const stdoutChunks: Buffer[] = [];
    const stderrChunks: Buffer[] = [];
    let stdoutKept = 0;
    let stdoutBytes = 0;
    let stderrKept = 0;
    const maxStderr = spec.maxStderrBytes ?? 64 * 1024;
    let stoppedBy: StopReason = null;
    let settled = false;
    let exitCode: number | null = null;
    let exitSignal: NodeJS.Signals | null = null;
    let graceTimer: NodeJS.Timeout | undefined;

    if (cmd === undefined) {
      resolve({
        exitCode: null,
        exitSignal: null,
        stdout: Buffer.alloc(0),
        stderr: Buffer.alloc(0),
        stdoutBytes: 0,
        stoppedBy: null,
        durationMs: 0,
        spawnError: new Error("empty argv"),
      });
      return;
    }

    const child = spawn(cmd, args, {
      cwd: spec.cwd,
      env: spec.env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe", ...(spec.extraFds ?? []), ...(gated ? ["pipe" as const] : [])],
      ...(spec.uid !== undefined ? { uid: spec.uid } : {}),
      ...(spec.gid !== undefined ? { gid: spec.gid } : {}),
    });

    const stop = (reason: Exclude<StopReason, null>): void => {
      if (stoppedBy === null && exitCode === null && exitSignal === null) stoppedBy = reason;
      killGroup(child.pid);
    };

    let timer: NodeJS.Timeout | undefined;
    const gateStream = gated ? child.stdio[gateFdFor(spec)] : null;
    const gate = gateStream instanceof Writable ? gateStream : null;
    // The child may be gone before we write (EPIPE): its result tells what happened.
    gate?.on("error", () => undefined);
    if (gate) {
      openGate = () => {
        if (exitCode !== null || exitSignal !== null || settled || stoppedBy !== null) return false;
        started = performance.now();
        timer = setTimeout(() => stop("timeout"), spec.timeoutMs);
        gate.end("1");
        return true;
      };
    } else {
      timer = setTimeout(() => stop("timeout"), spec.timeoutMs);
    }
    cancel = () => stop("abort");
    const onAbort = (): void => stop("abort");
    if (spec.signal?.aborted) onAbort();
    spec.signal?.addEventListener("abort", onAbort, { once: true });

    const finish = (spawnError: Error | null): void => {
      if (settled) return;
      settled = true;
      if (timer !== undefined) clearTimeout(timer);
      gate?.destroy();
      if (graceTimer !== undefined) clearTimeout(graceTimer);
      spec.signal?.removeEventListener("abort", onAbort);
      // Whatever is left of the group (a child that ignored the parent's death) goes now.
      killGroup(child.pid);
      child.stdout?.destroy();
      child.stderr?.destroy();
      resolve({
        exitCode,
        exitSignal,
        stdout: Buffer.concat(stdoutChunks, stdoutKept),
        stderr: Buffer.concat(stderrChunks, stderrKept),
        stdoutBytes,
        stoppedBy,
        durationMs: performance.now() - started,
        spawnError,
      });
    };

    child.stdout?.on("data", (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      const room = spec.maxStdoutBytes - stdoutKept;
      if (room > 0) {
        const part = chunk.length <= room ? chunk : chunk.subarray(0, room);
        stdoutChunks.push(part);
        stdoutKept += part.length;
      }
      if (stdoutBytes > spec.maxStdoutBytes) stop("output");
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      const room = maxStderr - stderrKept;
      if (room <= 0) return;
      const part = chunk.length <= room ? chunk : chunk.subarray(0, room);
      stderrChunks.push(part);
      stderrKept += part.length;
    });
    child.on("error", (err) => finish(err));
    let closed = false;
    let groupGone = false;
    child.on("exit", (code, sig) => {
      exitCode = code;
      exitSignal = sig;
      // Anything the program left running goes now, and we return only once it is really gone,
      // so a verdict never leaves a process behind (the sandbox is in this group too).
      killGroup(child.pid);
      const pgid = child.pid;
      const deadline = performance.now() + REAP_WAIT_MS;
      let polls = 0;
      const poll = (): void => {
        if (pgid !== undefined && groupAlive(pgid) && performance.now() < deadline) {
          // A killed sandbox is usually gone within a millisecond or two: look again right away
          // at first, then back off to REAP_POLL_MS so a slow exit does not spin.
          polls++;
          if (polls <= 4) setImmediate(poll);
          else setTimeout(poll, Math.min(REAP_POLL_MS, polls - 4));
          return;
        }
        groupGone = true;
        if (closed) finish(null);
        // A process that left the group (setsid) could hold the pipe open forever.
        else graceTimer = setTimeout(() => finish(null), PIPE_GRACE_MS);
      };
      poll();
    });
    child.on("close", () => {
      closed = true;
      if (groupGone) finish(null);
    });
  });
  return {
    gateFd: gated ? gateFdFor(spec) : null,
    open: () => openGate(),
    cancel: () => cancel(),
    result,
  };
}
