/**
 * The in-memory shape of a curriculum read from files (see docs/curriculum.md for the on-disk format).
 * Produced by `loadCurriculum`, consumed by the catalog import and by `gopro curriculum validate`.
 */
export type Level = "beginner" | "intermediate" | "advanced";
export type Difficulty = "easy" | "medium" | "hard";

export interface LessonFile {
  kind: "lesson";
  /** Stable id, never changes once published, e.g. "go-first-steps.hello-go". */
  id: string;
  slug: string;
  title: string;
  minutes: number;
  /** Markdown body without the front matter. */
  body: string;
}

export interface ExerciseLimits {
  compileMs?: number;
  runMs?: number;
  memoryBytes?: number;
  outputBytes?: number;
}

export interface ExerciseFile {
  kind: "exercise";
  id: string;
  slug: string;
  title: string;
  difficulty: Difficulty;
  minutes: number;
  concepts: string[];
  prerequisites: string[];
  goVersion: string;
  limits: ExerciseLimits;
  hints: string[];
  /** Checked under `go test -race` with repeated runs by the curriculum validator. */
  race: boolean;
  /** Markdown instructions. */
  instructions: string;
  /** Files the learner edits, name → content. */
  starter: Record<string, string>;
  /** Reference solution, same file names as starter. */
  solution: Record<string, string>;
  /** Hidden tests, name → content (all end in _test.go). */
  tests: Record<string, string>;
}

export interface ModuleFile {
  id: string;
  title: string;
  /** Lessons and exercises in reading order. */
  items: Array<LessonFile | ExerciseFile>;
}

export interface CourseFile {
  id: string;
  slug: string;
  title: string;
  summary: string;
  /** Markdown. */
  description: string;
  level: Level;
  tags: string[];
  modules: ModuleFile[];
  /** sha256 over every file of the course, hex: the content version. */
  contentHash: string;
  /** Folder the course was read from. */
  dir: string;
}

export interface CurriculumProblem {
  /** File path relative to the curriculum root, e.g. "go-first-steps/exercises/greet/exercise.yaml". */
  file: string;
  message: string;
}

export interface LoadedCurriculum {
  courses: CourseFile[];
  problems: CurriculumProblem[];
}
