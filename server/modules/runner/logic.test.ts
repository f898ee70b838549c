import assert from "node:assert/strict";
import { AsyncLocalStorage } from "node:async_hooks";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { AppError } from "../../platform/errors.ts";
import { isCacheable, LruCache, verdictCacheKey } from "./cache.ts";
import { cgroupTag, sweepJobCgroups } from "./cgroups.ts";
import { defaultLimits } from "./limits.ts";
import { FairQueue } from "./queue.ts";
import {
  BINARY_NAME,
  buildRunArgv,
  JOB_UID_BASE,
  JOB_UID_SPAN,
  JobIdentities,
  parseGoVersion,
  type SandboxPlan,
} from "./sandbox.ts";
import { seccompProgram } from "./seccomp.ts";
import type { FoldedRun } from "./test-events.ts";
import { parseTestStream } from "./test-events.ts";
import type { TestCaseResult } from "./types.ts";
import { capText, expectedTestNames, forgedOrMissing, formatBytes, judgeRun } from "./verdict.ts";

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe("FairQueue", () => {
  it("runs at most one job per owner and lets other owners overtake", async () => {
    const q = new FairQueue({ workers: 2, maxQueue: 10 });
    const order: string[] = [];
    const gates = [deferred(), deferred(), deferred()];
    const job = (label: string, gate: Promise<void>) => async (): Promise<void> => {
      order.push(`start ${label}`);
      await gate;
    };
    const a1 = q.submit("alice", job("a1", gates[0]?.promise ?? Promise.resolve()));
    const a2 = q.submit("alice", job("a2", gates[1]?.promise ?? Promise.resolve()));
    const b1 = q.submit("bob", job("b1", gates[2]?.promise ?? Promise.resolve()));
    assert.deepEqual(order, ["start a1", "start b1"]);
    assert.equal(q.running, 2);
    assert.equal(q.queued, 1);
    gates[0]?.resolve();
    await a1;
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(order, ["start a1", "start b1", "start a2"]);
    gates[1]?.resolve();
    gates[2]?.resolve();
    await Promise.all([a2, b1]);
    assert.equal(q.running, 0);
  });

  it("a job that waited runs in the async context of whoever submitted it", async () => {
    const scope = new AsyncLocalStorage<string>();
    const q = new FairQueue({ workers: 1, maxQueue: 10 });
    const gate = deferred();
    const seen: Array<string | undefined> = [];
    const first = scope.run("request-1", () =>
      q.submit("alice", async () => {
        seen.push(scope.getStore());
        await gate.promise;
      }),
    );
    const second = scope.run("request-2", () =>
      q.submit("bob", async () => {
        seen.push(scope.getStore());
      }),
    );
    assert.equal(q.queued, 1);
    // bob's job starts from inside alice's job's completion, yet belongs to request-2.
    gate.resolve();
    await Promise.all([first, second]);
    assert.deepEqual(seen, ["request-1", "request-2"]);
  });

  it("refuses at once a job whose likely wait is over maxWaitSeconds, though the queue has room", async () => {
    const q = new FairQueue({ workers: 1, maxQueue: 100, initialJobSeconds: 10, maxWaitSeconds: 25 });
    const gate = deferred();
    const jobs = ["a", "b", "c"].map((owner) => q.submit(owner, () => gate.promise));
    // a runs; b waits (likely 10 s), c waits (likely 20 s); d would wait about 30 s > 25 s.
    assert.deepEqual([q.running, q.queued], [1, 2]);
    await assert.rejects(
      q.submit("d", async () => undefined),
      (err: unknown) => {
        assert.ok(err instanceof AppError);
        assert.equal(err.code, "runner_busy");
        assert.equal(err.retryAfter, 30);
        return true;
      },
    );
    assert.equal(q.queued, 2, "nothing was queued for d");
    gate.resolve();
    await Promise.all(jobs);
  });

  it("refuses with runner_busy and a Retry-After when the queue is full", async () => {
    const q = new FairQueue({ workers: 1, maxQueue: 1 });
    const gate = deferred();
    const first = q.submit("a", () => gate.promise);
    const second = q.submit("b", () => Promise.resolve());
    await assert.rejects(
      q.submit("c", () => Promise.resolve()),
      (err: unknown) => {
        assert.ok(err instanceof AppError);
        assert.equal(err.code, "runner_busy");
        assert.ok((err.retryAfter ?? 0) >= 1);
        return true;
      },
    );
    gate.resolve();
    await Promise.all([first, second]);
  });

  it("rejects waiting jobs and aborts running ones on close", async () => {
    const q = new FairQueue({ workers: 1, maxQueue: 5 });
    let aborted = false;
    const running = q.submit(
      "a",
      (signal) =>
        new Promise<void>((resolve) => {
          signal.addEventListener("abort", () => {
            aborted = true;
            resolve();
          });
        }),
    );
    const waiting = q.submit("b", () => Promise.resolve());
    q.close();
    await assert.rejects(waiting, (e: unknown) => e instanceof AppError && e.code === "runner_unavailable");
    await running;
    assert.equal(aborted, true);
  });

  it("turns a synchronous throw inside a task into a rejection and frees the slot", async () => {
    const q = new FairQueue({ workers: 1, maxQueue: 1 });
    await assert.rejects(
      q.submit("a", () => {
        throw new Error("boom");
      }),
      /boom/,
    );
    assert.equal(q.running, 0);
  });
});

describe("LruCache", () => {
  it("evicts the least recently used entry", () => {
    const c = new LruCache<number>(2);
    c.set("a", 1);
    c.set("b", 2);
    c.get("a");
    c.set("c", 3);
    assert.equal(c.get("b"), undefined);
    assert.equal(c.get("a"), 1);
    assert.equal(c.get("c"), 3);
  });

  it("stores nothing with capacity 0", () => {
    const c = new LruCache<number>(0);
    c.set("a", 1);
    assert.equal(c.get("a"), undefined);
  });
});

describe("verdictCacheKey", () => {
  const sources = {
    files: [{ name: "a.go", content: "package exercise" }],
    testFiles: [{ name: "a_test.go", content: "package exercise" }],
    supportFiles: [],
    languageVersion: "1.22",
  };
  it("is stable and sensitive to every input", () => {
    const k = verdictCacheKey("v1", "go1.26.8", sources, defaultLimits);
    assert.equal(k, verdictCacheKey("v1", "go1.26.8", sources, defaultLimits));
    assert.notEqual(k, verdictCacheKey("v2", "go1.26.8", sources, defaultLimits));
    assert.notEqual(k, verdictCacheKey("v1", "go1.25.0", sources, defaultLimits));
    assert.notEqual(
      k,
      verdictCacheKey("v1", "go1.26.8", { ...sources, languageVersion: "1.23" }, defaultLimits),
    );
    assert.notEqual(k, verdictCacheKey("v1", "go1.26.8", sources, { ...defaultLimits, runMs: 1 }));
    const renamed = { ...sources, files: [{ name: "b.go", content: "package exercise" }] };
    assert.notEqual(k, verdictCacheKey("v1", "go1.26.8", renamed, defaultLimits));
    const edited = { ...sources, files: [{ name: "a.go", content: "package exercise " }] };
    assert.notEqual(k, verdictCacheKey("v1", "go1.26.8", edited, defaultLimits));
  });

  it("only caches verdicts that depend on the code alone", () => {
    assert.equal(isCacheable("passed"), true);
    assert.equal(isCacheable("compile_error"), true);
    assert.equal(isCacheable("timeout"), false);
    assert.equal(isCacheable("memory_exceeded"), false);
    assert.equal(isCacheable("error"), false);
  });
});

function row(name: string, status: TestCaseResult["status"]): TestCaseResult {
  return { name, status, message: "", output: "", durationMs: 0 };
}

function fold(tests: TestCaseResult[], extra: Partial<FoldedRun> = {}): FoldedRun {
  return { tests, output: "", crash: null, final: "pass", ...extra };
}

describe("judgeRun", () => {
  const base = { end: "exited" as const, exitCode: 0, killedBySignal: null, limits: defaultLimits };

  it("passes only with tests, all passing (or skipped), and a clean exit", () => {
    const v = judgeRun({ ...base, fold: fold([row("TestA", "pass"), row("TestB", "skip")]) });
    assert.equal(v.status, "passed");
    assert.equal(v.message, "All 2 tests passed (1 skipped).");
    assert.equal(judgeRun({ ...base, fold: fold([]) }).status, "failed");
    assert.equal(judgeRun({ ...base, exitCode: 1, fold: fold([row("TestA", "pass")]) }).status, "failed");
  });

  it("names the failing leaf tests", () => {
    const v = judgeRun({
      ...base,
      exitCode: 1,
      fold: fold([
        row("TestA", "fail"),
        row("TestA/x", "fail"),
        row("TestA/y", "pass"),
        row("TestB", "fail"),
      ]),
    });
    assert.equal(v.message, "2 tests failed: TestA/x, TestB.");
  });

  it("prefers the limit verdicts over failures", () => {
    const tests = [row("TestA", "timeout")];
    assert.equal(judgeRun({ ...base, end: "timeout", fold: fold(tests) }).status, "timeout");
    assert.equal(judgeRun({ ...base, end: "output", fold: fold(tests) }).status, "output_exceeded");
    const oom = fold(tests, {
      crash: { test: "TestA", summary: "fatal error: runtime: out of memory", text: "", outOfMemory: true },
    });
    assert.equal(judgeRun({ ...base, exitCode: 2, fold: oom }).status, "memory_exceeded");
    assert.equal(
      judgeRun({ ...base, exitCode: null, killedBySignal: 9, fold: fold(tests) }).status,
      "timeout",
    );
  });

  it("summarises a panic with the test that crashed", () => {
    const crashed = fold([row("TestA", "error")], {
      crash: { test: "TestA", summary: "panic: boom\n    at x", text: "", outOfMemory: false },
    });
    assert.equal(judgeRun({ ...base, exitCode: 2, fold: crashed }).message, "TestA crashed: panic: boom");
  });
});

describe("job cgroup sweep", () => {
  it("removes only what dead runners of the same work dir left, never a live runner's", async () => {
    const root = mkdtempSync(join(tmpdir(), "gopro-cg-sweep-"));
    try {
      const dead = spawnSync("true").pid;
      assert.ok(dead !== undefined);
      const hash = cgroupTag("/w").split("-")[0];
      const names = [
        `job-a.${cgroupTag("/w", dead)}`,
        `job-b.${cgroupTag("/w")}`,
        `job-c.${cgroupTag("/w", 1)}`,
        `job-d.${cgroupTag("/other", dead)}`,
        `job-e.${hash}`,
      ];
      for (const n of names) mkdirSync(join(root, n));
      const removed = await sweepJobCgroups(
        { version: 2, parents: { memory: root, pids: root }, detail: "" },
        "/w",
      );
      assert.equal(removed, 1);
      assert.deepEqual(readdirSync(root).sort(), names.slice(1).sort());
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("JobIdentities", () => {
  it("hands out distinct non-root uids in the job range and takes them back", () => {
    const ids = new JobIdentities();
    const taken = Array.from({ length: 200 }, () => ids.take());
    assert.equal(new Set(taken.map((t) => t.uid)).size, 200);
    for (const t of taken) {
      assert.ok(t.uid >= JOB_UID_BASE && t.uid < JOB_UID_BASE + JOB_UID_SPAN && t.uid < 2 ** 31);
      assert.equal(t.gid, t.uid);
    }
    assert.equal(ids.size, 200);
    for (const t of taken) ids.release(t);
    assert.equal(ids.size, 0);
  });
});

describe("helpers", () => {
  it("formats byte counts", () => {
    assert.equal(formatBytes(1024 * 1024), "1 MiB");
    assert.equal(formatBytes(256 * 1024), "256 KiB");
    assert.equal(formatBytes(100), "100 bytes");
  });

  it("caps text and says how much was cut", () => {
    assert.equal(capText("short", 10), "short");
    const capped = capText(`${"a".repeat(50)}\n${"b".repeat(50)}`, 60);
    assert.match(capped, /^a{50}\n… \(51 more characters not shown\)$/);
  });

  it("parses go version output", () => {
    assert.equal(parseGoVersion("go version go1.26.8 linux/amd64\n"), "go1.26.8");
    assert.equal(parseGoVersion("go version go1.23rc1 linux/arm64"), "go1.23rc1");
    assert.equal(parseGoVersion("bash: go: not found"), null);
  });

  it("builds the run argv from numbers and fixed strings only", () => {
    const plan: SandboxPlan = {
      kind: "bubblewrap",
      detail: "",
      bwrapPath: "/usr/bin/bwrap",
      modernBwrap: true,
      runAs: { uid: 65534, gid: 65534 },
      limitProcesses: true,
      prlimitPath: "/usr/bin/prlimit",
      shPath: "/bin/sh",
      seccompPath: null,
    };
    const argv = buildRunArgv(plan, { runDir: "/w/job-1/run", tmpDir: "/w/job-1/tmp" }, defaultLimits);
    assert.equal(argv[0], "/usr/bin/prlimit");
    assert.ok(argv.includes("--nproc=64"), "the default: 64 processes and threads");
    const more = buildRunArgv(
      plan,
      { runDir: "/w/job-1/run", tmpDir: "/w/job-1/tmp" },
      {
        ...defaultLimits,
        processes: 200,
      },
    );
    assert.ok(more.includes("--nproc=200"), "an exercise's own processes limit");
    assert.ok(argv.includes(`--fsize=${10 * 1024 * 1024}`), "files of at most 10 MiB");
    assert.ok(argv.includes(`--data=${defaultLimits.memoryBytes + 80 * 1024 * 1024}`));
    const script = argv[argv.indexOf("-c") + 1];
    assert.equal(script, 'exec "$@" 2>&1');
    assert.ok(argv.includes("--unshare-all") && argv.includes("--die-with-parent"));
    assert.equal(argv[argv.indexOf("--ro-bind") + 1], "/w/job-1/run");
    assert.ok(argv.includes(`/work/${BINARY_NAME}`));
    assert.equal(argv.at(-3), "-test.v=test2json");

    const bare = buildRunArgv(
      { ...plan, kind: "none", bwrapPath: null, prlimitPath: null },
      {
        runDir: "/w/r",
        tmpDir: "/w/t",
      },
      defaultLimits,
    );
    assert.equal(bare[0], "/bin/sh");
    assert.match(bare[2] ?? "", /^ulimit -d \d+ && ulimit -t \d+ && ulimit -c 0 && exec "\$@" 2>&1$/);
    assert.equal(bare[4], `/w/r/${BINARY_NAME}`);
  });
});

describe("forged and missing results", () => {
  const M = "\u0016";
  it("takes the expected names from the trusted test files", () => {
    const src =
      "package x\n\nfunc TestA(t *testing.T) {}\nfunc Testb(t *testing.T) {}\nfunc TestMain(m *testing.M) {}\nfunc Test_c(t *testing.T) {}\n";
    assert.deepEqual(expectedTestNames([{ content: src }]), ["TestA", "Test_c"]);
  });
  it("counts fuzz targets, and examples only when they have an output comment", () => {
    const src = [
      "package x",
      "",
      "func FuzzRoundTrip(f *testing.F) {",
      '\tf.Add("a")',
      "}",
      "",
      "func ExampleHello() {",
      '\tfmt.Println("hi")',
      "\t// Output: hi",
      "}",
      "",
      "func ExampleCompiledOnly() {",
      "\tHello()",
      "}",
      "",
      "func Examplelower() {",
      "\t// Output:",
      "}",
      "",
    ].join("\n");
    assert.deepEqual(expectedTestNames([{ content: src }]), ["FuzzRoundTrip", "ExampleHello"]);
  });
  it("accepts one run and one pass per test", () => {
    const ev = parseTestStream(`${M}=== RUN   TestA\n${M}--- PASS: TestA (0.00s)\n${M}PASS\n`);
    assert.equal(forgedOrMissing(ev, ["TestA"]), null);
  });
  it("fails a test that never ran and a doubled report", () => {
    const ev = parseTestStream(`${M}=== RUN   TestA\n${M}--- PASS: TestA (0.00s)\n${M}PASS\n`);
    assert.match(forgedOrMissing(ev, ["TestA", "TestB"]) ?? "", /TestB never reported/);
    const twice = parseTestStream(
      `${M}=== RUN   TestA\n${M}--- PASS: TestA (0.00s)\n${M}--- PASS: TestA (0.00s)\n${M}PASS\n`,
    );
    assert.match(forgedOrMissing(twice, ["TestA"]) ?? "", /did not produce/);
  });
  it("builds a seccomp program on x86_64 only", () => {
    const prog = seccompProgram("x64");
    assert.ok(prog !== null && prog.length % 8 === 0);
    assert.equal(seccompProgram("arm64"), null);
  });
});
