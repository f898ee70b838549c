/**
 * The static checks added on top of the schema: links in lessons and instructions, sleeps in hidden
 * tests, and the required `limits` block of exercise.yaml.
 */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { type LinkTargets, linkProblem, loadCurriculum, markdownLinks, sleepProblems } from "./load.ts";
import type { CurriculumProblem } from "./types.ts";

const temps: string[] = [];
after(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

const EXERCISE_YAML = `id: demo.greet
title: Greet
difficulty: easy
minutes: 5
concepts: [functions]
goVersion: "1.22"
limits:
  runMs: 5000
  memoryBytes: 268435456
hints:
  - Use +.
`;

const GREET_TEST = `package greet

import "testing"

func TestGreet(t *testing.T) {
	if Greet() != "hi" {
		t.Error("no")
	}
}
`;

/** A valid course "demo" with lesson "intro" and exercise "greet"; `overrides` replaces files. */
function course(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    "course.yaml": `id: demo
slug: demo
title: Demo
summary: A course for the static checks.
description: Demo.
level: beginner
tags: []
modules:
  - id: demo.basics
    title: Basics
    items:
      - lesson: intro
      - exercise: greet
`,
    "lessons/intro.md": "---\nid: demo.intro\ntitle: Intro\nminutes: 5\n---\n\n# Intro\n\nHello.\n",
    "exercises/greet/exercise.yaml": EXERCISE_YAML,
    "exercises/greet/instructions.md": "Write `Greet`.\n",
    "exercises/greet/starter/greet.go": 'package greet\n\nfunc Greet() string { return "" }\n',
    "exercises/greet/solution/greet.go": 'package greet\n\nfunc Greet() string { return "hi" }\n',
    "exercises/greet/tests/greet_test.go": GREET_TEST,
    ...overrides,
  };
}

async function load(files: Record<string, string>): Promise<CurriculumProblem[]> {
  const root = await mkdtemp(path.join(tmpdir(), "gopro-static-"));
  temps.push(root);
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(root, "demo", rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
  return (await loadCurriculum(root)).problems;
}

const show = (problems: CurriculumProblem[]) => problems.map((p) => `${p.file}: ${p.message}`);

describe("links in lessons and instructions", () => {
  const targets: LinkTargets = {
    courseSlugs: new Set(["demo"]),
    lessonIds: new Set(["demo.intro"]),
    exerciseIds: new Set(["demo.greet"]),
  };

  it("finds links and images with their lines, as the web renderer sees them", () => {
    const text = [
      "# Title", // 1
      "", // 2
      "See [the intro](/lessons/demo.intro) and `[not](a-link)`.", // 3
      "", // 4
      "```go", // 5
      "func Last[T any](xs []T) T", // 6
      "```", // 7
      "", // 8
      "- an item with [a relative link](../lessons/intro.md)", // 9
      "", // 10
      "| a | b |", // 11
      "|---|---|", // 12
      "| [cell](/exercises/demo.greet) | ![img](pic.png) |", // 13
      "", // 14
      "Twice: [x](#top) and [x](#top), then [ref][r].", // 15
      "", // 16
      "[r]: https://go.dev/ref/spec", // 17
    ].join("\r\n");
    assert.deepEqual(markdownLinks(text), [
      { line: 3, href: "/lessons/demo.intro", image: false },
      { line: 9, href: "../lessons/intro.md", image: false },
      { line: 13, href: "/exercises/demo.greet", image: false },
      { line: 13, href: "pic.png", image: true },
      { line: 15, href: "#top", image: false },
      { line: 15, href: "#top", image: false },
      { line: 15, href: "https://go.dev/ref/spec", image: false },
    ]);
  });

  it("accepts external links, anchors, mailto and the app's pages of existing items", () => {
    for (const href of [
      "https://go.dev/doc/",
      "HTTP://example.com",
      "#section",
      "mailto:someone@example.com",
      "/courses",
      "/courses/demo",
      "/courses/demo/",
      "/lessons/demo.intro",
      "/lessons/demo.intro#part-2",
      "/exercises/demo.greet?tab=hints",
    ]) {
      assert.equal(linkProblem(href, false, targets), undefined, href);
    }
    assert.equal(linkProblem("https://go.dev/blog/gopher.png", true, targets), undefined);
  });

  it("refuses what the web app cannot follow, and pages of items that do not exist", () => {
    const cases: Array<[string, RegExp]> = [
      ["../lessons/intro.md", /cannot follow relative/],
      ["intro.md", /cannot follow relative/],
      ["lesson:intro", /cannot follow relative/],
      ["javascript:alert(1)", /cannot follow relative/],
      ["", /no target/],
      ["//go.dev", /https:\/\//],
      ["/lessons/demo.missing", /no lesson has the id "demo\.missing"/],
      ["/lessons/intro", /no lesson has the id "intro" \(links use ids, not slugs\)/],
      ["/lessons/demo.greet", /not a lesson: link it as \/exercises\/demo\.greet/],
      ["/exercises/demo.intro", /not an exercise: link it as \/lessons\/demo\.intro/],
      ["/courses/ghost", /no course has the slug "ghost"/],
      ["/courses/demo/lessons/demo.intro", /not a page of the web app/],
      ["/api/v1/courses", /not a page of the web app/],
    ];
    for (const [href, expected] of cases) {
      assert.match(linkProblem(href, false, targets) ?? "(none)", expected, href);
    }
    assert.match(linkProblem("/lessons/demo.intro", true, targets) ?? "", /images must be https/);
  });

  it("reports broken links with file and line, counting the front matter, and passes good ones", async () => {
    const problems = await load(
      course({
        "lessons/intro.md": [
          "---",
          "id: demo.intro",
          "title: Intro",
          "minutes: 5",
          "---",
          "",
          "# Intro",
          "",
          "Next: [greet](/exercises/demo.greet), the [course](/courses/demo), [Go](https://go.dev).",
          "Broken: [file](greet.md).",
          "",
        ].join("\n"),
        "exercises/greet/instructions.md":
          "Write `Greet`.\n\nRead [the intro](/lessons/demo.intro) first,\nnot [this](/lessons/demo.outro).\n",
      }),
    );
    assert.deepEqual(show(problems), [
      'demo/exercises/greet/instructions.md: line 4: broken link "/lessons/demo.outro": no lesson has the id "demo.outro" (links use ids, not slugs)',
      'demo/lessons/intro.md: line 10: broken link "greet.md": the web app cannot follow relative or non-web links; link to a page as /courses/<course-slug>, /lessons/<lesson-id> or /exercises/<exercise-id>',
    ]);
    assert.deepEqual(await load(course()), []);
  });

  it("resolves links into other courses", async () => {
    const root = await mkdtemp(path.join(tmpdir(), "gopro-static-"));
    temps.push(root);
    const files = {
      ...course({ "exercises/greet/instructions.md": "See [next](/lessons/next.intro).\n" }),
    };
    const next = Object.fromEntries(
      Object.entries(course()).map(([rel, content]) => [rel, content.replaceAll("demo", "next")]),
    );
    for (const [folder, set] of [
      ["demo", files],
      ["next", next],
    ] as const) {
      for (const [rel, content] of Object.entries(set)) {
        const file = path.join(root, folder, rel);
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, content);
      }
    }
    const loaded = await loadCurriculum(root);
    assert.deepEqual(show(loaded.problems), []);
    assert.equal(loaded.courses.length, 2);
  });
});

describe("sleeps in hidden tests", () => {
  const file = (body: string) => `package greet

import (
	"testing"
	"testing/synctest"
	"time"
)

${body}`;

  it("flags time.Sleep in a normal test, with its line", () => {
    const problems = sleepProblems({
      "a_test.go": file(`func TestWait(t *testing.T) {
	go work()
	time.Sleep(100 * time.Millisecond)
}
`),
    });
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.file, "a_test.go");
    assert.equal(problems[0]?.line, 11);
    assert.match(problems[0]?.message ?? "", /time\.Sleep outside a synctest bubble/);
  });

  it("allows time.Sleep inside synctest.Test and synctest.Run bubbles, however nested", () => {
    assert.deepEqual(
      sleepProblems({
        "a_test.go": file(`func TestFake(t *testing.T) {
	for _, d := range []time.Duration{time.Second} {
		t.Run("x", func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				go func() {
					time.Sleep(d)
				}()
				time.Sleep(2 * d)
			})
		})
	}
}

func TestOld(t *testing.T) {
	synctest.Run(func() {
		time.Sleep(time.Hour)
	})
}
`),
      }),
      [],
    );
  });

  it("flags a sleep after the bubble has closed", () => {
    const problems = sleepProblems({
      "a_test.go": file(`func TestAfter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		time.Sleep(time.Second)
	})
	time.Sleep(time.Second)
}
`),
    });
    assert.deepEqual(
      problems.map((p) => p.line),
      [13],
    );
  });

  it("ignores comments and strings", () => {
    assert.deepEqual(
      sleepProblems({
        "a_test.go": file(`// time.Sleep(time.Second) would be wrong here.
func TestText(t *testing.T) {
	/* time.Sleep */
	t.Log("time.Sleep", \`time.Sleep\`, '"')
}
`),
      }),
      [],
    );
  });

  it("allows helpers used only in bubbles or to build a bubble's cases, across files", () => {
    const problems = sleepProblems({
      "a_test.go": file(`// after returns a function that sleeps d of fake time.
func after(d time.Duration) func() {
	return func() { time.Sleep(d) }
}

type slow struct{ d time.Duration }

func (s *slow) f() { time.Sleep(s.d) }

func pause() { time.Sleep(time.Second) }

func TestTable(t *testing.T) {
	cases := []func(){after(time.Second)}
	synctest.Test(t, func(t *testing.T) {
		for _, c := range cases {
			c()
		}
		s := &slow{d: time.Second}
		s.f()
		pause()
	})
}
`),
      "b_test.go": `package greet

import "testing/synctest"

func TestOther(t *testing.T) {
	synctest.Test(t, func(t *testing.T) { pause() })
}
`,
    });
    assert.deepEqual(problems, []);
  });

  it("flags a helper's sleep when a normal test calls it, naming where", () => {
    const problems = sleepProblems({
      "a_test.go": file(`func settle() {
	time.Sleep(10 * time.Millisecond)
}

func wait() { settle() }

func TestFake(t *testing.T) {
	synctest.Test(t, func(t *testing.T) { settle() })
}
`),
      "b_test.go": `package greet

import "testing"

func TestReal(t *testing.T) {
	go work()
	wait()
}
`,
    });
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.file, "a_test.go");
    assert.equal(problems[0]?.line, 10);
    assert.match(
      problems[0]?.message ?? "",
      /time\.Sleep in settle, which is used outside a synctest bubble/,
    );
    assert.match(problems[0]?.message ?? "", /\(b_test\.go:7\)/);
  });

  it("is reported by the loader against the test file, with the line", async () => {
    const problems = await load(
      course({
        "exercises/greet/tests/greet_test.go": GREET_TEST.replace(
          'import "testing"',
          'import (\n\t"testing"\n\t"time"\n)',
        ).replace("\tif Greet()", "\ttime.Sleep(time.Millisecond)\n\tif Greet()"),
      }),
    );
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.file, "demo/exercises/greet/tests/greet_test.go");
    assert.match(problems[0]?.message ?? "", /^line 9: time\.Sleep outside a synctest bubble/);
  });
});

describe("exercise limits", () => {
  it("are required, with runMs and memoryBytes", async () => {
    const withoutLimits = EXERCISE_YAML.replace(/^limits:\n(?: {2}.*\n)+/m, "");
    assert.ok(!withoutLimits.includes("limits"));
    assert.deepEqual(show(await load(course({ "exercises/greet/exercise.yaml": withoutLimits }))), [
      "demo/exercises/greet/exercise.yaml: limits: is required",
    ]);
    const partial = EXERCISE_YAML.replace(
      "  runMs: 5000\n  memoryBytes: 268435456\n",
      "  compileMs: 20000\n",
    );
    assert.deepEqual(show(await load(course({ "exercises/greet/exercise.yaml": partial }))), [
      "demo/exercises/greet/exercise.yaml: limits.runMs: is required",
      "demo/exercises/greet/exercise.yaml: limits.memoryBytes: is required",
    ]);
  });

  it("accept the optional compile and output limits next to the required ones", async () => {
    const full = EXERCISE_YAML.replace(
      "  memoryBytes: 268435456\n",
      "  memoryBytes: 268435456\n  compileMs: 20000\n  outputBytes: 65536\n",
    );
    const root = await mkdtemp(path.join(tmpdir(), "gopro-static-"));
    temps.push(root);
    for (const [rel, content] of Object.entries(course({ "exercises/greet/exercise.yaml": full }))) {
      const file = path.join(root, "demo", rel);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, content);
    }
    const loaded = await loadCurriculum(root);
    assert.deepEqual(loaded.problems, []);
    const exercise = loaded.courses[0]?.modules[0]?.items[1];
    assert.ok(exercise?.kind === "exercise");
    assert.deepEqual(exercise.limits, {
      runMs: 5000,
      memoryBytes: 268435456,
      compileMs: 20000,
      outputBytes: 65536,
    });
  });
});
