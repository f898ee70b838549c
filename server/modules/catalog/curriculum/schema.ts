/**
 * zod schemas for the YAML files of a curriculum (see docs/curriculum.md), and the helper that turns
 * zod issues into curriculum problems. Objects are strict: an unknown key is a problem, not ignored.
 */
import { z } from "zod";

/** Course ids, course slugs, lesson and exercise slugs, tags: "go-first-steps". */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Ids of modules, lessons and exercises: "<course-id>.<name>", e.g. "go-first-steps.hello". */
export const ITEM_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*\.[a-z0-9]+(?:-[a-z0-9]+)*$/;

const slug = z
  .string()
  .regex(SLUG_PATTERN, 'must be lower-case letters, digits and single hyphens, like "go-first-steps"');
const itemId = z
  .string()
  .regex(ITEM_ID_PATTERN, 'must look like "<course-id>.<name>", e.g. "go-first-steps.hello"');
const text = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine((s) => s.trim().length > 0, "must not be empty");
const minutes = z
  .number()
  .int({ error: "must be a whole number of minutes" })
  .min(1, "must be at least 1")
  .max(600, "must be at most 600");
/** A limit in the range the runner accepts (its floor and ceiling, server/modules/runner/limits.ts). */
const limit = (min: number, max: number, unit: string) =>
  z
    .number()
    .int({ error: "must be a whole number" })
    .min(min, `must be at least ${min} ${unit}`)
    .max(max, `must be at most ${max} ${unit}`);
const MiB = 1024 * 1024;

function unique<T>(what: string) {
  return (values: T[], ctx: z.RefinementCtx) => {
    const seen = new Set<T>();
    values.forEach((value, index) => {
      if (seen.has(value)) {
        ctx.addIssue({
          code: "custom",
          path: [index],
          message: `duplicate ${what} ${JSON.stringify(value)}`,
        });
      }
      seen.add(value);
    });
  };
}

export const ItemRefSchema = z
  .strictObject({ lesson: slug.optional(), exercise: slug.optional() })
  .refine(
    (item) => (item.lesson === undefined) !== (item.exercise === undefined),
    "an item must have exactly one key: `lesson: <slug>` or `exercise: <slug>`",
  );
export type ItemRef = z.infer<typeof ItemRefSchema>;

export const CourseYamlSchema = z.strictObject({
  id: slug,
  slug,
  title: text(120),
  summary: text(300),
  description: text(20_000),
  level: z.enum(["beginner", "intermediate", "advanced"]),
  tags: z.array(slug).max(20, "at most 20 tags").superRefine(unique("tag")),
  modules: z
    .array(
      z.strictObject({
        id: itemId,
        title: text(120),
        items: z.array(ItemRefSchema).min(1, "a module needs at least one item"),
      }),
    )
    .min(1, "a course needs at least one module"),
});
export type CourseYaml = z.infer<typeof CourseYamlSchema>;

export const LessonFrontMatterSchema = z.strictObject({
  id: itemId,
  title: text(120),
  minutes,
});
export type LessonFrontMatter = z.infer<typeof LessonFrontMatterSchema>;

export const ExerciseYamlSchema = z.strictObject({
  id: itemId,
  title: text(120),
  difficulty: z.enum(["easy", "medium", "hard"]),
  minutes,
  concepts: z.array(text(60)).superRefine(unique("concept")),
  prerequisites: z.array(itemId).superRefine(unique("prerequisite")).default([]),
  goVersion: z
    .string({ error: 'must be a quoted string such as "1.22" (unquoted, YAML reads 1.20 as the number 1.2)' })
    .regex(/^1\.\d{1,3}$/, 'must be a Go language version such as "1.22"'),
  /** Required, so every exercise states what it needs to run; compile and output limits may be left out. */
  limits: z.strictObject({
    compileMs: limit(100, 120_000, "ms").optional(),
    runMs: limit(50, 60_000, "ms"),
    memoryBytes: limit(16 * MiB, 4096 * MiB, "bytes"),
    outputBytes: limit(1024, 16 * MiB, "bytes").optional(),
    processes: limit(16, 1024, "processes").optional(),
  }),
  hints: z.array(text(2_000)).min(1, "give at least one hint"),
  /** The reference must pass under `go test -race`, repeatedly: concurrency exercises set this. */
  race: z.boolean({ error: "must be true or false" }).default(false),
});
export type ExerciseYaml = z.infer<typeof ExerciseYamlSchema>;

/** A problem before it is given its file. */
export interface FileProblem {
  message: string;
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** Validates `data` against `schema`; returns the parsed value, or the problems as readable messages. */
export function validateWith<T>(
  schema: z.ZodType<T>,
  data: unknown,
): { ok: true; value: T } | { ok: false; problems: FileProblem[] } {
  const result = schema.safeParse(data, {
    error: (issue) => {
      if (issue.code === "invalid_type" && issue.input === undefined) return "is required";
      return undefined;
    },
  });
  if (result.success) return { ok: true, value: result.data };
  const problems = result.error.issues.map((issue) => {
    const where = formatPath(issue.path);
    const message =
      issue.code === "unrecognized_keys"
        ? `unknown ${issue.keys.length === 1 ? "key" : "keys"} ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}`
        : issue.message;
    return { message: where === "" ? message : `${where}: ${message}` };
  });
  return { ok: false, problems };
}
