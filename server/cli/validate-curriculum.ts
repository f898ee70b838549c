/**
 * Checks a curriculum with the real Go toolchain, through the same runner learners use:
 * - the reference solution passes every test, and the runner's per-test report of it is exactly what
 *   plain `go test -json` reports for the same files (so the runner neither loses nor invents tests);
 * - the starter compiles and fails at least one test.
 * And, without Go: published ids never disappear (curriculum/published-ids.txt).
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { CourseFile } from "../modules/catalog/index.ts";
import { createRunner, type Verdict } from "../modules/runner/index.ts";

type ExerciseOf<C extends CourseFile> = Extract<C["modules"][number]["items"][number], { kind: "exercise" }>;
type Exercise = ExerciseOf<CourseFile>;

const exercisesOf = (courses: CourseFile[]): Exercise[] =>
  courses.flatMap((c) =>
    c.modules.flatMap((m) => m.items.filter((i): i is Exercise => i.kind === "exercise")),
  );

export async function validateCurriculumWithGo(
  courses: CourseFile[],
  workDir: string,
  print: (line: string) => void,
): Promise<number> {
  const runner = await createRunner({ boundToLoopback: true, workDir, cacheDir: `${workDir}/cache` });
  let failures = 0;
  try {
    if (!runner.status().goAvailable) {
      print("✗ Go toolchain not found: only the static checks ran");
      return 1;
    }
    for (const item of exercisesOf(courses)) {
      const base = {
        exerciseVersion: `validate:${item.id}`,
        testFiles: item.tests,
        limits: item.limits,
        languageVersion: item.goVersion,
      };
      const ref = await runner.run({ ...base, ownerKey: `ref:${item.id}`, files: item.solution });
      const starter = await runner.run({ ...base, ownerKey: `starter:${item.id}`, files: item.starter });
      const problems: string[] = [];
      if (ref.status !== "passed") problems.push(`reference solution: ${ref.status} — ${ref.message}`);
      else {
        const plain = await plainGoTest(item, path.join(workDir, "plain"));
        const diff = compareReports(ref, plain);
        if (diff) problems.push(`runner and plain go test disagree: ${diff}`);
      }
      if (starter.status === "compile_error") problems.push(`starter does not compile: ${starter.message}`);
      else if (starter.status === "passed") problems.push("starter already passes every test");
      failures += problems.length;
      print(
        problems.length === 0
          ? `✓ ${item.id} (reference passes ${ref.tests.length} tests, as plain go test reports; starter fails)`
          : `✗ ${item.id}: ${problems.join("; ")}`,
      );
    }
  } finally {
    await runner.close();
  }
  return failures;
}

/** Test name → pass/fail/skip, as plain `go test -json` reports it for the reference solution. */
async function plainGoTest(item: Exercise, root: string): Promise<Map<string, string>> {
  await mkdir(root, { recursive: true });
  const dir = await mkdtemp(path.join(root, "ex-"));
  try {
    await writeFile(path.join(dir, "go.mod"), `module exercise\n\ngo ${item.goVersion}\n`);
    for (const [name, content] of Object.entries({ ...item.solution, ...item.tests })) {
      await writeFile(path.join(dir, name), content);
    }
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn("go", ["test", "-json", "-count=1", "./..."], {
        cwd: dir,
        env: { ...process.env, GOFLAGS: "-mod=mod", GOPROXY: "off", GOTOOLCHAIN: "local", CGO_ENABLED: "0" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let text = "";
      child.stdout.on("data", (b: Buffer) => {
        text += b.toString();
      });
      child.on("error", reject);
      child.on("close", () => resolve(text));
    });
    const result = new Map<string, string>();
    for (const line of out.split("\n")) {
      if (!line.startsWith("{")) continue;
      const e = JSON.parse(line) as { Action?: string; Test?: string };
      if (e.Test && (e.Action === "pass" || e.Action === "fail" || e.Action === "skip"))
        result.set(e.Test, e.Action);
    }
    return result;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
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
