/**
 * Checks a curriculum with the real Go toolchain (docs/curriculum.md, "Checking exercises with Go"). Per
 * exercise, in two temporary modules with the go.mod the runner writes (solution + tests, starter + tests):
 * - starter, solution and tests are gofmt-formatted (`gofmt -l`, the gofmt next to the go binary);
 * - `go vet` is clean on solution + tests and on starter + tests;
 * - through the same runner learners use: the reference passes every test, and the runner's per-test
 *   report of it is exactly what plain `go test -json` reports for the same files (so the runner
 *   neither loses nor invents tests); the starter compiles and fails at least one test;
 * - exercises marked `race: true`: the reference passes `go test -race -count=N` (CGO_ENABLED=1, needs a
 *   C compiler), so flaky synchronisation shows up.
 * Per lesson: at least one complete program in a ```go fence (`package main` with `func main()`), and
 * every such program is gofmt-formatted, vet-clean and runs to exit status 0.
 * And, without Go: published ids never disappear (curriculum/published-ids.txt).
 */
import { spawn } from "node:child_process";
import { constants, existsSync, readFileSync, writeFileSync } from "node:fs";
import { access, mkdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { CourseFile } from "../modules/catalog/index.ts";
import { createRunner, type Runner, type Verdict } from "../modules/runner/index.ts";

type ExerciseOf<C extends CourseFile> = Extract<C["modules"][number]["items"][number], { kind: "exercise" }>;
type Exercise = ExerciseOf<CourseFile>;

/** How many times `race: true` references run under the race detector, unless --race-count says otherwise. */
export const DEFAULT_RACE_COUNT = 20;
/** Exercises checked at the same time: each step is sequential within an exercise. */
const PARALLEL_EXERCISES = 2;
/** Lines of tool output shown under a failing exercise, per failing step. */
const OUTPUT_LINES = 30;

export interface GoValidateOptions {
  raceCount?: number;
}

interface Tools {
  go: string;
  gofmt: string;
  /** Why `go test -race` cannot run here (no C compiler), or undefined when it can. */
  noRace?: string;
  env: NodeJS.ProcessEnv;
}

interface Checked {
  line: string;
  problems: number;
}

export async function validateCurriculumWithGo(
  courses: CourseFile[],
  workDir: string,
  print: (line: string) => void,
  options: GoValidateOptions = {},
): Promise<number> {
  const raceCount = options.raceCount ?? DEFAULT_RACE_COUNT;
  const tools = await findTools(workDir);
  if (tools === null) {
    print(
      "✗ Go toolchain not found (no go on PATH, /usr/local/go/bin or /usr/lib/go/bin): only the static checks ran",
    );
    return 1;
  }
  const exercises = courses.flatMap((c) =>
    c.modules.flatMap((m) =>
      m.items
        .filter((i): i is Exercise => i.kind === "exercise")
        .map((item) => ({ item, dir: path.join(c.dir, "exercises", item.slug) })),
    ),
  );
  const runner = await createRunner({
    boundToLoopback: true,
    workDir,
    cacheDir: `${workDir}/cache`,
    goBinary: tools.go,
  });
  let failures = 0;
  try {
    if (!runner.status().goAvailable) {
      print("✗ Go toolchain not found by the runner: only the static checks ran");
      return 1;
    }
    // Exercises run PARALLEL_EXERCISES at a time; their lines are printed in curriculum order.
    const results: Array<Checked | undefined> = [];
    let next = 0;
    let printed = 0;
    const worker = async () => {
      for (let n = next++; n < exercises.length; n = next++) {
        const { item, dir } = exercises[n] as (typeof exercises)[number];
        results[n] = await checkExercise(item, dir, path.join(workDir, "ex", String(n)), {
          runner,
          tools,
          raceCount,
        });
        for (let r = results[printed]; r !== undefined; r = results[printed]) {
          print(r.line);
          failures += r.problems;
          printed++;
        }
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_EXERCISES }, worker));
    for (const course of courses) {
      const checked = await checkLessonPrograms(course, path.join(workDir, "lessons", course.id), tools);
      print(checked.line);
      failures += checked.problems;
    }
  } finally {
    await runner.close();
  }
  return failures;
}

async function checkExercise(
  item: Exercise,
  exerciseDir: string,
  root: string,
  ctx: { runner: Runner; tools: Tools; raceCount: number },
): Promise<Checked> {
  const { runner, tools, raceCount } = ctx;
  const problems: string[] = [];
  const details: string[] = [];
  const fail = (problem: string, output = "") => {
    problems.push(problem);
    const lines = output
      .trimEnd()
      .split("\n")
      .filter((l) => l.trim() !== "");
    if (lines.length === 0) return;
    details.push(`      | ${problem}:`);
    for (const l of lines.slice(0, OUTPUT_LINES)) details.push(`      |   ${l}`);
    if (lines.length > OUTPUT_LINES) details.push(`      |   … ${lines.length - OUTPUT_LINES} more lines`);
  };
  const go = (args: string[], cwd: string, env: NodeJS.ProcessEnv = tools.env) =>
    run(tools.go, args, cwd, env, 15 * 60_000);

  // The two modules every Go step below shares: written once, reused by vet, go test and the race run.
  const solutionDir = path.join(root, "solution");
  const starterDir = path.join(root, "starter");
  await writeModule(solutionDir, item.goVersion, { ...item.solution, ...item.tests });
  await writeModule(starterDir, item.goVersion, { ...item.starter, ...item.tests });

  // gofmt on the curriculum's own files, so the names it prints are the ones to fix.
  const sources = (["starter", "solution", "tests"] as const).flatMap((side) =>
    Object.keys(item[side]).map((name) => `${side}/${name}`),
  );
  const fmt = await run(tools.gofmt, ["-l", ...sources], exerciseDir, tools.env, 60_000);
  if (fmt.code !== 0) fail("gofmt failed", fmt.output);
  else if (fmt.output.trim() !== "") {
    fail(`not gofmt-formatted: ${fmt.output.trim().split("\n").join(", ")} (run gofmt -w)`);
  }

  const vetSolution = await go(["vet", "./..."], solutionDir);
  if (vetSolution.code !== 0) fail("go vet fails on solution + tests", vetSolution.output);
  const vetStarter = await go(["vet", "./..."], starterDir);
  if (vetStarter.code !== 0) fail("go vet fails on starter + tests", vetStarter.output);

  const base = {
    exerciseVersion: `validate:${item.id}`,
    testFiles: item.tests,
    limits: item.limits,
    languageVersion: item.goVersion,
  };
  const ref = await runner.run({ ...base, ownerKey: `ref:${item.id}`, files: item.solution });
  const starter = await runner.run({ ...base, ownerKey: `starter:${item.id}`, files: item.starter });
  let raced = "";
  if (ref.status !== "passed") fail(`reference solution: ${ref.status} — ${ref.message}`, ref.output);
  else {
    const plain = await plainGoTest(solutionDir, go);
    const diff = compareReports(ref, plain);
    if (diff) fail(`runner and plain go test disagree: ${diff}`);
    if (item.race) {
      if (tools.noRace !== undefined) fail(`race: true, but go test -race cannot run: ${tools.noRace}`);
      else {
        const race = await go(
          ["test", "-race", `-count=${raceCount}`, "-timeout", "600s", "./..."],
          solutionDir,
          { ...tools.env, CGO_ENABLED: "1" },
        );
        if (race.code !== 0) fail(`reference fails under go test -race -count=${raceCount}`, race.output);
        raced = `, and under -race ×${raceCount}`;
      }
    }
  }
  const failing = starter.tests.filter((t) => t.status !== "pass" && t.status !== "skip").length;
  if (starter.status === "compile_error")
    fail(`starter does not compile: ${starter.message}`, starter.output);
  else if (starter.status === "passed") fail("starter already passes every test");
  else if (starter.status !== "failed" || failing === 0) {
    // The learner must see which tests fail, not a timeout or a crash before any test reports.
    fail(`starter fails without a failing test (${starter.status}): ${starter.message}`, starter.output);
  }

  if (problems.length > 0) {
    return {
      line: [`✗ ${item.id}: ${problems.join("; ")}`, ...details].join("\n"),
      problems: problems.length,
    };
  }
  return {
    line: `✓ ${item.id} (gofmt and vet clean; reference passes ${ref.tests.length} tests, as plain go test reports${raced}; starter fails ${failing} of ${starter.tests.length})`,
    problems: 0,
  };
}

/** A complete Go program in a lesson's Markdown, with the line its fence opens on. */
export interface LessonProgram {
  line: number;
  code: string;
}

/** The ```go blocks of `markdown` that are whole programs: `package main` with a `func main()`. */
export function lessonPrograms(markdown: string): LessonProgram[] {
  const out: LessonProgram[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (!/^```go\s*$/.test(lines[i] ?? "")) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i] ?? ""); i++) body.push(lines[i] ?? "");
    const code = `${body.join("\n")}\n`;
    const firstCode = body.find((l) => l.trim() !== "" && !l.trim().startsWith("//"));
    if (firstCode?.trim() === "package main" && /^func main\(\)/m.test(code)) {
      out.push({ line: start + 1, code });
    }
  }
  return out;
}

/** Every lesson program of a course: gofmt-clean, `go vet` clean, and `go run` exits 0. */
async function checkLessonPrograms(course: CourseFile, root: string, tools: Tools): Promise<Checked> {
  const version = await run(tools.go, ["env", "GOVERSION"], process.cwd(), tools.env, 60_000);
  // The toolchain's own language version, so lessons may use what it offers (e.g. range over int).
  const goVersion = /go(\d+\.\d+)/.exec(version.stdout)?.[1] ?? "1.22";
  const problems: string[] = [];
  let programs = 0;
  for (const item of course.modules.flatMap((m) => m.items)) {
    if (item.kind !== "lesson") continue;
    const found = lessonPrograms(item.body);
    if (found.length === 0) {
      problems.push(`${course.slug}/lessons/${item.slug}.md: no complete program (package main, func main)`);
    }
    for (const [n, program] of found.entries()) {
      programs++;
      const where = `${course.slug}/lessons/${item.slug}.md, program at line ${program.line}`;
      const dir = path.join(root, item.slug, String(n));
      await writeModule(dir, goVersion, { "main.go": program.code });
      const fmt = await run(tools.gofmt, ["-l", "main.go"], dir, tools.env, 60_000);
      if (fmt.output.trim() !== "") problems.push(`${where}: not gofmt-formatted`);
      const vet = await run(tools.go, ["vet", "."], dir, tools.env, 120_000);
      if (vet.code !== 0) {
        problems.push(`${where}: go vet fails: ${vet.output.trim().split("\n").slice(0, 3).join(" / ")}`);
        continue;
      }
      const ran = await run(tools.go, ["run", "."], dir, tools.env, 60_000);
      if (ran.code !== 0) {
        problems.push(`${where}: go run fails: ${ran.output.trim().split("\n").slice(-3).join(" / ")}`);
      }
    }
  }
  if (problems.length > 0) {
    return { line: problems.map((p) => `✗ ${p}`).join("\n"), problems: problems.length };
  }
  return {
    line: `✓ ${course.id}: ${programs} lesson program(s) gofmt and vet clean, and they run`,
    problems: 0,
  };
}

/** A module as the runner writes it: go.mod with the exercise's Go version, then the files. */
async function writeModule(dir: string, goVersion: string, files: Record<string, string>): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "go.mod"), `module exercise\n\ngo ${goVersion}\n`);
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
}

/** Test name → pass/fail/skip, as plain `go test -json` reports it for the reference solution. */
async function plainGoTest(
  dir: string,
  go: (args: string[], cwd: string) => Promise<{ code: number | null; output: string; stdout: string }>,
): Promise<Map<string, string>> {
  const { stdout } = await go(["test", "-json", "-count=1", "-timeout", "120s", "./..."], dir);
  const result = new Map<string, string>();
  for (const line of stdout.split("\n")) {
    if (!line.startsWith("{")) continue;
    const e = JSON.parse(line) as { Action?: string; Test?: string };
    if (e.Test && (e.Action === "pass" || e.Action === "fail" || e.Action === "skip"))
      result.set(e.Test, e.Action);
  }
  return result;
}

/** Runs a command; `output` is stdout and stderr interleaved, `stdout` alone. Kills it after `timeoutMs`. */
function run(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<{ code: number | null; output: string; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let output = "";
    let stdout = "";
    child.stdout.on("data", (b: Buffer) => {
      stdout += b.toString();
      output += b.toString();
    });
    child.stderr.on("data", (b: Buffer) => {
      output += b.toString();
    });
    // Its own process group, so the test binaries `go test` starts are stopped with it.
    const timer = setTimeout(() => {
      output += `\n(stopped after ${timeoutMs / 1000} s)`;
      if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
    }, timeoutMs);
    child.on("error", (err) => {
      clearTimeout(timer);
      resolve({ code: null, output: `${output}${err.message}`, stdout });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output, stdout });
    });
  });
}

/** The go binary (PATH, then the usual install folders), gofmt next to it, and whether cgo can build. */
async function findTools(workDir: string): Promise<Tools | null> {
  const dirs = [
    ...(process.env.PATH ?? "").split(path.delimiter).filter(Boolean),
    "/usr/local/go/bin",
    "/usr/lib/go/bin",
  ];
  const go = await firstExecutable("go", dirs);
  if (go === null) return null;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GOFLAGS: "-mod=mod",
    GOPROXY: "off",
    GOTOOLCHAIN: "local",
    GOWORK: "off",
    GO111MODULE: "on",
    GOSUMDB: "off",
    CGO_ENABLED: "0",
  };
  if (!env.GOCACHE && !env.HOME && !env.XDG_CACHE_HOME) env.GOCACHE = path.join(workDir, "gocache");
  const goEnv = await run(go, ["env", "GOROOT", "CC"], workDir, { ...env, CGO_ENABLED: "1" }, 60_000);
  if (goEnv.code !== 0) return null;
  const [goroot = "", cc = ""] = goEnv.stdout.split("\n").map((l) => l.trim());
  const gofmt =
    (await firstExecutable("gofmt", [path.join(goroot, "bin"), path.dirname(go)])) ??
    path.join(path.dirname(go), "gofmt");
  const compiler = cc.split(/\s+/)[0] ?? "";
  const found =
    compiler === ""
      ? null
      : compiler.includes("/")
        ? await firstExecutable(path.basename(compiler), [path.dirname(compiler)])
        : await firstExecutable(compiler, dirs);
  const noRace =
    found === null
      ? `no C compiler found (go env CC is ${JSON.stringify(cc)}): the race detector needs cgo; install one, e.g. apt-get install gcc`
      : undefined;
  return { go, gofmt, env, noRace };
}

async function firstExecutable(name: string, dirs: string[]): Promise<string | null> {
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      if ((await stat(candidate)).isFile()) return candidate;
    } catch {
      // Not here; try the next folder.
    }
  }
  return null;
}

/** A readable difference between the runner's tests and plain go test's, or null when they agree. */
export function compareReports(v: Pick<Verdict, "tests">, plain: Map<string, string>): string | null {
  const runner = new Map(v.tests.map((t) => [t.name, t.status]));
  const diffs: string[] = [];
  for (const [name, status] of plain) {
    const got = runner.get(name);
    if (got === undefined) diffs.push(`${name} missing from the runner's report`);
    else if (got !== status) diffs.push(`${name}: runner ${got}, go test ${status}`);
  }
  for (const name of runner.keys()) if (!plain.has(name)) diffs.push(`${name} reported only by the runner`);
  return diffs.length > 0 ? diffs.slice(0, 5).join(", ") : null;
}

export const PUBLISHED_IDS_FILE = "published-ids.txt";

/**
 * Ids are stable: once published, a lesson, exercise, module or course id must not disappear
 * (progress and attempts refer to it). New ids must be recorded, so a rename shows up as a
 * removal plus an addition in review. Returns problems; with `update`, records new ids instead.
 */
export function checkPublishedIds(dir: string, courses: CourseFile[], update: boolean): string[] {
  const file = path.join(dir, PUBLISHED_IDS_FILE);
  const current = new Set<string>();
  for (const c of courses) {
    current.add(c.id);
    for (const m of c.modules) {
      current.add(m.id);
      for (const i of m.items) current.add(i.id);
    }
  }
  const published = existsSync(file)
    ? readFileSync(file, "utf8")
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith("#"))
    : [];
  const known = new Set(published);
  const problems = published
    .filter((id) => !current.has(id))
    .map((id) => `published id ${id} is gone: ids never change once published (restore it)`);
  const fresh = [...current].filter((id) => !known.has(id)).sort();
  if (update) {
    if (fresh.length > 0) {
      const header = "# Every id ever published. Ids never change or disappear: progress refers to them.\n";
      writeFileSync(file, `${header}${[...published, ...fresh].sort().join("\n")}\n`);
    }
  } else {
    for (const id of fresh)
      problems.push(`new id ${id} is not recorded: run gopro curriculum validate --update-ids`);
  }
  return problems;
}
