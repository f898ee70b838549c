/**
 * Static checks on the Go files of an exercise: names the go tool will really compile, and the package clause.
 * Nothing here runs Go; the runtime checks (gofmt, go vet, solution passes, starter fails, -race) are
 * `gopro curriculum validate`'s (server/cli/validate-curriculum.ts).
 */

/**
 * Allowed Go file names, in exercises and in learner submissions: no directories, no leading dot or dash.
 * The runner should apply the same rule to the file names a learner sends.
 */
export const GO_FILE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*\.go$/;

// Suffixes that make the go tool build a file only on one OS or architecture (go/build's goodOSArchFile).
const KNOWN_OS = new Set(
  "aix android darwin dragonfly freebsd hurd illumos ios js linux nacl netbsd openbsd plan9 solaris wasip1 windows zos".split(
    " ",
  ),
);
const KNOWN_ARCH = new Set(
  "386 amd64 amd64p32 arm armbe arm64 arm64be loong64 mips mipsle mips64 mips64le mips64p32 mips64p32le ppc ppc64 ppc64le riscv riscv64 s390 s390x sparc sparc64 wasm".split(
    " ",
  ),
);

const GO_KEYWORDS = new Set(
  "break case chan const continue default defer else fallthrough for func go goto if import interface map package range return select struct switch type var".split(
    " ",
  ),
);

/** The Go package every file of an exercise declares: the slug without hyphens ("split-bill" → "splitbill"). */
export function exercisePackageName(slug: string): string {
  return slug.replaceAll("-", "");
}

/** Why `name` cannot be a Go package name, or undefined when it can. */
export function packageNameProblem(name: string): string | undefined {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
    return "is not a valid Go identifier (start the slug with a letter)";
  if (name === "_" || GO_KEYWORDS.has(name)) return "is a Go keyword";
  return undefined;
}

export type GoFileRole = "starter" | "solution" | "tests";

/** Problems with a Go file's name (base name only), given the folder it sits in. */
export function goFileNameProblems(name: string, role: GoFileRole): string[] {
  if (!GO_FILE_NAME.test(name) || name.includes("..") || name.length > 128) {
    return [
      `file name ${JSON.stringify(name)} must match ${GO_FILE_NAME.source}, without "..", in at most 128 characters`,
    ];
  }
  const problems: string[] = [];
  const isTest = name.endsWith("_test.go");
  if (role === "tests" && !isTest) problems.push("test files must end in _test.go");
  if (role !== "tests" && isTest)
    problems.push(`${role} files must not end in _test.go (tests belong in tests/)`);
  if (name.startsWith("_")) problems.push("the go tool ignores files whose name starts with _");
  const constraint = buildConstraintSuffix(name);
  if (constraint !== undefined) {
    problems.push(
      `the suffix _${constraint} makes the go tool build this file only for that OS/architecture; rename it`,
    );
  }
  return problems;
}

/** The GOOS/GOARCH suffix that restricts where a file is built (as go/build reads it), if any. */
function buildConstraintSuffix(fileName: string): string | undefined {
  const dot = fileName.indexOf(".");
  let name = dot < 0 ? fileName : fileName.slice(0, dot);
  const underscore = name.indexOf("_");
  if (underscore < 0) return undefined;
  name = name.slice(underscore);
  const parts = name.split("_");
  if (parts.at(-1) === "test") parts.pop();
  const last = parts.at(-1);
  const beforeLast = parts.at(-2);
  if (parts.length >= 2 && beforeLast !== undefined && last !== undefined) {
    if (KNOWN_OS.has(beforeLast) && KNOWN_ARCH.has(last)) return `${beforeLast}_${last}`;
  }
  if (last !== undefined && (KNOWN_OS.has(last) || KNOWN_ARCH.has(last))) return last;
  return undefined;
}

/** The name in the file's `package` clause (after any comments), or undefined if there is none. */
export function packageClause(source: string): string | undefined {
  let i = 0;
  for (;;) {
    while (i < source.length && /\s/.test(source.charAt(i))) i++;
    if (source.startsWith("//", i)) {
      const end = source.indexOf("\n", i);
      if (end < 0) return undefined;
      i = end + 1;
    } else if (source.startsWith("/*", i)) {
      const end = source.indexOf("*/", i + 2);
      if (end < 0) return undefined;
      i = end + 2;
    } else {
      break;
    }
  }
  const match = /^package[ \t]+([\p{L}_][\p{L}\p{Nd}_]*)/u.exec(source.slice(i));
  return match?.[1];
}

/** Whether a test file source declares at least one test function (`func TestXxx(t *testing.T)`). */
export function hasTestFunction(source: string): boolean {
  return /^func[ \t]+Test(?![\p{Ll}])[\p{L}\p{Nd}_]*[ \t]*\(/mu.test(source);
}
