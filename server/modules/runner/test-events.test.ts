import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  foldTestEvents,
  parseTestStream,
  splitLines,
  summarizeCrash,
  type TestEvent,
} from "./test-events.ts";

const M = "\u0016";

/** Output of a go1.26 test binary run with -test.v=test2json, stdout and stderr merged. */
const STREAM = [
  `${M}=== RUN   TestAdd`,
  "adding 1 2",
  `${M}--- PASS: TestAdd (0.01s)`,
  `${M}=== NAME  `,
  `${M}=== RUN   TestSub`,
  `${M}=== RUN   TestSub/case_1`,
  "    solution_test.go:9: hi",
  "adding 1 1",
  "    solution_test.go:9: bad",
  "        second line",
  `${M}--- FAIL: TestSub/case_1 (0.00s)`,
  `${M}=== NAME  TestSub`,
  `${M}=== RUN   TestSub/ok`,
  `${M}    --- PASS: TestSub/ok (0.00s)`,
  `${M}=== NAME  TestSub`,
  `${M}--- FAIL: TestSub (0.00s)`,
  `${M}=== NAME  `,
  `${M}=== RUN   TestSkip`,
  "    solution_test.go:20: not today",
  `${M}--- SKIP: TestSkip (0.00s)`,
  `${M}FAIL`,
  "",
].join("\n");

const PANIC_STREAM = [
  `${M}=== RUN   TestA`,
  `${M}=== RUN   TestA/sub`,
  `${M}--- FAIL: TestA/sub (0.00s)`,
  `${M}--- FAIL: TestA (0.00s)`,
  "panic: assignment to entry in nil map [recovered, repanicked]",
  "",
  "goroutine 7 [running]:",
  "testing.tRunner.func1.2({0x55a7a0, 0x6c8dc0})",
  "\ttesting/testing.go:1974 +0x232",
  "testing.tRunner.func1()",
  "\ttesting/testing.go:1977 +0x349",
  "panic({0x55a7a0?, 0x6c8dc0?})",
  "\truntime/panic.go:860 +0x13a",
  "exercise.Store(...)",
  "\texercise/solution.go:4",
  "exercise.TestA.func1(0x19db9c88c488?)",
  "\texercise/solution_test.go:6 +0x28",
  "testing.tRunner(0x19db9c88c488, 0x592ec8)",
  "\ttesting/testing.go:2036 +0xea",
  "created by testing.(*T).Run in goroutine 6",
  "\ttesting/testing.go:2101 +0x4c5",
  "",
].join("\n");

describe("splitLines", () => {
  it("splits after newlines and before a mid-line framing marker", () => {
    assert.deepEqual(splitLines(`a\nno newline${M}--- PASS: T (0.00s)\nz`), [
      "a\n",
      "no newline",
      `${M}--- PASS: T (0.00s)\n`,
      "z",
    ]);
  });
});

describe("parseTestStream", () => {
  it("turns framing lines into events and attributes other lines to the current test", () => {
    const events = parseTestStream(STREAM);
    const actions = events.filter((e) => e.Action !== "output").map((e) => `${e.Action}:${e.Test ?? ""}`);
    assert.deepEqual(actions, [
      "run:TestAdd",
      "pass:TestAdd",
      "run:TestSub",
      "run:TestSub/case_1",
      "fail:TestSub/case_1",
      "run:TestSub/ok",
      "pass:TestSub/ok",
      "fail:TestSub",
      "run:TestSkip",
      "skip:TestSkip",
      "fail:",
    ]);
    assert.deepEqual(
      events.find((e) => e.Action === "output" && e.Output === "adding 1 1\n"),
      { Action: "output", Test: "TestSub/case_1", Output: "adding 1 1\n" },
    );
    assert.equal(events.find((e) => e.Action === "pass" && e.Test === "TestAdd")?.Elapsed, 0.01);
  });

  it("keeps learner text that merely looks like framing as output", () => {
    const events = parseTestStream(
      `${M}=== RUN   TestX\n--- PASS: TestX (0.00s)\n${M}--- FAIL: TestX (0.00s)\n`,
    );
    assert.deepEqual(events, [
      { Action: "run", Test: "TestX" },
      { Action: "output", Test: "TestX", Output: "--- PASS: TestX (0.00s)\n" },
      { Action: "fail", Test: "TestX", Elapsed: 0 },
    ]);
  });
});

describe("foldTestEvents", () => {
  it("builds rows in run order with messages, learner output and durations", () => {
    const folded = foldTestEvents(parseTestStream(STREAM), { end: "exited" });
    assert.deepEqual(
      folded.tests.map((t) => [t.name, t.status]),
      [
        ["TestAdd", "pass"],
        ["TestSub", "fail"],
        ["TestSub/case_1", "fail"],
        ["TestSub/ok", "pass"],
        ["TestSkip", "skip"],
      ],
    );
    const add = folded.tests[0];
    assert.equal(add?.output, "adding 1 2");
    assert.equal(add?.durationMs, 10);
    const sub = folded.tests[2];
    assert.equal(sub?.message, "hi\nbad\nsecond line");
    assert.equal(sub?.output, "adding 1 1");
    assert.equal(folded.tests[4]?.message, "not today");
    assert.equal(folded.final, "fail");
    assert.equal(folded.crash, null);
  });

  it("blames a panic on the subtest that panicked, not its parent", () => {
    const folded = foldTestEvents(parseTestStream(PANIC_STREAM), { end: "exited" });
    const byName = new Map(folded.tests.map((t) => [t.name, t]));
    assert.equal(byName.get("TestA/sub")?.status, "error");
    assert.equal(byName.get("TestA")?.status, "fail");
    assert.equal(folded.crash?.test, "TestA/sub");
    assert.equal(
      byName.get("TestA/sub")?.message,
      [
        "panic: assignment to entry in nil map",
        "    at exercise.Store (solution.go:4)",
        "    at exercise.TestA.func1 (solution_test.go:6)",
      ].join("\n"),
    );
    assert.equal(folded.crash?.outOfMemory, false);
  });

  it("marks tests that never finished as timeout when the run was killed for time", () => {
    const events: TestEvent[] = [
      { Action: "run", Test: "TestLoop" },
      { Action: "output", Test: "TestLoop", Output: "working\n" },
    ];
    const folded = foldTestEvents(events, { end: "timeout" });
    assert.equal(folded.tests[0]?.status, "timeout");
    assert.equal(folded.tests[0]?.output, "working");
  });

  it("marks unfinished tests as error when the binary just died", () => {
    const folded = foldTestEvents([{ Action: "run", Test: "TestExit" }], { end: "exited", exitCode: 3 });
    assert.equal(folded.tests[0]?.status, "error");
    assert.match(folded.tests[0]?.message ?? "", /exited with status 3/);
  });

  it("keeps output outside tests apart, including a crash before any test", () => {
    const raw =
      "init says hi\npanic: boom\n\ngoroutine 1 [running]:\nexercise.init.0()\n\texercise/solution.go:7 +0x25\n";
    const folded = foldTestEvents(parseTestStream(raw), { end: "exited" });
    assert.equal(folded.tests.length, 0);
    assert.equal(folded.crash?.test, null);
    assert.equal(folded.crash?.summary, "panic: boom\n    at exercise.init.0 (solution.go:7)");
    assert.match(folded.output, /^init says hi\npanic: boom/);
  });

  it("recognises the Go runtime running out of memory", () => {
    const raw = `${M}=== RUN   TestBig\nfatal error: runtime: out of memory\n\nruntime stack:\n`;
    const folded = foldTestEvents(parseTestStream(raw), { end: "exited" });
    assert.equal(folded.crash?.outOfMemory, true);
    assert.equal(folded.tests[0]?.status, "error");
  });

  it("accepts events from the real go tool test2json, framing lines included", () => {
    const events: TestEvent[] = [
      { Action: "run", Test: "TestX" },
      { Action: "output", Test: "TestX", Output: "=== RUN   TestX\n" },
      { Action: "output", Test: "TestX", Output: "    x_test.go:5: want 1\n" },
      { Action: "output", Test: "TestX", Output: "--- FAIL: TestX (0.00s)\n" },
      { Action: "fail", Test: "TestX", Elapsed: 0.002 },
      { Action: "output", Output: "FAIL\n" },
      { Action: "fail", Elapsed: 0.01 },
    ];
    const folded = foldTestEvents(events, { end: "exited" });
    assert.deepEqual(folded.tests, [
      { name: "TestX", status: "fail", message: "want 1", output: "", durationMs: 2 },
    ]);
    assert.equal(folded.output, "");
  });

  it("puts an example's got/want diff into its message", () => {
    const raw = `${M}=== RUN   ExampleAdd\n${M}--- FAIL: ExampleAdd (0.00s)\ngot:\n-1\nwant:\n3\n${M}=== NAME   \n${M}FAIL\n`;
    const folded = foldTestEvents(parseTestStream(raw), { end: "exited" });
    assert.deepEqual(folded.tests, [
      { name: "ExampleAdd", status: "fail", message: "got:\n-1\nwant:\n3", output: "", durationMs: 0 },
    ]);
  });

  it("keeps the file:line of logs that come from learner files", () => {
    const folded = foldTestEvents(
      [
        { Action: "run", Test: "TestX" },
        { Action: "output", Test: "TestX", Output: "    helper.go:3: from a helper\n" },
      ],
      { end: "exited" },
    );
    assert.equal(folded.tests[0]?.message.split("\n")[0], "helper.go:3: from a helper");
  });
});

describe("summarizeCrash", () => {
  it("keeps only frames of the exercise package, goroutine creators included", () => {
    const summary = summarizeCrash([
      "panic: unexpected call to os.Exit(0) during test",
      "",
      "goroutine 7 [running]:",
      "os.Exit(0x0)",
      "\tos/proc.go:67 +0x45",
      "exercise.Add(...)",
      "\texercise/solution.go:3",
      "created by exercise.Start in goroutine 18",
      "\texercise/solution.go:9 +0x1a",
    ]);
    assert.equal(
      summary,
      "panic: unexpected call to os.Exit(0) during test\n    at exercise.Add (solution.go:3)\n    at exercise.Start (solution.go:9)",
    );
  });

  it("keeps multi-line panic values and skips runtime frames", () => {
    const summary = summarizeCrash([
      "panic: first line",
      "second line [recovered]",
      "",
      "goroutine 1 [running]:",
      "runtime.gopanic(0x1)",
      "\truntime/panic.go:1 +0x1",
      "main.main()",
      "\t_testmain.go:48 +0x1",
    ]);
    assert.equal(summary, "panic: first line\nsecond line [recovered]");
  });
});
