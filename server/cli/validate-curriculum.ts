/**
 * Runs every exercise of the given courses through the real runner: the reference solution must pass
 * every test, and the starter must compile and fail at least one. Returns the number of failures.
 */
import type { CourseFile } from "../modules/catalog/index.ts";
import { createRunner } from "../modules/runner/index.ts";

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
    for (const course of courses) {
      for (const m of course.modules) {
        for (const item of m.items) {
          if (item.kind !== "exercise") continue;
          const base = { exerciseVersion: `validate:${item.id}`, testFiles: item.tests, limits: item.limits };
          const ref = await runner.run({ ...base, ownerKey: `ref:${item.id}`, files: item.solution });
          const starter = await runner.run({ ...base, ownerKey: `starter:${item.id}`, files: item.starter });
          const problems: string[] = [];
          if (ref.status !== "passed") problems.push(`reference solution: ${ref.status} — ${ref.message}`);
          if (starter.status === "compile_error")
            problems.push(`starter does not compile: ${starter.message}`);
          else if (starter.status === "passed") problems.push("starter already passes every test");
          failures += problems.length;
          print(
            problems.length === 0
              ? `✓ ${item.id} (reference passes ${ref.tests.length} tests, starter fails)`
              : `✗ ${item.id}: ${problems.join("; ")}`,
          );
        }
      }
    }
  } finally {
    await runner.close();
  }
  return failures;
}
