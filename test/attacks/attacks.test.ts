/**
 * Attack suite: hostile Go programs submitted through the PUBLIC HTTP API, exactly as a learner
 * would (register, enroll, POST an attempt). For every case we check the verdict (status and a
 * clear message), that the host is unchanged (canary files, no leftovers outside the job dir),
 * that no sandbox process survives the run, and that a normal submission right after passes.
 *
 * The server runs with its own TMPDIR (so its runner work dir is ours alone to inspect) and a
 * canary secret in the process environment that must never reach a verdict.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Attempt } from "../../common/api.ts";
import { cgroupTag } from "../../server/modules/runner/cgroups.ts";
import { JOB_UID_BASE, JOB_UID_SPAN } from "../../server/modules/runner/sandbox.ts";
import { descendsFromRunner, processes, uidOf } from "../support/procs.ts";
import { Client, type Reply, startTestServer, type TestServer } from "../support/server.ts";

type Verdict = Attempt["verdict"];

const HELLO = "go-first-steps.hello";
const CANARY_ENV = "GOPRO_CANARY_SECRET";
const CANARY_SECRET = `canary-${createHash("sha256").update(String(Math.random())).digest("hex").slice(0, 24)}`;
/** Non-root uids learner code runs as: one per job from the job range (65534 on older runners). */
const isSandboxUid = (uid: number): boolean =>
  uid === 65534 || (uid >= JOB_UID_BASE && uid < JOB_UID_BASE + JOB_UID_SPAN);
const BINARY = "gopro-exercise.test";

/** A correct solution; `tag` makes the source unique so the verdict cache cannot answer for it. */
const correct = (tag: string): string =>
  `package hello\n\n// ${tag}\nfunc Hello(name string) string {\n\tif name == "" {\n\t\treturn "Hello, World!"\n\t}\n\treturn "Hello, " + name + "!"\n}\n`;

/**
 * Learner code that runs `attack` once (on the first call of Hello), prints what happened, and
 * then answers correctly, so the verdict is "passed" and the printed report is in the output.
 */
const probe = (imports: string[], attack: string, extra = ""): string =>
  `package hello\n\nimport (\n${["fmt", "sync", ...imports].map((i) => `\t"${i}"\n`).join("")})\n\nvar once sync.Once\n\n${extra}\n\nfunc attack() {\n${attack}\n}\n\nfunc Hello(name string) string {\n\tonce.Do(func() { attack(); fmt.Println("ATTACK-DONE") })\n\tif name == "" {\n\t\treturn "Hello, World!"\n\t}\n\treturn "Hello, " + name + "!"\n}\n`;

/** Learner code whose Hello does `body` and then never returns correctly. */
const hostile = (imports: string[], body: string, extra = ""): string =>
  `package hello\n\n${imports.length > 0 ? `import (\n${imports.map((i) => `\t"${i}"\n`).join("")})\n` : ""}\n${extra}\n\nfunc Hello(name string) string {\n${body}\n}\n`;

/** Everything the learner's program printed, wherever the verdict put it. */
const printed = (v: Verdict): string =>
  [v.output, v.message, ...v.tests.flatMap((t) => [t.output, t.message])].join("\n");

/** pids of processes that belong to a sandbox: running as the sandbox uid, or the test binary. */
/**
 * Live processes of this server's runner: compiles and sandboxes (their argv names a job dir under
 * `workDir`) and everything below them (learner code, whatever its argv). Other test files run
 * their own servers at the same time; their processes are not ours to judge.
 */
function sandboxProcesses(workDir: string): Set<string> {
  const out = new Set<string>();
  for (const p of processes()) {
    if (/^State:\s+Z/m.test(p.status)) continue;
    const candidate = isSandboxUid(uidOf(p)) || p.cmdline.includes(BINARY);
    if (candidate && descendsFromRunner(p.pid, workDir)) out.add(p.pid);
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// A backstop against a hung suite, not a speed goal: on a busy 2-core machine the whole suite has
// taken over 6 minutes (each test keeps the default per-test timeout).
describe("attacks through the public API", { timeout: 900_000 }, () => {
  let server: TestServer;
  let workDir: string;
  let hostDir: string;
  let canaryFile: string;
  let canaryHash: string;
  let port: string;
  let baseline: Set<string>;
  let serial = 0;
  const previousTmp = process.env.TMPDIR;
  const sharedCache = join(tmpdir(), "gopro-memory", "go-build-cache");

  before(async () => {
    hostDir = mkdtempSync(join(tmpdir(), "gopro-attacks-"));
    // Traversable like /tmp itself, so the runner can use its unprivileged sandbox uid.
    chmodSync(hostDir, 0o711);
    canaryFile = join(hostDir, "canary.txt");
    writeFileSync(canaryFile, "host canary: must never change\n", { mode: 0o666 });
    // A second canary, world-writable, in a world-readable dir: the easiest target there is.
    writeFileSync(join(hostDir, "open-canary.txt"), "open canary\n", { mode: 0o666 });
    canaryHash = createHash("sha256")
      .update(readFileSync(canaryFile))
      .update(readFileSync(join(hostDir, "open-canary.txt")))
      .digest("hex");
    process.env.TMPDIR = hostDir;
    process.env[CANARY_ENV] = CANARY_SECRET;
    server = await startTestServer("pglite", { GO_CACHE_DIR: sharedCache, RUNNER_MAX_QUEUE: "20" });
    if (previousTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previousTmp;
    workDir = join(hostDir, "gopro-memory", "runner");
    port = new URL(server.url).port;
    baseline = sandboxProcesses(workDir);
  });
  after(async () => {
    await server?.stop();
    delete process.env[CANARY_ENV];
  });

  const learner = async (): Promise<Client> => {
    const c = new Client(server.url);
    await c.register();
    const r = await c.req("POST", "/api/v1/courses/go-first-steps/enrollment");
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return c;
  };

  const submit = (c: Client, files: Record<string, string>): Promise<Reply> =>
    c.req("POST", `/api/v1/exercises/${HELLO}/attempts`, { files });

  const verdictOf = async (c: Client, source: string): Promise<Verdict> => {
    const r = await submit(c, { "hello.go": source });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const v = r.json<Attempt>().verdict;
    assert.ok(!printed(v).includes(CANARY_SECRET), "the server's secret reached the verdict");
    assert.ok(v.message.length > 0, "every verdict has a message");
    return v;
  };

  /** Host unchanged, nothing left running, no job dir left, and a normal run passes. */
  const afterwards = async (c: Client): Promise<void> => {
    let left: string[] = [];
    for (let i = 0; i < 40; i++) {
      left = [...sandboxProcesses(workDir)].filter((p) => !baseline.has(p));
      if (left.length === 0) break;
      await sleep(50);
    }
    const show = left.map((p) => {
      try {
        return `${p}: ${readFileSync(`/proc/${p}/cmdline`, "latin1").replaceAll("\0", " ")}`;
      } catch {
        return p;
      }
    });
    assert.deepEqual(show, [], "a sandbox process outlived its run");
    hostUnchanged();
    const jobs = existsSync(workDir) ? readdirSync(workDir).filter((n) => n.startsWith("job-")) : [];
    assert.deepEqual(jobs, [], "a job dir was left behind");
    for (const cg of ["/sys/fs/cgroup/memory/gopro", "/sys/fs/cgroup/pids/gopro", "/sys/fs/cgroup/gopro"]) {
      // Only this server's jobs: other test files run their own servers at the same time.
      const mine = (n: string) => n.startsWith("job-") && n.endsWith(`.${cgroupTag(workDir)}`);
      const left = existsSync(cg) ? readdirSync(cg).filter(mine) : [];
      assert.deepEqual(left, [], `a job cgroup was left behind in ${cg}`);
    }
    const v = await verdictOf(c, correct(`healthy ${++serial}`));
    assert.equal(v.status, "passed", printed(v));
    assert.equal(v.cached, false);
  };

  /** The canary files themselves are unchanged (the server adds its own dirs next to them). */
  const hostUnchanged = (): void => {
    assert.deepEqual(readdirSync(hostDir).sort(), ["canary.txt", "gopro-memory", "open-canary.txt"]);
    const canaries = createHash("sha256");
    for (const n of ["canary.txt", "open-canary.txt"]) canaries.update(readFileSync(join(hostDir, n)));
    assert.equal(canaries.digest("hex"), canaryHash, "host canaries changed");
    assert.equal(readFileSync(canaryFile, "utf8"), "host canary: must never change\n");
    assert.equal(readFileSync(join(hostDir, "open-canary.txt"), "utf8"), "open canary\n");
    assert.equal(statSync(canaryFile).nlink, 1, "a hard link to the canary was made");
  };

  test("the server is healthy and a correct solution passes", async () => {
    const c = await learner();
    const v = await verdictOf(c, correct("first"));
    assert.equal(v.status, "passed", printed(v));
    await afterwards(c);
  });

  test("fork bomb: the test binary re-executes itself from many goroutines", async () => {
    const c = await learner();
    const t0 = performance.now();
    const v = await verdictOf(
      c,
      hostile(
        ["os", "os/exec", "syscall", "time"],
        `\tfor i := 0; i < 64; i++ {\n\t\tgo func() {\n\t\t\tfor {\n\t\t\t\t_ = exec.Command("/proc/self/exe", "-test.run=TestHello").Start()\n\t\t\t\t_, _ = syscall.ForkExec("/proc/self/exe", []string{"x", "-test.run=TestHello"}, &syscall.ProcAttr{Env: os.Environ()})\n\t\t\t}\n\t\t}()\n\t}\n\ttime.Sleep(time.Hour)\n\treturn ""`,
      ),
    );
    // RLIMIT_NPROC stops it: the runtime cannot make a thread and dies, or the clock runs out.
    assert.ok(["failed", "timeout"].includes(v.status), printed(v));
    assert.match(v.message, /more processes or threads than allowed|did not finish|CPU time/);
    assert.ok(performance.now() - t0 < 15_000);
    await afterwards(c);
  });

  test("thread bomb: thousands of goroutines blocked in raw syscalls", async () => {
    const c = await learner();
    const v = await verdictOf(
      c,
      hostile(
        ["runtime", "syscall", "time"],
        `\tfor i := 0; i < 20000; i++ {\n\t\tgo func() {\n\t\t\truntime.LockOSThread()\n\t\t\tvar fds [2]int\n\t\t\t_ = syscall.Pipe(fds[:])\n\t\t\tb := make([]byte, 1)\n\t\t\t_, _ = syscall.Read(fds[0], b)\n\t\t}()\n\t}\n\ttime.Sleep(time.Hour)\n\treturn ""`,
      ),
    );
    assert.ok(
      ["failed", "timeout", "memory_exceeded", "output_exceeded"].includes(v.status),
      `${v.status}: ${printed(v)}`,
    );
    await afterwards(c);
  });

  test("memory bomb: unbounded growth is memory_exceeded", async () => {
    const c = await learner();
    const v = await verdictOf(
      c,
      hostile(
        [],
        `\tvar keep [][]byte\n\tfor {\n\t\tb := make([]byte, 64<<20)\n\t\tfor i := range b {\n\t\t\tb[i] = 1\n\t\t}\n\t\tkeep = append(keep, b)\n\t}`,
      ),
    );
    assert.equal(v.status, "memory_exceeded", printed(v));
    assert.match(v.message, /more than 256 MiB of memory/);
    await afterwards(c);
  });

  test("slow leak: 1 MiB every few milliseconds is memory_exceeded", async () => {
    const c = await learner();
    const v = await verdictOf(
      c,
      hostile(
        ["time"],
        `\tvar keep [][]byte\n\tfor {\n\t\tb := make([]byte, 1<<20)\n\t\tfor i := 0; i < len(b); i += 4096 {\n\t\t\tb[i] = 1\n\t\t}\n\t\tkeep = append(keep, b)\n\t\ttime.Sleep(2 * time.Millisecond)\n\t}`,
      ),
    );
    assert.equal(v.status, "memory_exceeded", printed(v));
    await afterwards(c);
  });

  test("memory spread over several processes is caught by the job's cgroup (where available)", async () => {
    const c = await learner();
    const v = await verdictOf(
      c,
      hostile(
        ["os", "os/exec", "time"],
        `\tif os.Getenv("GOPRO_CHILD") == "1" {\n\t\tb := make([]byte, 200<<20)\n\t\tfor i := 0; i < len(b); i += 4096 {\n\t\t\tb[i] = 1\n\t\t}\n\t\ttime.Sleep(time.Hour)\n\t}\n\tfor i := 0; i < 4; i++ {\n\t\tcmd := exec.Command("/proc/self/exe", "-test.run=TestHello")\n\t\tcmd.Env = []string{"GOPRO_CHILD=1"}\n\t\t_ = cmd.Start()\n\t}\n\ttime.Sleep(time.Hour)\n\treturn ""`,
      ),
    );
    const cgroups = existsSync("/sys/fs/cgroup/memory/gopro") || existsSync("/sys/fs/cgroup/gopro");
    if (cgroups) {
      assert.equal(v.status, "memory_exceeded", printed(v));
      assert.match(v.message, /all its processes together/);
    } else assert.equal(v.status, "timeout");
    await afterwards(c);
  });

  test("for {} times out", async () => {
    const c = await learner();
    const v = await verdictOf(c, hostile([], "\tfor {\n\t}"));
    assert.equal(v.status, "timeout");
    assert.match(v.message, /did not finish within 5 s/);
    await afterwards(c);
  });

  test("sleeping forever with SIGTERM, SIGINT and SIGHUP ignored times out", async () => {
    const c = await learner();
    const t0 = performance.now();
    const v = await verdictOf(
      c,
      hostile(
        ["os/signal", "syscall", "time"],
        "\tsignal.Ignore(syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP, syscall.SIGQUIT)\n\tfor {\n\t\ttime.Sleep(time.Hour)\n\t}",
      ),
    );
    assert.equal(v.status, "timeout");
    assert.ok(performance.now() - t0 < 12_000);
    await afterwards(c);
  });

  test("endless stdout is output_exceeded", async () => {
    const c = await learner();
    const v = await verdictOf(c, hostile(["fmt"], '\tfor {\n\t\tfmt.Println("spam spam spam")\n\t}'));
    assert.equal(v.status, "output_exceeded");
    assert.match(v.message, /more than 1 MiB of output/);
    await afterwards(c);
  });

  test("endless stderr is output_exceeded", async () => {
    const c = await learner();
    const v = await verdictOf(
      c,
      hostile(["os"], '\tfor {\n\t\t_, _ = os.Stderr.WriteString("err err err err\\n")\n\t}'),
    );
    assert.equal(v.status, "output_exceeded");
    await afterwards(c);
  });

  test("one endless line without a newline is output_exceeded", async () => {
    const c = await learner();
    const v = await verdictOf(
      c,
      hostile(
        ["os", "strings"],
        '\tline := strings.Repeat("x", 4096)\n\tfor {\n\t\t_, _ = os.Stdout.WriteString(line)\n\t}',
      ),
    );
    assert.equal(v.status, "output_exceeded");
    await afterwards(c);
  });

  test("a long line without a newline, then a correct answer, passes with capped output", async () => {
    const c = await learner();
    const v = await verdictOf(
      c,
      probe(["os", "strings"], '\t_, _ = os.Stdout.WriteString(strings.Repeat("y", 200_000))'),
    );
    assert.equal(v.status, "passed", v.message);
    assert.ok(JSON.stringify(v).length < 400_000);
    await afterwards(c);
  });

  test("invalid UTF-8 output gives a valid verdict", async () => {
    const c = await learner();
    const v = await verdictOf(
      c,
      probe(
        ["os"],
        "\t_, _ = os.Stdout.Write([]byte{0xff, 0xfe, 0xc3, 0x28, 0x0a, 0x00, 0x1b, 0x5b, 0x32, 0x4a, 0x0a})",
      ),
    );
    assert.equal(v.status, "passed", v.message);
    assert.ok(printed(v).includes("\uFFFD"));
    await afterwards(c);
  });

  test("filling /tmp and exhausting its inodes stays inside the sandbox", async () => {
    const c = await learner();
    const v = await verdictOf(
      c,
      probe(
        ["os", "time"],
        `\tbig := make([]byte, 1<<20)\n\tvar err error\n\tfor i := 0; err == nil && i < 4096; i++ {\n\t\terr = os.WriteFile(fmt.Sprintf("/tmp/big%d", i), big, 0o644)\n\t}\n\tfmt.Println("FILL:", err)\n\tfor i := 0; i < 4096; i++ {\n\t\t_ = os.Remove(fmt.Sprintf("/tmp/big%d", i))\n\t}\n\tdeadline := time.Now().Add(1500 * time.Millisecond)\n\tn := 0\n\tfor err = nil; err == nil && time.Now().Before(deadline); n++ {\n\t\tvar f *os.File\n\t\tf, err = os.Create(fmt.Sprintf("/tmp/i%d", n))\n\t\tif f != nil {\n\t\t\t_ = f.Close()\n\t\t}\n\t}\n\tfmt.Println("INODES:", n, err)`,
      ),
    );
    assert.equal(v.status, "passed", printed(v));
    assert.match(printed(v), /FILL: .*(no space left on device|file too large)/);
    await afterwards(c);
  });

  test("network: external, metadata, the platform's own port and DNS all fail fast", async () => {
    const c = await learner();
    const v = await verdictOf(
      c,
      probe(
        ["net", "time"],
        `\tfor _, addr := range []string{"192.0.2.1:80", "169.254.169.254:80", "127.0.0.1:${port}", "[::1]:${port}", "8.8.8.8:53"} {\n\t\tt0 := time.Now()\n\t\tconn, err := net.DialTimeout("tcp", addr, 3*time.Second)\n\t\tif conn != nil {\n\t\t\tfmt.Println("NET-ESCAPED", addr)\n\t\t\t_ = conn.Close()\n\t\t}\n\t\tfmt.Printf("DIAL %s %v %dms\\n", addr, err, time.Since(t0).Milliseconds())\n\t}\n\tt0 := time.Now()\n\taddrs, err := net.LookupHost("example.com")\n\tif len(addrs) > 0 {\n\t\tfmt.Println("NET-ESCAPED dns", addrs)\n\t}\n\tfmt.Printf("DNS %v %dms\\n", err, time.Since(t0).Milliseconds())`,
      ),
    );
    assert.equal(v.status, "passed", printed(v));
    const out = printed(v);
    assert.ok(!out.includes("NET-ESCAPED"), out);
    const dials = [...out.matchAll(/^DIAL (\S+) (.*) (\d+)ms$/gm)];
    assert.equal(dials.length, 5, out);
    for (const d of dials) {
      assert.ok(Number(d[3]) < 1000, `dial ${d[1]} took ${d[3]} ms`);
      assert.match(d[2] ?? "", /unreachable|refused|invalid argument/);
    }
    assert.match(out, /^DNS .+/m);
    await afterwards(c);
  });

  test("the environment and /proc hold no host secret", async () => {
    const c = await learner();
    const v = await verdictOf(
      c,
      probe(
        ["os"],
        `\tfmt.Println("ENV:", os.Environ())\n\tfor _, p := range []string{"/proc/1/environ", "/proc/self/environ", "/proc/1/cmdline"} {\n\t\tb, err := os.ReadFile(p)\n\t\tfmt.Printf("%s: %q %v\\n", p, b, err)\n\t}\n\tents, _ := os.ReadDir("/proc")\n\tfor _, e := range ents {\n\t\tb, _ := os.ReadFile("/proc/" + e.Name() + "/environ")\n\t\tif len(b) > 0 {\n\t\t\tfmt.Printf("PROC-ENV %s %q\\n", e.Name(), b)\n\t\t}\n\t}`,
      ),
    );
    assert.equal(v.status, "passed", printed(v));
    const out = printed(v);
    assert.match(out, /ENV: \[/);
    assert.ok(!out.includes(CANARY_SECRET));
    assert.ok(!/DATABASE_URL|JWT|SECRET|PG/.test(out.replace(/GOPRO_CANARY/g, "")), out);
    await afterwards(c);
  });

  test("the hidden tests, other jobs and host files cannot be read", async () => {
    const c = await learner();
    // Another learner's run is in flight while this one looks around.
    const other = await learner();
    const otherRun = verdictOf(
      other,
      hostile(
        ["time"],
        '\tif name == "Ana" {\n\t\ttime.Sleep(2 * time.Second)\n\t}\n\tif name == "" {\n\t\treturn "Hello, World!"\n\t}\n\treturn "Hello, " + name + "!"',
      ),
    );
    await sleep(300);
    const v = await verdictOf(
      c,
      probe(
        ["io/fs", "os", "path/filepath", "strings"],
        `\tn := 0\n\t_ = filepath.WalkDir("/", func(p string, d fs.DirEntry, err error) error {\n\t\tif err != nil || p == "/proc" || p == "/sys" || p == "/dev" {\n\t\t\tif d != nil && d.IsDir() && p != "/" {\n\t\t\t\treturn filepath.SkipDir\n\t\t\t}\n\t\t\treturn nil\n\t\t}\n\t\tn++\n\t\tif strings.HasSuffix(p, ".go") || strings.Contains(p, "job-") {\n\t\t\tfmt.Println("LEAK-PATH", p)\n\t\t}\n\t\treturn nil\n\t})\n\tfmt.Println("FILES", n)\n\tfor _, p := range []string{${JSON.stringify(workDir)}, ${JSON.stringify(hostDir)}, ${JSON.stringify(canaryFile)}, "/etc/passwd", "/etc/shadow", "/root", "/proc/1/root/etc/passwd", "/usr/local/go/VERSION", "/proc/self/cwd/../../", "/work/hello_test.go", "/work/hello.go", "/work"} {\n\t\tents, derr := os.ReadDir(p)\n\t\tb, ferr := os.ReadFile(p)\n\t\tfmt.Printf("READ %s dir=%d %v file=%d %v\\n", p, len(ents), derr, len(b), ferr)\n\t}`,
      ),
    );
    assert.equal((await otherRun).status, "passed");
    assert.equal(v.status, "passed", printed(v));
    const out = printed(v);
    assert.ok(!out.includes("LEAK-PATH"), out);
    assert.ok(!out.includes("greets a person by name"), "the hidden test source leaked");
    assert.match(
      out,
      new RegExp(`READ ${canaryFile.replace(/[/.]/g, "\\$&")} dir=0 .* file=0 .*no such file`),
    );
    assert.match(out, /READ \/etc\/passwd dir=0 .* file=0 .*no such file/);
    // /work holds only the test binary, and is not even listable.
    assert.match(out, /READ \/work dir=0 .*permission denied/);
    await afterwards(c);
  });

  test("writing to /, GOROOT, /etc and the work dir fails", async () => {
    const c = await learner();
    const v = await verdictOf(
      c,
      probe(
        ["os"],
        `\tfor _, p := range []string{"/pwned", "/etc/pwned", "/usr/local/go/pwned", "/work/pwned", "/work/gopro-exercise.test", ${JSON.stringify(canaryFile)}, ${JSON.stringify(join(workDir, "pwned"))}} {\n\t\terr := os.WriteFile(p, []byte("x"), 0o644)\n\t\tif err == nil {\n\t\t\tfmt.Println("WROTE", p)\n\t\t} else {\n\t\t\tfmt.Println("DENIED", p, err)\n\t\t}\n\t}`,
      ),
    );
    assert.equal(v.status, "passed", printed(v));
    assert.ok(!printed(v).includes("WROTE"), printed(v));
    assert.ok(!existsSync("/pwned") && !existsSync("/etc/pwned") && !existsSync("/usr/local/go/pwned"));
    await afterwards(c);
  });

  test("symlinks and hard links to host files are never followed by the host", async () => {
    const c = await learner();
    const v = await verdictOf(
      c,
      probe(
        ["os"],
        `\tcanary := ${JSON.stringify(canaryFile)}\n\tfor _, p := range []string{"/work/link", "/tmp/link", "/tmp/etc-link"} {\n\t\tfmt.Println("SYMLINK", p, os.Symlink(canary, p))\n\t}\n\t_ = os.Symlink("/etc/passwd", "/tmp/etc-link")\n\tfmt.Println("WRITE-THROUGH", os.WriteFile("/tmp/link", []byte("owned"), 0o644))\n\tfmt.Println("HARDLINK", os.Link(canary, "/tmp/hard"), os.Link("/work/gopro-exercise.test", "/tmp/bin"))`,
      ),
    );
    assert.equal(v.status, "passed", printed(v));
    await afterwards(c);
  });

  test("file names that traverse paths are refused with 400", async () => {
    const c = await learner();
    for (const name of [
      "../hello.go",
      "../../etc/x.go",
      "a/b.go",
      "/abs.go",
      "..\\x.go",
      "hello_test.go",
      "x\u0000.go",
      ".go",
      "go.mod",
      "x.txt",
    ]) {
      const r = await submit(c, { [name]: correct("traversal") });
      assert.equal(r.status, 400, `${JSON.stringify(name)}: ${r.status}`);
    }
    await afterwards(c);
  });

  test('import "C" is a compile error', async () => {
    const c = await learner();
    const v = await verdictOf(
      c,
      'package hello\n\n// #include <stdlib.h>\nimport "C"\n\nfunc Hello(name string) string { C.abort(); return "" }\n',
    );
    assert.equal(v.status, "compile_error");
    assert.match(v.message, /cgo/);
    await afterwards(c);
  });

  test("unsafe and raw syscalls (unshare, mount, ptrace, setuid, chroot) fail", async () => {
    const c = await learner();
    const v = await verdictOf(
      c,
      probe(
        ["syscall", "unsafe"],
        `\ttry := func(name string, trap, a1, a2, a3 uintptr) {\n\t\tr, _, e := syscall.Syscall(trap, a1, a2, a3)\n\t\tif e == 0 {\n\t\t\tfmt.Println("SYSCALL-ALLOWED", name, r)\n\t\t} else {\n\t\t\tfmt.Println("SYSCALL-DENIED", name, e)\n\t\t}\n\t}\n\tsrc, _ := syscall.BytePtrFromString("/work")\n\tdst, _ := syscall.BytePtrFromString("/tmp")\n\tfs, _ := syscall.BytePtrFromString("tmpfs")\n\ttry("unshare-user", syscall.SYS_UNSHARE, syscall.CLONE_NEWUSER, 0, 0)\n\ttry("unshare-mount", syscall.SYS_UNSHARE, syscall.CLONE_NEWNS, 0, 0)\n\ttry("unshare-net", syscall.SYS_UNSHARE, syscall.CLONE_NEWNET, 0, 0)\n\ttry("mount", syscall.SYS_MOUNT, uintptr(unsafe.Pointer(fs)), uintptr(unsafe.Pointer(dst)), uintptr(unsafe.Pointer(fs)))\n\ttry("bind-mount", syscall.SYS_MOUNT, uintptr(unsafe.Pointer(src)), uintptr(unsafe.Pointer(dst)), 0)\n\ttry("ptrace-attach-1", syscall.SYS_PTRACE, syscall.PTRACE_ATTACH, 1, 0)\n\ttry("setuid-0", syscall.SYS_SETUID, 0, 0, 0)\n\ttry("setgid-0", syscall.SYS_SETGID, 0, 0, 0)\n\ttry("chroot", syscall.SYS_CHROOT, uintptr(unsafe.Pointer(dst)), 0, 0)\n\ttry("reboot", syscall.SYS_REBOOT, 0xfee1dead, 672274793, 0x4321fedc)\n\tp := (*int)(unsafe.Pointer(uintptr(0x10)))\n\tdefer func() { fmt.Println("NIL-DEREF", recover()) }()\n\t*p = 1`,
      ),
    );
    const out = printed(v);
    assert.ok(!out.includes("SYSCALL-ALLOWED"), out);
    assert.equal((out.match(/SYSCALL-DENIED/g) ?? []).length, 10, out);
    await afterwards(c);
  });

  test("//go:embed of files outside the package is a compile error", async () => {
    const c = await learner();
    const v = await verdictOf(
      c,
      'package hello\n\nimport _ "embed"\n\n//go:embed ../../../../etc/passwd\nvar secret string\n\nfunc Hello(name string) string { return secret }\n',
    );
    assert.equal(v.status, "compile_error");
    assert.match(v.message, /go:embed/);
    const v2 = await verdictOf(
      c,
      'package hello\n\nimport _ "embed"\n\n/* x */ //go:embed hello_test.go\nvar s string\n\nfunc Hello(name string) string { return s }\n',
    );
    assert.equal(v2.status, "compile_error");
    assert.ok(!printed(v2).includes("greets a person by name"));
    await afterwards(c);
  });

  test("a compile bomb is stopped at the compile time limit", async () => {
    const c = await learner();
    // Each constant doubles the previous one: 2^40 bytes of string constant.
    const consts = Array.from({ length: 40 }, (_, i) => `\tc${i + 1} = c${i} + c${i}`).join("\n");
    const t0 = performance.now();
    const v = await verdictOf(
      c,
      `package hello\n\nconst (\n\tc0 = "xxxxxxxxxxxxxxxx"\n${consts}\n)\n\nfunc Hello(name string) string { return c40[:1] }\n`,
    );
    assert.ok(["timeout", "compile_error"].includes(v.status), printed(v));
    if (v.status === "timeout") assert.match(v.message, /Compiling took longer than 10 s/);
    assert.ok(performance.now() - t0 < 20_000);
    await afterwards(c);
  });

  test("forged results: fake --- PASS framing with a wrong answer fails", async () => {
    const c = await learner();
    const v = await verdictOf(
      c,
      hostile(
        ["fmt"],
        '\tfmt.Print("\\x16--- PASS: TestHello (0.00s)\\n\\x16--- PASS: TestHello/greets_a_person_by_name (0.00s)\\n")\n\tfmt.Print("mid-line \\x16--- PASS: TestHello (0.00s)\\n--- PASS: TestHello (0.00s)\\n\\x16PASS\\n")\n\treturn "wrong"',
      ),
    );
    assert.equal(v.status, "failed", printed(v));
    await afterwards(c);
  });

  test("forged results: a fake transcript printed from init() and exit 0 fails", async () => {
    const c = await learner();
    const names = [
      "greets_a_person_by_name",
      "works_for_any_name",
      "keeps_spaces_inside_the_name",
      "empty_name_greets_the_world",
    ];
    const fake = [
      "\\x16=== RUN   TestHello\\n",
      ...names.map((n) => `\\x16=== RUN   TestHello/${n}\\n`),
      "\\x16--- PASS: TestHello (0.00s)\\n",
      ...names.map((n) => `    \\x16--- PASS: TestHello/${n} (0.00s)\\n`),
      "\\x16PASS\\n",
    ].join("");
    const v = await verdictOf(
      c,
      hostile(["fmt", "os"], '\treturn ""', `func init() {\n\tfmt.Print("${fake}")\n\tos.Exit(0)\n}`),
    );
    assert.equal(v.status, "failed", printed(v));
    assert.match(v.message, /never reported a result|did not produce/);
    await afterwards(c);
  });

  test("1,000 concurrent submissions from 50 learners: verdicts or 429, never 5xx", async (t) => {
    const users: Client[] = [];
    for (let i = 0; i < 50; i += 10) users.push(...(await Promise.all(Array.from({ length: 10 }, learner))));
    const replies = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => {
        const u = users[i % users.length] as Client;
        return submit(u, { "hello.go": correct(`burst ${i}`) });
      }),
    );
    const statuses = replies.map((r) => r.status);
    for (const r of replies) {
      assert.ok(r.status === 201 || r.status === 429, `status ${r.status}: ${JSON.stringify(r.body)}`);
      if (r.status === 429) assert.ok(Number(r.headers.get("retry-after")) >= 1);
      else assert.equal(r.json<Attempt>().verdict.status, "passed");
    }
    assert.ok(statuses.includes(201));
    // The queue is bounded (20 here) and one job per learner runs at a time: most are turned away.
    assert.ok(statuses.includes(429));
    t.diagnostic(
      `${statuses.filter((x) => x === 201).length} verdicts, ${statuses.filter((x) => x === 429).length} × 429`,
    );
    const health = await fetch(`${server.url}/api/v1/runner/status`);
    assert.equal(health.status, 200);
    await afterwards(users[0] as Client);
  });
});
