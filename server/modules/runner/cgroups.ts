/**
 * Per-job cgroup limits where the host lets us create cgroups: memory (all processes of a job
 * together, tmpfs pages included) and a pids cap per job. cgroup v2 when it is the mounted
 * hierarchy, else v1 `memory` and `pids` controllers, each under a `gopro` subtree. Anything
 * not writable → null, and the runner keeps only its rlimits.
 *
 * The job's first process (the `sh` in the run argv) writes its own pid into each `cgroup.procs`
 * before it execs bwrap, so nothing of the job ever runs outside the cgroup. That sh runs as the
 * sandbox uid, so the job's `cgroup.procs` files are chowned to it; nothing else is.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { chown, mkdir, readdir, readFile, rmdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

const ROOT = "/sys/fs/cgroup";

export interface CgroupPlan {
  version: 1 | 2;
  /** v2: [<root>/gopro]; v1: [<root>/memory/gopro, <root>/pids/gopro]. */
  parents: { memory: string; pids: string };
  detail: string;
}

export interface JobCgroup {
  /** The `cgroup.procs` files the job's first process joins (one for v2, two for v1). */
  procs: string[];
  /** Whether the memory limit was hit (OOM kill or allocation failure) during the job. */
  memoryHit(): Promise<boolean>;
  remove(): Promise<void>;
}

async function writable(dir: string): Promise<boolean> {
  try {
    await mkdir(dir, { recursive: true });
    const probe = join(dir, `probe-${process.pid}`);
    await mkdir(probe);
    await rmdir(probe);
    return true;
  } catch {
    return false;
  }
}

/** Find out which cgroup hierarchy we may use; null means rlimits only. */
export async function detectCgroups(root = ROOT): Promise<CgroupPlan | null> {
  try {
    if (existsSync(join(root, "cgroup.controllers"))) {
      const parent = join(root, "gopro");
      if (!(await writable(parent))) return null;
      const available = (await readFile(join(root, "cgroup.subtree_control"), "utf8")).split(/\s+/);
      for (const c of ["memory", "pids"]) {
        if (!available.includes(c)) await writeFile(join(root, "cgroup.subtree_control"), `+${c}`);
      }
      await writeFile(join(parent, "cgroup.subtree_control"), "+memory +pids");
      return {
        version: 2,
        parents: { memory: parent, pids: parent },
        detail: "cgroup v2 per job (memory.max, pids.max)",
      };
    }
    const memory = join(root, "memory", "gopro");
    const pids = join(root, "pids", "gopro");
    if (!existsSync(join(root, "memory", "memory.limit_in_bytes")) || !existsSync(join(root, "pids")))
      return null;
    if (!(await writable(memory)) || !(await writable(pids))) return null;
    return {
      version: 1,
      parents: { memory, pids },
      detail: "cgroup v1 per job (memory.limit_in_bytes, pids.max)",
    };
  } catch {
    return null;
  }
}

/** Create the job's cgroup(s) with its limits; null (rlimits only) when that fails. */
export async function createJobCgroup(
  plan: CgroupPlan,
  name: string,
  limits: { memoryBytes: number; pids: number },
  owner: { uid: number; gid: number } | null,
): Promise<JobCgroup | null> {
  const made: string[] = [];
  try {
    if (plan.version === 2) {
      const dir = join(plan.parents.memory, name);
      await mkdir(dir);
      made.push(dir);
      await writeFile(join(dir, "memory.max"), String(limits.memoryBytes));
      await writeFile(join(dir, "memory.swap.max"), "0").catch(() => undefined);
      await writeFile(join(dir, "pids.max"), String(limits.pids));
      const procs = join(dir, "cgroup.procs");
      if (owner !== null) await chown(procs, owner.uid, owner.gid);
      return {
        procs: [procs],
        memoryHit: async () => {
          const events = await readFile(join(dir, "memory.events"), "utf8").catch(() => "");
          return /^oom_kill [1-9]/m.test(events);
        },
        remove: () => removeAll(made),
      };
    }
    const mem = join(plan.parents.memory, name);
    const pids = join(plan.parents.pids, name);
    await mkdir(mem);
    made.push(mem);
    await mkdir(pids);
    made.push(pids);
    await writeFile(join(mem, "memory.limit_in_bytes"), String(limits.memoryBytes));
    // Without swap accounting this file is missing; the limit above still holds RAM.
    await writeFile(join(mem, "memory.memsw.limit_in_bytes"), String(limits.memoryBytes)).catch(
      () => undefined,
    );
    await writeFile(join(pids, "pids.max"), String(limits.pids));
    const procs = [join(mem, "cgroup.procs"), join(pids, "cgroup.procs")];
    if (owner !== null) await Promise.all(procs.map((p) => chown(p, owner.uid, owner.gid)));
    return {
      procs,
      memoryHit: async () => {
        // Kernels since 4.13 count OOM kills; older ones only have failcnt.
        const oom = await readFile(join(mem, "memory.oom_control"), "utf8").catch(() => "");
        const kills = /^oom_kill (\d+)/m.exec(oom)?.[1];
        if (kills !== undefined) return Number(kills) > 0;
        const failcnt = await readFile(join(mem, "memory.failcnt"), "utf8").catch(() => "0");
        return Number(failcnt.trim()) > 0;
      },
      remove: () => removeAll(made),
    };
  } catch {
    await removeAll(made);
    return null;
  }
}

/**
 * The tag naming one runner's job cgroups (`job-XXXX.<tag>`): a hash of its work dir and its pid.
 * Runners on one host (several test servers may even share a work dir) keep apart, and a restarted
 * runner can tell what a dead predecessor left behind from what a live neighbour is using.
 */
export function cgroupTag(workDir: string, pid: number = process.pid): string {
  return `${createHash("sha256").update(workDir).digest("hex").slice(0, 10)}-${pid}`;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Remove the (empty) job cgroups that dead runners with this work dir left behind. */
export async function sweepJobCgroups(plan: CgroupPlan, workDir: string): Promise<number> {
  const hash = cgroupTag(workDir).split("-")[0];
  let removed = 0;
  for (const parent of new Set([plan.parents.memory, plan.parents.pids])) {
    const names = await readdir(parent).catch(() => [] as string[]);
    for (const n of names) {
      const m = /^job-.+\.([0-9a-f]{10})-(\d+)$/.exec(n);
      if (m === null || m[1] !== hash || Number(m[2]) === process.pid || alive(Number(m[2]))) continue;
      await rmdir(join(parent, n)).then(
        () => removed++,
        () => undefined,
      );
    }
  }
  return removed;
}

async function removeAll(dirs: readonly string[]): Promise<void> {
  for (const d of dirs) {
    // The processes are gone before this runs; a cgroup may take a moment to be released.
    for (let i = 0; i < 20; i++) {
      try {
        await rmdir(d);
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") break;
        await new Promise((r) => setTimeout(r, 25));
      }
    }
  }
}
