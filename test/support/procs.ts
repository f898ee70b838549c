/** Looking at a runner's processes from the outside, through /proc (Linux). */
import { readdirSync, readFileSync } from "node:fs";

export interface ProcInfo {
  pid: string;
  /** /proc/<pid>/status */
  status: string;
  /** argv joined with NUL */
  cmdline: string;
}

/** Every process that still exists, with its status and argv (those that exit while we look are skipped). */
export function processes(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      out.push({
        pid,
        status: readFileSync(`/proc/${pid}/status`, "latin1"),
        cmdline: readFileSync(`/proc/${pid}/cmdline`, "latin1"),
      });
    } catch {
      // gone while we looked
    }
  }
  return out;
}

/**
 * Whether `pid` or one of its ancestors has `workDir` in its argv: the runner's compiles and
 * sandboxes name a job dir under it, and learner code runs below them, whatever its own argv.
 */
export function descendsFromRunner(pid: string, workDir: string): boolean {
  try {
    for (let p = pid, i = 0; p !== "0" && p !== "1" && i < 64; i++) {
      if (readFileSync(`/proc/${p}/cmdline`, "latin1").includes(workDir)) return true;
      p = /^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${p}/status`, "latin1"))?.[1] ?? "0";
    }
  } catch {
    // an ancestor exited while we looked
  }
  return false;
}

export const uidOf = (p: ProcInfo): number => Number(/^Uid:\s+(\d+)/m.exec(p.status)?.[1] ?? -1);
