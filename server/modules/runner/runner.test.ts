import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Registry } from "prom-client";
import { descendsFromRunner, processes, uidOf } from "../../../test/support/procs.ts";
import { AppError } from "../../platform/errors.ts";
import { cgroupTag } from "./cgroups.ts";
import { createRunner, defaultLimits, type Runner, type RunRequest, type Verdict } from "./index.ts";
import { BINARY_NAME, detectGo } from "./sandbox.ts";

// Shared across test runs so only the very first run pays for compiling the standard library.
const CACHE_DIR = join(tmpdir(), "gopro-runner-test-gocache");

const TESTS = `package exercise

import "testing"

func TestAdd(t *testing.T) {
	if got := Add(1, 2); got != 3 {
		t.Errorf("Add(1, 2) = %d, want 3", got)
	}
}

func TestAddCases(t *testing.T) {
	for _, c := range []struct{ a, b, want int }{{2, 2, 4}, {-1, 1, 0}} {
		t.Run("case", func(t *testing.T) {
			if got := Add(c.a, c.b); got != c.want {
				t.Fatalf("Add(%d, %d) = %d, want %d", c.a, c.b, got, c.want)
			}
		})
	}
}
`;

const GOOD = `package exercise

import "fmt"

func Add(a, b int) int {
	fmt.Println("adding", a, b)
	return a + b
}
`;

let seq = 0;
/** A request with content unique to this call, so it is never answered from the cache. */
function req(solution: string, extra: Partial<RunRequest> = {}): RunRequest {
  seq++;
  return {
    ownerKey: `owner-${seq}`,
    exerciseVersion: "test-v1",
    files: { "solution.go": `${solution}\n// run ${seq} ${process.pid}\n` },
    testFiles: { "solution_test.go": TESTS },
    ...extra,
  };
}

function byName(v: Verdict, name: string) {
  const t = v.tests.find((x) => x.name === name);
  assert.ok(t, `no test row ${name} in ${JSON.stringify(v.tests.map((x) => x.name))}`);
  return t;
}

/**
 * Processes still running a test binary of the runner using `workDir`: the sandbox's bwrap
 * processes (whose argv binds a job dir under it; the binary inside cannot outlive them, the pid
 * namespace dies with its init) or, without a sandbox, the binary itself. Scoped to our workDir
 * so runners of other test suites on the same host don't count.
 */
function leftoverProcesses(workDir: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (cmd.includes(BINARY_NAME) && cmd.includes(workDir)) {
        found.push(`${pid}: ${cmd.replaceAll("\0", " ")}`);
      }
    } catch {
      // The process exited while we looked.
    }
  }
  return found;
}

/** Job cgroups of `workDir`'s runner that still exist (v1 memory and pids, or v2). */
function leftoverCgroups(workDir: string): string[] {
  const suffix = `.${cgroupTag(workDir)}`;
  const found: string[] = [];
  for (const parent of ["/sys/fs/cgroup/gopro", "/sys/fs/cgroup/memory/gopro", "/sys/fs/cgroup/pids/gopro"]) {
    if (!existsSync(parent)) continue;
    for (const name of readdirSync(parent)) if (name.endsWith(suffix)) found.push(join(parent, name));
  }
  return found;
}

/** Threads of the processes inside the sandboxes of `workDir`'s runner (they run as non-root uids). */
function sandboxThreads(workDir: string): number {
  let threads = 0;
  for (const p of processes()) {
    const uid = uidOf(p);
    if (uid > 0 && descendsFromRunner(p.pid, workDir)) {
      threads += Number(/^Threads:\s+(\d+)/m.exec(p.status)?.[1] ?? 0);
    }
  }
  return threads;
}

const goMissing = (await detectGo()) === null ? "Go toolchain not installed" : false;

describe("runner with the real Go toolchain", { skip: goMissing }, () => {
  let runner: Runner;
  let workDir: string;
  const registry = new Registry();

  before(async () => {
    workDir = await mkdtemp(join(tmpdir(), "gopro-runner-test-"));
    runner = await createRunner({
      boundToLoopback: false,
      workers: 2,
      workDir,
      cacheDir: CACHE_DIR,
      registry,
    });
  });

  after(async () => {
    await runner.close();
    await rm(workDir, { recursive: true, force: true });
  });

  it("reports its environment", () => {
    const s = runner.status();
    assert.equal(s.goAvailable, true);
    assert.match(s.goVersion ?? "", /^go1\.\d+/);
    assert.ok(s.sandboxDetail.length > 0);
    assert.equal(s.canRunUntrusted, s.sandbox === "bubblewrap");
    if (process.getuid?.() === 0 && s.sandbox === "bubblewrap") {
      // As root the learner's code must run as nobody, not as a namespaced root.
      assert.match(s.sandboxDetail, /a host uid per job/);
    }
  });

  it("passes a correct solution and keeps the learner's prints per test", async (t) => {
    if (!runner.status().canRunUntrusted) return t.skip("no sandbox on this host");
    const v = await runner.run(req(GOOD));
    assert.equal(v.status, "passed", v.message);
    assert.deepEqual(
      v.tests.map((x) => [x.name, x.status]),
      [
        ["TestAdd", "pass"],
        ["TestAddCases", "pass"],
        ["TestAddCases/case", "pass"],
        ["TestAddCases/case#01", "pass"],
      ],
    );
    // Leaf tests are counted (TestAdd and the two cases); the runner's own guard test is neither
    // listed nor counted.
    assert.equal(v.message, "All 3 tests passed.");
    assert.equal(byName(v, "TestAdd").output, "adding 1 2");
    assert.equal(byName(v, "TestAddCases/case#01").output, "adding -1 1");
    assert.equal(v.cached, false);
    assert.equal(v.compileErrors.length, 0);
    assert.ok(v.compileMs > 0 && v.runMs > 0);
  });

  it("fails a wrong solution with the test's message", async (t) => {
    if (!runner.status().canRunUntrusted) return t.skip("no sandbox on this host");
    const v = await runner.run(req("package exercise\n\nfunc Add(a, b int) int { return a - b }\n"));
    assert.equal(v.status, "failed");
    assert.equal(byName(v, "TestAdd").status, "fail");
    assert.equal(byName(v, "TestAdd").message, "Add(1, 2) = -1, want 3");
    assert.equal(byName(v, "TestAddCases/case").message, "Add(2, 2) = 0, want 4");
    assert.match(v.message, /TestAdd\b/);
  });

  it("reports a compile error at the right file and line", async (t) => {
    if (!runner.status().canRunUntrusted) return t.skip("no sandbox on this host");
    const v = await runner.run(
      req("package exercise\n", {
        files: {
          "solution.go": "package exercise\n\nfunc Add(a, b int) int {\n\treturn a + c\n}\n",
          "helper.go": "package exercise\n",
        },
      }),
    );
    assert.equal(v.status, "compile_error");
    assert.deepEqual(v.compileErrors, [
      { file: "solution.go", line: 4, column: 13, message: "undefined: c" },
    ]);
    assert.equal(v.tests.length, 0);
    assert.doesNotMatch(v.output + v.message, new RegExp(workDir));
    // The sandbox started while the code compiled is stopped, its cgroup removed.
    assert.deepEqual(leftoverProcesses(workDir), []);
    assert.deepEqual(leftoverCgroups(workDir), []);
  });

  it("reports errors in the hidden tests under the test file's name", async (t) => {
    if (!runner.status().canRunUntrusted) return t.skip("no sandbox on this host");
    const v = await runner.run(req("package exercise\n\nfunc Sub(a, b int) int { return a - b }\n"));
    assert.equal(v.status, "compile_error");
    assert.equal(v.compileErrors[0]?.file, "solution_test.go");
    assert.match(v.compileErrors[0]?.message ?? "", /undefined: Add/);
  });

  it("explains an empty file", async (t) => {
    if (!runner.status().canRunUntrusted) return t.skip("no sandbox on this host");
    const v = await runner.run(req("", { files: { "solution.go": "" } }));
    assert.equal(v.status, "compile_error");
    assert.equal(v.compileErrors[0]?.file, "solution.go");
    assert.equal(v.compileErrors[0]?.line, 1);
    assert.match(v.compileErrors[0]?.message ?? "", /expected 'package'/);
  });

  it("refuses //go:embed before compiling", async (t) => {
    if (!runner.status().canRunUntrusted) return t.skip("no sandbox on this host");
    const src =
      'package exercise\n\nimport _ "embed"\n\n//go:embed solution_test.go\nvar tests string\n\nfunc Add(a, b int) int { return a + b }\n';
    const v = await runner.run(req(src));
    assert.equal(v.status, "compile_error");
    assert.deepEqual(
      v.compileErrors.map((d) => [d.file, d.line]),
      [["solution.go", 5]],
    );
  });

  it("turns a panic into an error row with the message and the learner's frame", async (t) => {
    if (!runner.status().canRunUntrusted) return t.skip("no sandbox on this host");
    const src =
      "package exercise\n\nfunc Add(a, b int) int {\n\tif a < 0 {\n\t\tvar m map[int]int\n\t\tm[a] = b\n\t}\n\treturn a + b\n}\n";
    const v = await runner.run(req(src));
    assert.equal(v.status, "failed");
    assert.equal(byName(v, "TestAdd").status, "pass");
    const crashed = byName(v, "TestAddCases/case#01");
    assert.equal(crashed.status, "error");
    assert.match(crashed.message, /^panic: assignment to entry in nil map/);
    assert.match(crashed.message, /at exercise\.Add \(solution\.go:6\)/);
    assert.match(v.message, /TestAddCases\/case#01 crashed/);
  });

  it("stops an endless loop at the time limit and leaves no process behind", async (t) => {
    if (!runner.status().canRunUntrusted) return t.skip("no sandbox on this host");
    const v = await runner.run(
      req("package exercise\n\nfunc Add(a, b int) int {\n\tfor {\n\t}\n}\n", { limits: { runMs: 1500 } }),
    );
    assert.equal(v.status, "timeout");
    assert.equal(byName(v, "TestAdd").status, "timeout");
    assert.match(v.message, /did not finish within 1.5 s/);
    assert.deepEqual(leftoverProcesses(workDir), []);
    assert.deepEqual(leftoverCgroups(workDir), []);
  });

  it("stops a program that prints too much", async (t) => {
    if (!runner.status().canRunUntrusted) return t.skip("no sandbox on this host");
    const src =
      'package exercise\n\nimport "fmt"\n\nfunc Add(a, b int) int {\n\tfor {\n\t\tfmt.Println("all work and no play")\n\t}\n}\n';
    const v = await runner.run(req(src, { limits: { outputBytes: 64 * 1024 } }));
    assert.equal(v.status, "output_exceeded");
    assert.match(v.message, /more than 64 KiB/);
    assert.ok(byName(v, "TestAdd").output.startsWith("all work and no play\n"));
    assert.deepEqual(leftoverProcesses(workDir), []);
  });

  it("stops a program that allocates too much memory", async (t) => {
    if (!runner.status().canRunUntrusted) return t.skip("no sandbox on this host");
    const src =
      "package exercise\n\nvar keep [][]byte\n\nfunc Add(a, b int) int {\n\tfor {\n\t\tb := make([]byte, 1<<20)\n\t\tfor i := range b {\n\t\t\tb[i] = 1\n\t\t}\n\t\tkeep = append(keep, b)\n\t}\n}\n";
    const v = await runner.run(req(src, { limits: { memoryBytes: 64 * 1024 * 1024 } }));
    assert.equal(v.status, "memory_exceeded", JSON.stringify(v));
  });

  it("lets a program use most of its memory limit", async (t) => {
    if (!runner.status().canRunUntrusted) return t.skip("no sandbox on this host");
    // 48 MiB live and touched under a 64 MiB limit: the allowance for the runtime is not the learner's to lose.
    const src =
      "package exercise\n\nvar keep [][]byte\n\nfunc Add(a, b int) int {\n\tfor len(keep) < 48 {\n\t\tb := make([]byte, 1<<20)\n\t\tfor i := range b {\n\t\t\tb[i] = 1\n\t\t}\n\t\tkeep = append(keep, b)\n\t}\n\treturn a + b\n}\n";
    const v = await runner.run(req(src, { limits: { memoryBytes: 64 * 1024 * 1024 } }));
    assert.equal(v.status, "passed", JSON.stringify(v).slice(0, 2000));
  });

  it("replaces invalid UTF-8 in output and files instead of failing", async (t) => {
    if (!runner.status().canRunUntrusted) return t.skip("no sandbox on this host");
    const src =
      "package exercise\n\nimport \"os\"\n\n// lone surrogate: \uD800\nfunc Add(a, b int) int {\n\tos.Stdout.Write([]byte{0xff, 0xfe, 'o', 'k', '\\n'})\n\treturn a + b\n}\n";
    const v = await runner.run(req(src));
    assert.equal(v.status, "passed", v.message);
    assert.equal(byName(v, "TestAdd").output, "\uFFFD\uFFFDok");
    assert.doesNotThrow(() => JSON.stringify(v));
  });

  it("answers a repeated submission from the cache", async (t) => {
    if (!runner.status().canRunUntrusted) return t.skip("no sandbox on this host");
    const r = req(GOOD);
    const first = await runner.run(r);
    const second = await runner.run({ ...r, ownerKey: "someone-else" });
    assert.equal(first.cached, false);
    assert.equal(second.cached, true);
    assert.equal(second.status, first.status);
    assert.deepEqual(second.tests, first.tests);
    const changed = await runner.run({ ...r, exerciseVersion: "test-v2" });
    assert.equal(changed.cached, false);
    const metrics = await registry.metrics();
    assert.match(metrics, /gopro_runner_verdicts_total\{status="passed",cached="true"\} [1-9]/);
    assert.match(metrics, /gopro_runner_phase_seconds_count\{phase="compile"\} [1-9]/);
  });

  it("cannot reach the network from inside the sandbox", async (t) => {
    if (runner.status().sandbox !== "bubblewrap") return t.skip("bubblewrap is not available on this host");
    let connections = 0;
    const server: Server = createServer((sock) => {
      connections++;
      sock.end("hello\n");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    assert.ok(address !== null && typeof address === "object");
    try {
      const tests = `package exercise

import (
	"net"
	"testing"
	"time"
)

func TestDial(t *testing.T) {
	conn, err := net.DialTimeout("tcp", "127.0.0.1:${address.port}", 2*time.Second)
	if err == nil {
		conn.Close()
		t.Fatal("dial succeeded: the sandbox has network access")
	}
	t.Log(err)
}
`;
      const v = await runner.run(
        req("package exercise\n", {
          files: { "solution.go": `package exercise\n\n// ${seq} ${process.pid}\n` },
          testFiles: { "dial_test.go": tests },
        }),
      );
      assert.equal(v.status, "passed", `${v.message}\n${JSON.stringify(v.tests)}`);
      assert.match(byName(v, "TestDial").message, /connection refused|network is unreachable/);
      assert.equal(connections, 0);
    } finally {
      server.close();
    }
  });

  it("a fork bomb at its process limit does not stop another learner's run", async (t) => {
    if (process.getuid?.() !== 0 || runner.status().sandbox !== "bubblewrap")
      return t.skip("process limits per job need root and bubblewrap");
    // Children sleep, so the job keeps every process and thread it may have until its time is up.
    const bomb = `package exercise

import (
	"os"
	"os/exec"
	"time"
)

func Add(a, b int) int {
	if os.Getenv("BOMB_CHILD") == "1" {
		time.Sleep(time.Hour)
	}
	for {
		c := exec.Command("/proc/self/exe", "-test.run=TestAdd")
		c.Env = []string{"BOMB_CHILD=1"}
		_ = c.Start()
		time.Sleep(time.Millisecond)
	}
}
`;
    let bombDone = false;
    const bombed = runner.run(req(bomb, { limits: { runMs: 5000 } })).finally(() => {
      bombDone = true;
    });
    // Wait until the bomb holds (nearly) all the processes and threads one job may have.
    const t0 = performance.now();
    while (sandboxThreads(workDir) < defaultLimits.processes * 0.75) {
      assert.ok(!bombDone && performance.now() - t0 < 4000, "the fork bomb never reached its limit");
      await new Promise((r) => setTimeout(r, 50));
    }
    const v = await runner.run(req(GOOD));
    assert.equal(bombDone, false, "the bomb ended before the other run: they did not overlap");
    assert.equal(v.status, "passed", `${v.message}\n${v.output}`);
    // The bomb itself runs out of time, or its runtime dies at the process limit (both seen with 64).
    const b = await bombed;
    if (b.status !== "timeout") {
      assert.equal(b.status, "failed", b.message);
      assert.match(b.message, /more processes or threads than allowed/);
    }
    assert.deepEqual(leftoverProcesses(workDir), []);
  });

  it("rejects bad file names before queueing", async () => {
    for (const name of ["../x.go", "dir/x.go", "x_test.go", "notes.txt", "solution_test.go"]) {
      await assert.rejects(
        runner.run(req(GOOD, { files: { [name]: GOOD } })),
        (err: unknown) => {
          assert.ok(err instanceof AppError, String(err));
          assert.equal(err.code, "bad_request");
          assert.ok(Array.isArray(err.details) && err.details[0]?.path === `files.${name}`);
          return true;
        },
        name,
      );
    }
    await assert.rejects(
      runner.run(req(GOOD, { files: { "big.go": "x".repeat(300 * 1024) } })),
      (err: unknown) => err instanceof AppError && err.code === "payload_too_large",
    );
  });
});

describe("runner queue and refusals", { skip: goMissing }, () => {
  it("answers runner_busy with Retry-After when the queue is full", async (t) => {
    const workDir = await mkdtemp(join(tmpdir(), "gopro-runner-test-"));
    const runner = await createRunner({
      boundToLoopback: true,
      workers: 1,
      maxQueue: 1,
      workDir,
      cacheDir: CACHE_DIR,
    });
    t.after(async () => {
      await runner.close();
      await rm(workDir, { recursive: true, force: true });
    });
    const first = runner.run(req(GOOD));
    const second = runner.run(req(GOOD));
    assert.equal(runner.status().queued, 1);
    await assert.rejects(runner.run(req(GOOD)), (err: unknown) => {
      assert.ok(err instanceof AppError);
      assert.equal(err.code, "runner_busy");
      assert.ok((err.retryAfter ?? 0) >= 1);
      return true;
    });
    const done = await Promise.all([first, second]);
    assert.deepEqual(
      done.map((v) => v.status),
      ["passed", "passed"],
    );
  });

  it("close() stops running jobs and rejects queued ones", async () => {
    const workDir = await mkdtemp(join(tmpdir(), "gopro-runner-test-"));
    const runner = await createRunner({ boundToLoopback: true, workers: 1, workDir, cacheDir: CACHE_DIR });
    try {
      const loop = "package exercise\n\nfunc Add(a, b int) int {\n\tfor {\n\t}\n}\n";
      const running = runner.run(req(loop, { limits: { runMs: 60_000 } }));
      // Observe the rejection right away: it happens during close(), before we look at it.
      const queued = runner.run(req(GOOD)).then(
        () => null,
        (e: unknown) => e,
      );
      // Wait until the endless loop is really executing, then shut down.
      // (Bounded only so a broken runner fails the test instead of hanging it.)
      for (let i = 0; i < 3000 && leftoverProcesses(workDir).length === 0; i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
      assert.notDeepEqual(leftoverProcesses(workDir), [], "the endless loop never started");
      await runner.close();
      const v = await running;
      assert.equal(v.status, "error");
      assert.match(v.message, /shut down/);
      const err = await queued;
      assert.ok(err instanceof AppError && err.code === "runner_unavailable", String(err));
      assert.deepEqual(leftoverProcesses(workDir), []);
      await assert.rejects(runner.run(req(GOOD)), (e: unknown) => e instanceof AppError);
    } finally {
      await runner.close();
      await rm(workDir, { recursive: true, force: true });
    }
  });

  it("runs without a sandbox only when bound to loopback", async (t) => {
    const workDir = await mkdtemp(join(tmpdir(), "gopro-runner-test-"));
    const open = await createRunner({
      boundToLoopback: false,
      sandbox: "none",
      workDir,
      cacheDir: CACHE_DIR,
    });
    const local = await createRunner({
      boundToLoopback: true,
      sandbox: "none",
      workDir,
      cacheDir: CACHE_DIR,
    });
    t.after(async () => {
      await Promise.all([open.close(), local.close()]);
      await rm(workDir, { recursive: true, force: true });
    });
    assert.equal(open.status().canRunUntrusted, false);
    assert.equal(open.status().loopbackOnly, true);
    await assert.rejects(open.run(req(GOOD)), (err: unknown) => {
      return err instanceof AppError && err.code === "runner_unavailable" && /sandbox/.test(err.message);
    });
    const v = await local.run(req(GOOD));
    assert.equal(v.status, "passed", v.message);
    assert.equal(v.sandbox, "none");
  });

  it("refuses with runner_unavailable when Go is missing", async (t) => {
    const workDir = await mkdtemp(join(tmpdir(), "gopro-runner-test-"));
    const runner = await createRunner({
      boundToLoopback: true,
      workDir,
      cacheDir: CACHE_DIR,
      goBinary: join(workDir, "no-such-go"),
    });
    t.after(async () => {
      await runner.close();
      await rm(workDir, { recursive: true, force: true });
    });
    assert.equal(runner.status().goAvailable, false);
    await assert.rejects(runner.run(req(GOOD)), (err: unknown) => {
      return (
        err instanceof AppError &&
        err.code === "runner_unavailable" &&
        /Go toolchain not found/.test(err.message)
      );
    });
  });
});
