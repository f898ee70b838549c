import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { exercisePackageName, goFileNameProblems, hasTestFunction, packageClause } from "./go-files.ts";
import { loadCurriculum } from "./load.ts";
import type { CurriculumProblem, ExerciseFile, LessonFile } from "./types.ts";

const REAL_CURRICULUM = fileURLToPath(new URL("../../../../curriculum/", import.meta.url));

const temps: string[] = [];
after(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempRoot(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "gopro-curriculum-"));
  temps.push(dir);
  return dir;
}

type Files = Record<string, string | null>;

/** A small valid course; `overrides` replaces files (null removes one). */
function validCourse(slug: string, overrides: Files = {}): Files {
  const files: Files = {
    "course.yaml": `id: ${slug}
slug: ${slug}
title: Test course ${slug}
summary: A course used by the loader tests.
description: |
  Some **markdown**.
level: beginner
tags: [go, test]
modules:
  - id: ${slug}.basics
    title: Basics
    items:
      - lesson: intro
      - exercise: greet
`,
    "lessons/intro.md": `---
id: ${slug}.intro
title: Introduction
minutes: 5
---

# Introduction

Hello, world.
`,
    "exercises/greet/exercise.yaml": `id: ${slug}.greet
title: Greet
difficulty: easy
minutes: 5
concepts: [functions]
goVersion: "1.22"
limits: { runMs: 5000, memoryBytes: 268435456 }
hints:
  - Use +.
`,
    "exercises/greet/instructions.md": "Write `Greet`.\n",
    "exercises/greet/starter/greet.go": 'package greet\n\nfunc Greet() string { return "" }\n',
    "exercises/greet/solution/greet.go":
      '// Package greet greets.\npackage greet\n\nfunc Greet() string { return "hi" }\n',
    "exercises/greet/tests/greet_test.go":
      'package greet\n\nimport "testing"\n\nfunc TestGreet(t *testing.T) {\n\tif Greet() != "hi" {\n\t\tt.Error("no")\n\t}\n}\n',
  };
  return { ...files, ...overrides };
}

async function writeCourse(root: string, folder: string, files: Files): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    if (content === null) continue;
    const file = path.join(root, folder, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
}

/** Asserts that some problem concerns `file` and its message matches `message`. */
function assertProblem(problems: CurriculumProblem[], file: string, message: RegExp): void {
  const found = problems.some((p) => p.file === file && message.test(p.message));
  assert.ok(
    found,
    `expected a problem for ${file} matching ${message}, got:\n${problems.map((p) => `  ${p.file}: ${p.message}`).join("\n")}`,
  );
}

describe("loadCurriculum on the real curriculum", () => {
  it("loads every course with zero problems", async () => {
    const loaded = await loadCurriculum(REAL_CURRICULUM);
    assert.deepEqual(loaded.problems, []);
    const course = loaded.courses.find((c) => c.slug === "go-first-steps");
    assert.ok(course, "go-first-steps is loaded");
    assert.equal(course.id, "go-first-steps");
    assert.equal(course.level, "beginner");
    assert.match(course.contentHash, /^[0-9a-f]{64}$/);
    const items = course.modules.flatMap((m) => m.items);
    assert.equal(items.filter((i) => i.kind === "lesson").length, 6);
    assert.equal(items.filter((i) => i.kind === "exercise").length, 6);
  });

  it("has the hello exercise first, as the end-to-end test expects", async () => {
    const loaded = await loadCurriculum(REAL_CURRICULUM);
    const course = loaded.courses.find((c) => c.slug === "go-first-steps");
    const first = course?.modules[0]?.items.find((i): i is ExerciseFile => i.kind === "exercise");
    assert.ok(first);
    assert.equal(first.id, "go-first-steps.hello");
    assert.deepEqual(Object.keys(first.starter), ["hello.go"]);
    assert.match(first.starter["hello.go"] ?? "", /func Hello\(name string\) string/);
    assert.ok(first.hints.length >= 2);
  });

  it("gives the same content hash on every load", async () => {
    const a = await loadCurriculum(REAL_CURRICULUM);
    const b = await loadCurriculum(REAL_CURRICULUM);
    assert.deepEqual(
      a.courses.map((c) => c.contentHash),
      b.courses.map((c) => c.contentHash),
    );
  });
});

describe("loadCurriculum on a valid fixture", () => {
  it("parses every field", async () => {
    const root = await tempRoot();
    await writeCourse(root, "demo", validCourse("demo"));
    await writeFile(path.join(root, "README.md"), "Top-level files are ignored.\n");
    const { courses, problems } = await loadCurriculum(root);
    assert.deepEqual(problems, []);
    assert.equal(courses.length, 1);
    const course = courses[0];
    assert.ok(course);
    assert.equal(course.dir, path.join(root, "demo"));
    assert.equal(course.description, "Some **markdown**.\n");
    assert.deepEqual(course.tags, ["go", "test"]);
    const [lesson, exercise] = course.modules[0]?.items ?? [];
    assert.deepEqual(lesson as LessonFile, {
      kind: "lesson",
      id: "demo.intro",
      slug: "intro",
      title: "Introduction",
      minutes: 5,
      body: "# Introduction\n\nHello, world.\n",
    });
    assert.ok(exercise?.kind === "exercise");
    assert.equal(exercise.slug, "greet");
    assert.deepEqual(exercise.prerequisites, []);
    assert.deepEqual(exercise.limits, { runMs: 5000, memoryBytes: 268435456 });
    assert.equal(exercise.goVersion, "1.22");
    assert.deepEqual(Object.keys(exercise.tests), ["greet_test.go"]);
    assert.equal(exercise.instructions, "Write `Greet`.\n");
  });

  it("reads limits, prerequisites and hyphenated exercise slugs", async () => {
    const root = await tempRoot();
    const course = validCourse("demo", {
      "course.yaml": (validCourse("demo")["course.yaml"] ?? "").replace(
        "      - exercise: greet\n",
        "      - exercise: greet\n      - exercise: say-hi\n",
      ),
      "exercises/say-hi/exercise.yaml": `id: demo.say-hi
title: Say hi
difficulty: medium
minutes: 10
concepts: []
prerequisites: [demo.greet, demo.intro]
goVersion: "1.23"
limits: { runMs: 5000, memoryBytes: 268435456 }
hints: [one, two]
`,
      "exercises/say-hi/instructions.md": "Say hi.\n",
      "exercises/say-hi/starter/hi.go": "package sayhi\n",
      "exercises/say-hi/solution/hi.go": "package sayhi\n",
      "exercises/say-hi/tests/hi_test.go":
        'package sayhi_test\n\nimport "testing"\n\nfunc TestHi(t *testing.T) {}\n',
    });
    await writeCourse(root, "demo", course);
    const { courses, problems } = await loadCurriculum(root);
    assert.deepEqual(problems, []);
    const sayHi = courses[0]?.modules[0]?.items[2];
    assert.ok(sayHi?.kind === "exercise");
    assert.deepEqual(sayHi.limits, { runMs: 5000, memoryBytes: 268435456 });
    assert.deepEqual(sayHi.prerequisites, ["demo.greet", "demo.intro"]);
    assert.equal(sayHi.goVersion, "1.23");
  });

  it("hashes content, not location", async () => {
    const a = await tempRoot();
    const b = await tempRoot();
    await writeCourse(a, "demo", validCourse("demo"));
    await writeCourse(b, "demo", validCourse("demo"));
    const hashA = (await loadCurriculum(a)).courses[0]?.contentHash;
    const hashB = (await loadCurriculum(b)).courses[0]?.contentHash;
    assert.ok(hashA);
    assert.equal(hashA, hashB);

    await writeCourse(b, "demo", { "exercises/greet/instructions.md": "Write `Greet`!\n" });
    const changed = (await loadCurriculum(b)).courses[0]?.contentHash;
    assert.notEqual(changed, hashA, "one changed byte changes the hash");

    const c = await tempRoot();
    await writeCourse(c, "demo", validCourse("demo", { "lessons/intro.md": null }));
    await writeCourse(c, "demo", {
      "course.yaml": (validCourse("demo")["course.yaml"] ?? "").replace("lesson: intro", "lesson: start"),
      "lessons/start.md": validCourse("demo")["lessons/intro.md"] ?? "",
    });
    const renamed = await loadCurriculum(c);
    assert.deepEqual(renamed.problems, []);
    assert.notEqual(renamed.courses[0]?.contentHash, hashA, "renaming a file changes the hash");
  });
});

describe("loadCurriculum on broken content", () => {
  it("reports every problem at once, each with its file, and keeps the good courses", async () => {
    const root = await tempRoot();
    await writeCourse(root, "good", validCourse("good"));
    await writeCourse(
      root,
      "bad-yaml",
      validCourse("bad-yaml", { "course.yaml": "id: bad-yaml\ntitle: [unclosed\n" }),
    );
    await writeCourse(
      root,
      "bad-schema",
      validCourse("bad-schema", {
        "course.yaml": (validCourse("bad-schema")["course.yaml"] ?? "")
          .replace("level: beginner", "level: expert\ncolour: blue")
          .replace("      - exercise: greet\n", "      - exercise: greet\n      - {}\n")
          .replace(/^title: .*\n/m, ""),
      }),
    );
    await writeCourse(
      root,
      "bad-refs",
      validCourse("bad-refs", {
        "course.yaml": (validCourse("bad-refs")["course.yaml"] ?? "").replace(
          "      - exercise: greet\n",
          "      - exercise: greet\n      - lesson: missing\n      - exercise: ghost\n      - lesson: intro\n",
        ),
        "lessons/orphan.md": "---\nid: bad-refs.orphan\ntitle: Orphan\nminutes: 1\n---\nNot listed.\n",
        "lessons/no-front.md": "# No front matter\n",
        "lessons/Bad_Name.md": "---\nid: bad-refs.x\ntitle: X\nminutes: 1\n---\nx\n",
        "notes.txt": "stray file\n",
      }),
    );
    await writeCourse(
      root,
      "bad-exercise",
      validCourse("bad-exercise", {
        "exercises/greet/exercise.yaml": `id: bad-exercise.greet
title: Greet
difficulty: trivial
minutes: 5
concepts: [functions]
prerequisites: [bad-exercise.nowhere]
goVersion: 1.22
limits: { runMs: 5, processes: 4 }
hints: []
extra: true
`,
        "exercises/greet/starter/extra.go": "package greet\n",
        "exercises/greet/solution/greet.go": "package hello\n",
        "exercises/greet/tests/helpers.go": "package greet\n",
        "exercises/greet/tests/bad name_test.go": "package greet\n",
        "exercises/greet/tests/greet_windows_test.go": "package greet\n",
        "exercises/greet/instructions.md": null,
      }),
    );
    // A symbolic link inside a course is refused, not followed.
    await symlink("/etc/passwd", path.join(root, "bad-exercise", "exercises", "greet", "starter", "link.go"));
    // A folder without course.yaml, and a symbolic link at the top level.
    await mkdir(path.join(root, "not-a-course"));
    await writeFile(path.join(root, "not-a-course", "x.md"), "x");
    await symlink(path.join(root, "good"), path.join(root, "linked-course"));

    const { courses, problems } = await loadCurriculum(root);

    assert.deepEqual(
      courses.map((c) => c.slug),
      ["good"],
    );
    // bad-yaml
    assertProblem(problems, "bad-yaml/course.yaml", /^invalid YAML: /);
    // bad-schema: all three schema problems of one file at once
    assertProblem(problems, "bad-schema/course.yaml", /^title: is required$/);
    assertProblem(problems, "bad-schema/course.yaml", /^level: /);
    assertProblem(problems, "bad-schema/course.yaml", /^unknown key "colour"$/);
    // bad-refs
    assertProblem(
      problems,
      "bad-refs/course.yaml",
      /items\[2\]: lesson "missing" not found \(expected lessons\/missing\.md\)/,
    );
    assertProblem(problems, "bad-refs/course.yaml", /items\[3\]: exercise "ghost" not found/);
    assertProblem(problems, "bad-refs/course.yaml", /items\[4\]: lesson "intro" is listed more than once/);
    assertProblem(
      problems,
      "bad-schema/course.yaml",
      /^modules\[0\]\.items\[2\]: an item must have exactly one key/,
    );
    assertProblem(problems, "bad-refs/lessons/orphan.md", /not listed in any module/);
    assertProblem(problems, "bad-refs/lessons/no-front.md", /front matter/);
    assertProblem(problems, "bad-refs/lessons/Bad_Name.md", /<slug>\.md/);
    assertProblem(problems, "bad-refs/notes.txt", /unexpected file/);
    // bad-exercise
    const yaml = "bad-exercise/exercises/greet/exercise.yaml";
    assertProblem(problems, yaml, /^difficulty: /);
    assertProblem(problems, yaml, /^goVersion: must be a quoted string/);
    assertProblem(problems, yaml, /^hints: give at least one hint$/);
    assertProblem(problems, yaml, /^limits\.runMs: must be at least 50 ms$/);
    assertProblem(problems, yaml, /^limits\.processes: must be at least 16 processes$/);
    assertProblem(problems, yaml, /^unknown key "extra"$/);
    assertProblem(problems, "bad-exercise/exercises/greet/instructions.md", /^missing file$/);
    assertProblem(
      problems,
      "bad-exercise/exercises/greet/starter/extra.go",
      /no matching solution\/extra\.go/,
    );
    assertProblem(
      problems,
      "bad-exercise/exercises/greet/solution/greet.go",
      /declares package hello.*package greet/,
    );
    assertProblem(problems, "bad-exercise/exercises/greet/tests/helpers.go", /must end in _test\.go/);
    assertProblem(problems, "bad-exercise/exercises/greet/tests/bad name_test.go", /must match/);
    assertProblem(problems, "bad-exercise/exercises/greet/tests/greet_windows_test.go", /_windows/);
    assertProblem(problems, "bad-exercise/exercises/greet/starter/link.go", /symbolic links are not allowed/);
    // the top level
    assertProblem(problems, "not-a-course/course.yaml", /missing course\.yaml/);
    assertProblem(problems, "linked-course", /symbolic links are not allowed/);

    // Problems are grouped by file.
    const files = problems.map((p) => p.file);
    assert.deepEqual(
      files,
      [...files].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))),
    );
  });

  it("reports unknown prerequisites even when the exercise yaml is otherwise fine", async () => {
    const root = await tempRoot();
    const course = validCourse("demo");
    course["exercises/greet/exercise.yaml"] = (course["exercises/greet/exercise.yaml"] ?? "").replace(
      "hints:",
      "prerequisites: [demo.intro, demo.nowhere]\nhints:",
    );
    await writeCourse(root, "demo", course);
    const { courses, problems } = await loadCurriculum(root);
    assert.deepEqual(courses, []);
    assert.deepEqual(problems, [
      {
        file: "demo/exercises/greet/exercise.yaml",
        message: 'prerequisites: unknown lesson or exercise id "demo.nowhere"',
      },
    ]);
  });

  it("reports duplicate ids across the whole curriculum, at every occurrence", async () => {
    const root = await tempRoot();
    await writeCourse(root, "one", validCourse("one"));
    // Course "two" reuses course one's exercise id, and its lesson reuses its own exercise id.
    const two = validCourse("two");
    two["exercises/greet/exercise.yaml"] = (two["exercises/greet/exercise.yaml"] ?? "").replace(
      "id: two.greet",
      "id: one.greet",
    );
    two["lessons/intro.md"] = (two["lessons/intro.md"] ?? "").replace("id: two.intro", "id: two.basics");
    await writeCourse(root, "two", two);
    const { courses, problems } = await loadCurriculum(root);
    assert.deepEqual(courses, []);
    assertProblem(
      problems,
      "one/exercises/greet/exercise.yaml",
      /duplicate id "one\.greet": also used by exercise in two\//,
    );
    assertProblem(problems, "two/exercises/greet/exercise.yaml", /duplicate id "one\.greet"/);
    assertProblem(problems, "two/exercises/greet/exercise.yaml", /must start with the course id, "two\."/);
    assertProblem(
      problems,
      "two/lessons/intro.md",
      /duplicate id "two\.basics": also used by module in two\/course\.yaml/,
    );
    assertProblem(problems, "two/course.yaml", /duplicate id "two\.basics"/);
  });

  it("reports prerequisite cycles and prerequisites in broken courses", async () => {
    const root = await tempRoot();
    const withSecond = (slug: string, firstPrereqs: string, secondPrereqs: string): Files =>
      validCourse(slug, {
        "course.yaml": (validCourse(slug)["course.yaml"] ?? "").replace(
          "      - exercise: greet\n",
          "      - exercise: greet\n      - exercise: wave\n",
        ),
        "exercises/greet/exercise.yaml": (validCourse(slug)["exercises/greet/exercise.yaml"] ?? "").replace(
          "hints:",
          `prerequisites: [${firstPrereqs}]\nhints:`,
        ),
        "exercises/wave/exercise.yaml": (validCourse(slug)["exercises/greet/exercise.yaml"] ?? "")
          .replace(`id: ${slug}.greet`, `id: ${slug}.wave`)
          .replace("hints:", `prerequisites: [${secondPrereqs}]\nhints:`),
        "exercises/wave/instructions.md": "Wave.\n",
        "exercises/wave/starter/wave.go": "package wave\n",
        "exercises/wave/solution/wave.go": "package wave\n",
        "exercises/wave/tests/wave_test.go":
          'package wave\n\nimport "testing"\n\nfunc TestWave(t *testing.T) {}\n',
      });
    await writeCourse(root, "loop", withSecond("loop", "loop.wave", "loop.greet"));
    // "later" depends on an exercise of "loop", which has problems, so "later" is not imported either.
    await writeCourse(root, "later", withSecond("later", "loop.greet", ""));
    const { courses, problems } = await loadCurriculum(root);
    assert.deepEqual(courses, []);
    assertProblem(
      problems,
      "loop/exercises/greet/exercise.yaml",
      /cycle: loop\.greet → loop\.wave → loop\.greet/,
    );
    assertProblem(problems, "loop/exercises/wave/exercise.yaml", /cycle/);
    assertProblem(
      problems,
      "later/exercises/greet/exercise.yaml",
      /"loop\.greet" belongs to course "loop", which has problems/,
    );
  });

  it("reports missing folders, empty files and non-UTF-8 text", async () => {
    const root = await tempRoot();
    await writeCourse(
      root,
      "demo",
      validCourse("demo", {
        "exercises/greet/tests/greet_test.go": null,
        "exercises/greet/starter/greet.go": null,
        "exercises/greet/solution/greet.go": null,
        "exercises/greet/solution/_hidden.go": "package greet\n",
        "lessons/intro.md": "---\nid: demo.intro\ntitle: Intro\nminutes: 0\n---\n\n",
      }),
    );
    await writeFile(path.join(root, "demo/exercises/greet/instructions.md"), Buffer.from([0xff, 0xfe, 0x00]));
    const { problems } = await loadCurriculum(root);
    assertProblem(problems, "demo/exercises/greet/tests/", /missing tests files/);
    assertProblem(problems, "demo/exercises/greet/starter/", /missing starter files/);
    assertProblem(
      problems,
      "demo/exercises/greet/solution/_hidden.go",
      /ignores files whose name starts with _/,
    );
    assertProblem(problems, "demo/exercises/greet/instructions.md", /not valid UTF-8/);
    assertProblem(problems, "demo/lessons/intro.md", /^minutes: must be at least 1$/);
    assertProblem(problems, "demo/lessons/intro.md", /body .* is empty/);
  });

  it("throws only when the root itself cannot be read", async () => {
    const root = await tempRoot();
    await assert.rejects(loadCurriculum(path.join(root, "does-not-exist")), { code: "ENOENT" });
  });
});

describe("Go file helpers", () => {
  it("derives the package name from the slug", () => {
    assert.equal(exercisePackageName("split-bill"), "splitbill");
    assert.equal(exercisePackageName("hello"), "hello");
  });

  it("reads the package clause after comments", () => {
    assert.equal(
      packageClause("// Copyright\n/* block\n comment */\n\npackage greet // trailing\n"),
      "greet",
    );
    assert.equal(packageClause("//go:build ignore\n\npackage main\n"), "main");
    assert.equal(packageClause("func main() {}\n"), undefined);
  });

  it("checks file names the way the go tool reads them", () => {
    assert.deepEqual(goFileNameProblems("hello.go", "starter"), []);
    assert.deepEqual(goFileNameProblems("hello_test.go", "tests"), []);
    assert.deepEqual(goFileNameProblems("linux.go", "starter"), []);
    assert.match(goFileNameProblems("hello_test.go", "starter")[0] ?? "", /must not end in _test\.go/);
    assert.match(goFileNameProblems("net_linux_amd64.go", "solution")[0] ?? "", /_linux_amd64/);
    assert.match(goFileNameProblems("../x.go", "starter")[0] ?? "", /must match/);
    assert.match(goFileNameProblems("-x.go", "starter")[0] ?? "", /must match/);
    assert.match(goFileNameProblems("a..go", "starter")[0] ?? "", /without "\.\."/);
  });

  it("finds test functions", () => {
    assert.ok(hasTestFunction("func TestGreet(t *testing.T) {}"));
    assert.ok(hasTestFunction("func Test(t *testing.T) {}"));
    assert.ok(!hasTestFunction("func Testing(t *testing.T) {}"));
    assert.ok(!hasTestFunction("func helper() {}"));
  });
});
