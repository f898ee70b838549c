/**
 * Reads a curriculum from disk (format: docs/curriculum.md) and validates it statically.
 *
 * `loadCurriculum` never throws on bad content: it reports every problem it can find at once, each with the
 * file it concerns, and returns only the courses that have no problem of their own. It throws only when the
 * root folder itself cannot be read. Symbolic links are never followed.
 */
import { createHash } from "node:crypto";
import type { Dirent } from "node:fs";
import { lstat, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { Marked } from "marked";
import { parseDocument } from "yaml";
import type { z } from "zod";
import {
  exercisePackageName,
  GO_FILE_NAME,
  type GoFileRole,
  goFileNameProblems,
  hasTestFunction,
  packageClause,
  packageNameProblem,
} from "./go-files.ts";
import {
  CourseYamlSchema,
  type ExerciseYaml,
  ExerciseYamlSchema,
  LessonFrontMatterSchema,
  SLUG_PATTERN,
  validateWith,
} from "./schema.ts";
import type {
  CourseFile,
  CurriculumProblem,
  ExerciseFile,
  LessonFile,
  LoadedCurriculum,
  ModuleFile,
} from "./types.ts";

/** Files larger than this are refused (curriculum files are small text files). */
export const MAX_CURRICULUM_FILE_BYTES = 1024 * 1024;

const COURSE_FILE = "course.yaml";
const EXERCISE_FILE = "exercise.yaml";
const INSTRUCTIONS_FILE = "instructions.md";
const GO_FOLDERS: readonly GoFileRole[] = ["starter", "solution", "tests"];

export async function loadCurriculum(rootDir: string): Promise<LoadedCurriculum> {
  const root = path.resolve(rootDir);
  // Deliberately not caught: an unreadable root is an operational error, not a content problem.
  const entries = await readdir(root, { withFileTypes: true });
  entries.sort((a, b) => compareNames(a.name, b.name));

  const problems: CurriculumProblem[] = [];
  const parsed: ParsedCourse[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith(".")) continue;
    if (entry.isSymbolicLink()) {
      problems.push({
        file: entry.name,
        message: "symbolic links are not allowed in a curriculum (not followed)",
      });
      continue;
    }
    if (!entry.isDirectory()) continue; // README files and the like at the top level are fine.
    const dir = path.join(root, entry.name);
    const tree = await readTree(dir, entry.name);
    if (!tree.files.has(COURSE_FILE)) {
      problems.push(...tree.problems);
      problems.push({
        file: `${entry.name}/${COURSE_FILE}`,
        message: "missing course.yaml: every folder of the curriculum root must be a course",
      });
      continue;
    }
    parsed.push(parseCourse(entry.name, dir, tree));
  }

  crossCheck(parsed);

  for (const course of parsed) problems.push(...course.problems);
  // Stable sort: problems are grouped by file, in the order they were found within a file.
  problems.sort((a, b) => compareNames(a.file, b.file));
  const courses = parsed
    .filter((course) => course.problems.length === 0 && course.result !== undefined)
    .map((course) => course.result as CourseFile);
  return { courses, problems };
}

// ---------- reading files ----------

interface Tree {
  /** Course-relative POSIX path → bytes, for every regular file. */
  files: Map<string, Buffer>;
  /** Course-relative POSIX paths of every folder. */
  dirs: Set<string>;
  problems: CurriculumProblem[];
}

/** Reads every regular file below `dir` without following symbolic links. */
async function readTree(dir: string, courseFolder: string): Promise<Tree> {
  const tree: Tree = { files: new Map(), dirs: new Set(), problems: [] };
  const walk = async (abs: string, rel: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(abs, { withFileTypes: true });
    } catch (error) {
      tree.problems.push({
        file: join(courseFolder, rel),
        message: `cannot read folder: ${errorText(error)}`,
      });
      return;
    }
    entries.sort((a, b) => compareNames(a.name, b.name));
    for (const entry of entries) {
      const childRel = rel === "" ? entry.name : `${rel}/${entry.name}`;
      const childAbs = path.join(abs, entry.name);
      const file = join(courseFolder, childRel);
      if (entry.isSymbolicLink()) {
        tree.problems.push({
          file,
          message: "symbolic links are not allowed in a curriculum (not followed)",
        });
      } else if (entry.isDirectory()) {
        tree.dirs.add(childRel);
        await walk(childAbs, childRel);
      } else if (entry.isFile()) {
        try {
          const stats = await lstat(childAbs);
          if (stats.size > MAX_CURRICULUM_FILE_BYTES) {
            tree.problems.push({
              file,
              message: `file is too large (${stats.size} bytes, at most ${MAX_CURRICULUM_FILE_BYTES})`,
            });
            continue;
          }
          tree.files.set(childRel, await readFile(childAbs));
        } catch (error) {
          tree.problems.push({ file, message: `cannot read file: ${errorText(error)}` });
        }
      } else {
        tree.problems.push({ file, message: "not a regular file or folder" });
      }
    }
  };
  await walk(dir, "");
  return tree;
}

/**
 * sha256 over every file, in order of path (compared as UTF-8 bytes): for each file the course-relative
 * POSIX path, a NUL byte, the byte length in decimal, a NUL byte, then the bytes.
 */
export function contentHash(files: ReadonlyMap<string, Uint8Array>): string {
  const hash = createHash("sha256");
  const paths = [...files.keys()].sort(compareNames);
  for (const rel of paths) {
    const bytes = files.get(rel) as Uint8Array;
    hash.update(rel, "utf8");
    hash.update("\0");
    hash.update(String(bytes.byteLength));
    hash.update("\0");
    hash.update(bytes);
  }
  return hash.digest("hex");
}

// ---------- one course ----------

interface ParsedCourse {
  folder: string;
  problems: CurriculumProblem[];
  /** Every id this course defines, with the file that defines it. */
  ids: Array<{ id: string; file: string; kind: "course" | "module" | "lesson" | "exercise" }>;
  exercises: Array<{ id: string; file: string; prerequisites: string[] }>;
  /** The slug from course.yaml, once it parses. */
  slug?: string;
  /** Lesson bodies and exercise instructions, for the link check across courses. */
  markdown: MarkdownDoc[];
  result?: CourseFile;
}

interface MarkdownDoc {
  /** Path relative to the curriculum root. */
  file: string;
  text: string;
  /** Line of the file on which `text` starts (lesson bodies start after the front matter). */
  firstLine: number;
}

function parseCourse(folder: string, dir: string, tree: Tree): ParsedCourse {
  const course: ParsedCourse = { folder, problems: [...tree.problems], ids: [], exercises: [], markdown: [] };
  const report = (rel: string, message: string) => course.problems.push({ file: join(folder, rel), message });
  const texts = new TextCache(tree, report);

  // Sort every file into lessons, exercises or "unexpected".
  const lessonSlugs = new Set<string>();
  const exerciseSlugs = new Set<string>();
  for (const rel of [...tree.dirs, ...tree.files.keys()]) {
    const parts = rel.split("/");
    const isDir = tree.dirs.has(rel);
    if (parts.length === 1) {
      if (rel === COURSE_FILE || (isDir && (rel === "lessons" || rel === "exercises"))) continue;
      report(rel, "unexpected file or folder: a course holds only course.yaml, lessons/ and exercises/");
    } else if (parts[0] === "lessons") {
      const name = parts[1] as string;
      if (parts.length === 2 && !isDir && name.endsWith(".md") && SLUG_PATTERN.test(name.slice(0, -3))) {
        lessonSlugs.add(name.slice(0, -3));
      } else if (parts.length === 2) {
        report(rel, 'lessons/ holds only files named <slug>.md, with a lower-case slug such as "hello-go"');
      }
      // Deeper paths are reported through their parent folder.
    } else if (parts[0] === "exercises") {
      const name = parts[1] as string;
      if (parts.length === 2 && !isDir) {
        report(rel, "exercises/ holds only one folder per exercise");
      } else if (parts.length === 2 && !SLUG_PATTERN.test(name)) {
        report(rel, 'exercise folders must be named with a lower-case slug such as "split-bill"');
      } else if (parts.length === 2) {
        exerciseSlugs.add(name);
      }
    }
  }

  // Ids are registered as soon as they parse, even when something else in the same file is wrong,
  // so that a broken exercise does not also show up as an "unknown prerequisite" elsewhere.
  const itemIds: Array<{ id: string; rel: string }> = [];
  const lessons = new Map<string, LessonFile>();
  for (const slug of lessonSlugs) {
    const rel = `lessons/${slug}.md`;
    const { id, lesson, body } = parseLesson(slug, texts, report);
    if (body !== undefined) course.markdown.push({ file: join(folder, rel), ...body });
    if (id !== undefined) {
      itemIds.push({ id, rel });
      course.ids.push({ id, file: join(folder, rel), kind: "lesson" });
    }
    if (lesson !== undefined) lessons.set(slug, lesson);
  }
  const exercises = new Map<string, ExerciseFile>();
  for (const slug of exerciseSlugs) {
    const rel = `exercises/${slug}/${EXERCISE_FILE}`;
    const { yaml, exercise } = parseExercise(slug, tree, texts, report);
    if (yaml !== undefined) {
      itemIds.push({ id: yaml.id, rel });
      course.ids.push({ id: yaml.id, file: join(folder, rel), kind: "exercise" });
      course.exercises.push({ id: yaml.id, file: join(folder, rel), prerequisites: yaml.prerequisites });
    }
    if (exercise !== undefined) exercises.set(slug, exercise);
    const instructionsRel = `exercises/${slug}/${INSTRUCTIONS_FILE}`;
    const instructions = texts.get(instructionsRel);
    if (instructions !== undefined) {
      course.markdown.push({ file: join(folder, instructionsRel), text: instructions, firstLine: 1 });
    }
  }

  const yaml = parseYamlFile(COURSE_FILE, CourseYamlSchema, texts, report);
  if (yaml === undefined) return course;
  const courseFile = join(folder, COURSE_FILE);
  course.ids.push({ id: yaml.id, file: courseFile, kind: "course" });
  course.slug = yaml.slug;

  if (yaml.slug !== folder) {
    report(
      COURSE_FILE,
      `slug: ${JSON.stringify(yaml.slug)} must be the name of the course folder, ${JSON.stringify(folder)}`,
    );
  }
  const prefix = `${yaml.id}.`;
  const wrongPrefix = (id: string) => `id ${JSON.stringify(id)} must start with the course id, "${prefix}"`;
  for (const { id, rel } of itemIds) {
    if (!id.startsWith(prefix)) report(rel, wrongPrefix(id));
  }

  // Resolve the modules' items. Each lesson and exercise must be listed exactly once.
  const listed = new Set<string>();
  const modules: ModuleFile[] = [];
  yaml.modules.forEach((module, m) => {
    course.ids.push({ id: module.id, file: courseFile, kind: "module" });
    if (!module.id.startsWith(prefix)) report(COURSE_FILE, `modules[${m}].id: ${wrongPrefix(module.id)}`);
    const items: ModuleFile["items"] = [];
    module.items.forEach((item, i) => {
      const where = `modules[${m}].items[${i}]`;
      const kind = item.lesson !== undefined ? "lesson" : "exercise";
      const slug = (item.lesson ?? item.exercise) as string;
      const key = `${kind}:${slug}`;
      if (listed.has(key)) {
        report(COURSE_FILE, `${where}: ${kind} ${JSON.stringify(slug)} is listed more than once`);
        return;
      }
      listed.add(key);
      const found = kind === "lesson" ? lessonSlugs.has(slug) : exerciseSlugs.has(slug);
      if (!found) {
        const expected = kind === "lesson" ? `lessons/${slug}.md` : `exercises/${slug}/`;
        report(COURSE_FILE, `${where}: ${kind} ${JSON.stringify(slug)} not found (expected ${expected})`);
        return;
      }
      const resolved = kind === "lesson" ? lessons.get(slug) : exercises.get(slug);
      if (resolved !== undefined) items.push(resolved); // Otherwise its own file already has a problem.
    });
    modules.push({ id: module.id, title: module.title, items });
  });
  for (const slug of lessonSlugs) {
    if (!listed.has(`lesson:${slug}`))
      report(`lessons/${slug}.md`, "lesson is not listed in any module of course.yaml");
  }
  for (const slug of exerciseSlugs) {
    if (!listed.has(`exercise:${slug}`)) {
      report(`exercises/${slug}/`, "exercise is not listed in any module of course.yaml");
    }
  }

  course.result = {
    id: yaml.id,
    slug: yaml.slug,
    title: yaml.title,
    summary: yaml.summary,
    description: yaml.description,
    level: yaml.level,
    tags: yaml.tags,
    modules,
    contentHash: contentHash(tree.files),
    dir,
  };
  return course;
}

function parseLesson(
  slug: string,
  texts: TextCache,
  report: Report,
): { id?: string; lesson?: LessonFile; body?: { text: string; firstLine: number } } {
  const rel = `lessons/${slug}.md`;
  const source = texts.get(rel);
  if (source === undefined) return {};
  const match = /^---[ \t]*\r?\n(?:([\s\S]*?)\r?\n)?---[ \t]*(?:\r?\n|$)/.exec(source);
  if (match === null) {
    report(rel, "a lesson must start with YAML front matter between two --- lines (id, title, minutes)");
    return {};
  }
  const front = parseYamlText(match[1] ?? "", LessonFrontMatterSchema, (message) => report(rel, message));
  const body = source.slice(match[0].length).replace(/^(?:[ \t]*\r?\n)+/, "");
  if (body.trim() === "") report(rel, "the lesson body after the front matter is empty");
  const firstLine = source.slice(0, source.length - body.length).split("\n").length;
  const markdown = body.trim() === "" ? undefined : { text: body, firstLine };
  if (front === undefined) return { body: markdown };
  if (body.trim() === "") return { id: front.id };
  return {
    id: front.id,
    lesson: { kind: "lesson", id: front.id, slug, title: front.title, minutes: front.minutes, body },
    body: markdown,
  };
}

function parseExercise(
  slug: string,
  tree: Tree,
  texts: TextCache,
  report: Report,
): { yaml?: ExerciseYaml; exercise?: ExerciseFile } {
  const base = `exercises/${slug}`;
  let ok = true;
  const fail = (rel: string, message: string) => {
    ok = false;
    report(rel, message);
  };

  // Anything besides the known files and folders is a mistake (a typo such as "test/" or "solutions/").
  const goFiles: Record<GoFileRole, string[]> = { starter: [], solution: [], tests: [] };
  for (const rel of [...tree.dirs, ...tree.files.keys()]) {
    if (!rel.startsWith(`${base}/`)) continue;
    const parts = rel.slice(base.length + 1).split("/");
    const isDir = tree.dirs.has(rel);
    const top = parts[0] as string;
    const role = GO_FOLDERS.find((folder) => folder === top);
    if (parts.length === 1) {
      const known = isDir ? role !== undefined : top === EXERCISE_FILE || top === INSTRUCTIONS_FILE;
      if (!known) {
        fail(
          rel,
          "unexpected file or folder: an exercise holds exercise.yaml, instructions.md, starter/, solution/ and tests/",
        );
      }
    } else if (role !== undefined && parts.length === 2) {
      if (isDir) fail(rel, `${role}/ must not contain folders: an exercise is a single Go package`);
      else goFiles[role].push(parts[1] as string);
    }
  }

  const yaml = parseYamlFile(`${base}/${EXERCISE_FILE}`, ExerciseYamlSchema, texts, fail);
  if (yaml?.prerequisites.includes(yaml.id)) {
    fail(`${base}/${EXERCISE_FILE}`, `prerequisites: an exercise cannot be its own prerequisite`);
  }
  const instructions = texts.get(`${base}/${INSTRUCTIONS_FILE}`, fail);
  if (instructions !== undefined && instructions.trim() === "") {
    fail(`${base}/${INSTRUCTIONS_FILE}`, "instructions are empty");
  }

  const packageName = exercisePackageName(slug);
  const nameProblem = packageNameProblem(packageName);
  if (nameProblem !== undefined) {
    fail(
      `${base}/`,
      `the folder name gives the Go package name ${JSON.stringify(packageName)}, which ${nameProblem}`,
    );
  }

  const sources: Record<GoFileRole, Record<string, string>> = { starter: {}, solution: {}, tests: {} };
  for (const role of GO_FOLDERS) {
    if (goFiles[role].length === 0) {
      fail(
        `${base}/${role}/`,
        `missing ${role} files: ${role}/ needs at least one ${role === "tests" ? "_test.go" : ".go"} file`,
      );
      continue;
    }
    for (const name of goFiles[role]) {
      const rel = `${base}/${role}/${name}`;
      const nameProblems = goFileNameProblems(name, role);
      for (const message of nameProblems) fail(rel, message);
      if (nameProblems.length > 0 && !GO_FILE_NAME.test(name)) continue;
      const source = texts.get(rel, fail);
      if (source === undefined) continue;
      const declared = packageClause(source);
      const allowed = role === "tests" ? [packageName, `${packageName}_test`] : [packageName];
      if (declared === undefined) {
        fail(rel, `no package clause found: the file must start with "package ${packageName}"`);
      } else if (!allowed.includes(declared)) {
        fail(
          rel,
          `declares package ${declared}, but every file of this exercise must be package ${packageName}`,
        );
      }
      sources[role][name] = source;
    }
  }

  const starterNames = new Set(goFiles.starter);
  const solutionNames = new Set(goFiles.solution);
  if (starterNames.size > 0 && solutionNames.size > 0) {
    for (const name of starterNames) {
      if (!solutionNames.has(name)) fail(`${base}/starter/${name}`, `has no matching solution/${name}`);
    }
    for (const name of solutionNames) {
      if (!starterNames.has(name)) fail(`${base}/solution/${name}`, `has no matching starter/${name}`);
    }
  }
  const testSources = Object.values(sources.tests);
  if (testSources.length > 0 && !testSources.some(hasTestFunction)) {
    fail(`${base}/tests/`, "no test function found: declare at least one func TestXxx(t *testing.T)");
  }
  for (const p of sleepProblems(sources.tests))
    fail(`${base}/tests/${p.file}`, `line ${p.line}: ${p.message}`);

  if (yaml === undefined) return {};
  if (!ok || instructions === undefined) return { yaml };
  const exercise: ExerciseFile = {
    kind: "exercise",
    id: yaml.id,
    slug,
    title: yaml.title,
    difficulty: yaml.difficulty,
    minutes: yaml.minutes,
    concepts: yaml.concepts,
    prerequisites: yaml.prerequisites,
    goVersion: yaml.goVersion,
    limits: yaml.limits,
    hints: yaml.hints,
    race: yaml.race,
    instructions,
    starter: sources.starter,
    solution: sources.solution,
    tests: sources.tests,
  };
  return { yaml, exercise };
}

// ---------- checks across courses ----------

/** Duplicate ids, unknown prerequisites, prerequisite cycles, and prerequisites in broken courses. */
function crossCheck(courses: ParsedCourse[]): void {
  const byId = new Map<string, Array<{ file: string; course: ParsedCourse; kind: string }>>();
  for (const course of courses) {
    for (const { id, file, kind } of course.ids) {
      const list = byId.get(id) ?? [];
      list.push({ file, course, kind });
      byId.set(id, list);
    }
  }
  for (const [id, list] of byId) {
    if (list.length < 2) continue;
    for (const entry of list) {
      const others = list.filter((other) => other !== entry).map((other) => `${other.kind} in ${other.file}`);
      entry.course.problems.push({
        file: entry.file,
        message: `duplicate id ${JSON.stringify(id)}: also used by ${others.join(", ")}`,
      });
    }
  }

  const itemOwner = new Map<string, ParsedCourse>();
  for (const course of courses) {
    for (const { id, kind } of course.ids) {
      if (kind === "lesson" || kind === "exercise") itemOwner.set(id, course);
    }
  }
  const prerequisitesOf = new Map<string, string[]>();
  for (const course of courses) {
    for (const exercise of course.exercises) {
      prerequisitesOf.set(exercise.id, exercise.prerequisites);
      for (const prerequisite of exercise.prerequisites) {
        if (!itemOwner.has(prerequisite) && prerequisite !== exercise.id) {
          course.problems.push({
            file: exercise.file,
            message: `prerequisites: unknown lesson or exercise id ${JSON.stringify(prerequisite)}`,
          });
        }
      }
    }
  }

  // Cycles: an exercise that (indirectly) requires itself could never be unlocked.
  const state = new Map<string, "visiting" | "done">();
  const reported = new Set<string>();
  const visit = (id: string, trail: string[]): void => {
    if (state.get(id) === "done") return;
    if (state.get(id) === "visiting") {
      const cycle = [...trail.slice(trail.indexOf(id)), id];
      const key = [...cycle.slice(0, -1)].sort().join(" ");
      if (reported.has(key)) return;
      reported.add(key);
      for (const member of new Set(cycle)) {
        const owner = itemOwner.get(member);
        const exercise = owner?.exercises.find((e) => e.id === member);
        if (owner !== undefined && exercise !== undefined) {
          owner.problems.push({
            file: exercise.file,
            message: `prerequisites form a cycle: ${cycle.join(" → ")}`,
          });
        }
      }
      return;
    }
    state.set(id, "visiting");
    for (const next of prerequisitesOf.get(id) ?? []) {
      if (next !== id) visit(next, [...trail, id]);
    }
    state.set(id, "done");
  };
  for (const id of [...prerequisitesOf.keys()].sort()) visit(id, []);

  checkLinks(courses);

  // A course must not depend on a course that will not be imported; repeat until nothing changes.
  for (let changed = true; changed; ) {
    changed = false;
    for (const course of courses) {
      if (course.problems.length > 0) continue;
      for (const exercise of course.exercises) {
        for (const prerequisite of exercise.prerequisites) {
          const owner = itemOwner.get(prerequisite);
          if (owner !== undefined && owner !== course && owner.problems.length > 0) {
            course.problems.push({
              file: exercise.file,
              message: `prerequisites: ${JSON.stringify(prerequisite)} belongs to course ${JSON.stringify(owner.folder)}, which has problems`,
            });
            changed = true;
          }
        }
      }
    }
  }
}

// ---------- links in Markdown ----------

/** The same Markdown dialect as the web app's renderer (web/src/lib/markdown.ts). */
const markdown = new Marked({ gfm: true });

export interface MarkdownLink {
  /** 1-based line of the link in the text. */
  line: number;
  href: string;
  image: boolean;
}

/**
 * Every link and image of a Markdown text, as the web app's renderer (marked, GFM) sees them: links
 * inside code spans and code blocks are not links; reference-style links are resolved.
 */
export function markdownLinks(text: string): MarkdownLink[] {
  const source = text.replace(/\r\n?/g, "\n");
  const links: MarkdownLink[] = [];
  let offset = 0;
  for (const block of markdown.lexer(source)) {
    // Top-level tokens cover the source in order; links are found again inside their block's text.
    const found = source.indexOf(block.raw, offset);
    const start = found < 0 ? offset : found;
    const end = start + block.raw.length;
    let cursor = start;
    markdown.walkTokens([block], (token) => {
      if (token.type !== "link" && token.type !== "image") return;
      const at = source.indexOf(token.raw, cursor);
      const position = at >= 0 && at < end ? at : start;
      if (at >= 0 && at < end) cursor = at + 1;
      links.push({ line: lineOf(source, position), href: token.href, image: token.type === "image" });
    });
    offset = end;
  }
  return links;
}

/** What internal links may point to: the web app's routes for courses, lessons and exercises. */
export interface LinkTargets {
  courseSlugs: ReadonlySet<string>;
  lessonIds: ReadonlySet<string>;
  exerciseIds: ReadonlySet<string>;
}

const LINK_FORMS = "/courses/<course-slug>, /lessons/<lesson-id> or /exercises/<exercise-id>";

/**
 * Why a link in lesson or exercise text does not work in the web app, or undefined when it does.
 * The renderer follows only http(s):, mailto:, #anchors and absolute paths (anything else becomes "#");
 * absolute paths must be the app's pages of an existing course, lesson or exercise.
 */
export function linkProblem(href: string, image: boolean, targets: LinkTargets): string | undefined {
  const url = href.trim();
  if (/^https?:\/\//i.test(url)) return undefined; // External: allowed, never fetched.
  if (image) return "images must be https:// URLs: the web app serves no files from the curriculum";
  if (url === "") return "the link has no target";
  if (/^mailto:/i.test(url) || url.startsWith("#")) return undefined;
  if (url.startsWith("//")) return "write external links in full, with https://";
  if (!url.startsWith("/")) {
    return `the web app cannot follow relative or non-web links; link to a page as ${LINK_FORMS}`;
  }
  const pathname = url.replace(/[?#].*$/s, "").replace(/\/$/, "");
  if (pathname === "/courses") return undefined;
  const page = /^\/(courses|lessons|exercises)\/([^/]+)$/.exec(pathname);
  if (page === null) return `not a page of the web app: internal links are /courses, ${LINK_FORMS}`;
  const [, kind = "", key = ""] = page;
  if (kind === "courses") return targets.courseSlugs.has(key) ? undefined : `no course has the slug "${key}"`;
  const [own, other, noun, otherKind] =
    kind === "lessons"
      ? [targets.lessonIds, targets.exerciseIds, "lesson", "exercises"]
      : [targets.exerciseIds, targets.lessonIds, "exercise", "lessons"];
  if (own.has(key)) return undefined;
  if (other.has(key))
    return `"${key}" is not ${noun === "lesson" ? "a" : "an"} ${noun}: link it as /${otherKind}/${key}`;
  return `no ${noun} has the id "${key}" (links use ids, not slugs)`;
}

/** Reports links in lessons and instructions that the web app could not follow. */
function checkLinks(courses: ParsedCourse[]): void {
  const targets = {
    courseSlugs: new Set(courses.map((c) => c.slug ?? c.folder)),
    lessonIds: new Set<string>(),
    exerciseIds: new Set<string>(),
  };
  for (const course of courses) {
    for (const { id, kind } of course.ids) {
      if (kind === "lesson") targets.lessonIds.add(id);
      if (kind === "exercise") targets.exerciseIds.add(id);
    }
  }
  for (const course of courses) {
    for (const doc of course.markdown) {
      for (const link of markdownLinks(doc.text)) {
        const problem = linkProblem(link.href, link.image, targets);
        if (problem === undefined) continue;
        course.problems.push({
          file: doc.file,
          message: `line ${doc.firstLine + link.line - 1}: broken ${link.image ? "image" : "link"} ${JSON.stringify(link.href)}: ${problem}`,
        });
      }
    }
  }
}

// ---------- sleeps in tests ----------

export interface SleepProblem {
  /** Test file name. */
  file: string;
  line: number;
  message: string;
}

/**
 * Finds `time.Sleep` used to wait in hidden tests (a heuristic; see docs/curriculum.md). Sleeping is
 * allowed only where time is fake: inside the argument list of a `synctest.Test(` or `synctest.Run(` call
 * (a bubble), or in a helper (a top-level func or method that is not a Test, Benchmark, Fuzz or Example
 * function) whose every use is inside a bubble, inside a test function that starts a bubble itself (it
 * builds cases for the bubble), or inside another helper allowed by this rule. Comments and string
 * literals are ignored. Files are read as gofmt writes them: top-level declarations start at column 0.
 */
export function sleepProblems(tests: Record<string, string>): SleepProblem[] {
  const files = Object.entries(tests).map(([name, source]) => analyseGoFile(name, source));
  const helpers = new Map<string, Array<{ file: GoFileShape; decl: GoDecl }>>();
  for (const file of files) {
    for (const decl of file.decls) {
      if (decl.func === undefined || decl.func.entry) continue;
      const key = helperKey(decl.func.name, decl.func.method);
      helpers.set(key, [...(helpers.get(key) ?? []), { file, decl }]);
    }
  }

  const verdicts = new Map<string, { ok: true } | { ok: false; file: string; line: number }>();
  const helperAllowed = (key: string): { ok: true } | { ok: false; file: string; line: number } => {
    const known = verdicts.get(key);
    if (known !== undefined) return known;
    verdicts.set(key, { ok: true }); // A cycle of helpers adds no use from outside.
    const own = helpers.get(key) ?? [];
    const [name = "", method] = key.startsWith(".") ? [key.slice(1), true] : [key, false];
    const use = method
      ? new RegExp(`\\.\\s*${name}(?![\\p{L}\\p{Nd}_])`, "gu")
      : new RegExp(`(?<![\\p{L}\\p{Nd}_.])${name}(?![\\p{L}\\p{Nd}_])`, "gu");
    let verdict: { ok: true } | { ok: false; file: string; line: number } = { ok: true };
    for (const file of files) {
      for (const match of file.masked.matchAll(use)) {
        const at = match.index;
        if (own.some((h) => h.file === file && at >= h.decl.start && at < h.decl.end)) continue;
        if (file.bubbles.some(([from, to]) => at >= from && at <= to)) continue;
        const decl = file.decls.find((d) => at >= d.start && at < d.end);
        const fn = decl?.func;
        if (fn?.entry === true && fn.startsBubble) continue;
        // Used by another helper: fine if that one is; otherwise point at the use outside a bubble.
        const caller =
          fn !== undefined && !fn.entry ? helperAllowed(helperKey(fn.name, fn.method)) : undefined;
        if (caller?.ok === true) continue;
        verdict = caller ?? { ok: false, file: file.name, line: lineOf(file.masked, at) };
        break;
      }
      if (!verdict.ok) break;
    }
    verdicts.set(key, verdict);
    return verdict;
  };

  const problems: SleepProblem[] = [];
  const advice =
    "a test must not wait on the clock to synchronise goroutines; use channels or sync.WaitGroup, or run the test in synctest.Test, where time is fake";
  for (const file of files) {
    for (const match of file.masked.matchAll(/\btime\s*\.\s*Sleep\b/g)) {
      const at = match.index;
      if (file.bubbles.some(([from, to]) => at >= from && at <= to)) continue;
      const fn = file.decls.find((d) => at >= d.start && at < d.end)?.func;
      const line = lineOf(file.masked, at);
      if (fn === undefined || fn.entry) {
        problems.push({ file: file.name, line, message: `time.Sleep outside a synctest bubble: ${advice}` });
        continue;
      }
      const verdict = helperAllowed(helperKey(fn.name, fn.method));
      if (!verdict.ok) {
        problems.push({
          file: file.name,
          line,
          message: `time.Sleep in ${fn.name}, which is used outside a synctest bubble (${verdict.file}:${verdict.line}): ${advice}`,
        });
      }
    }
  }
  return problems;
}

interface GoDecl {
  start: number;
  end: number;
  func?: { name: string; method: boolean; entry: boolean; startsBubble: boolean };
}

interface GoFileShape {
  name: string;
  /** The source with comments and literals blanked out (line breaks kept). */
  masked: string;
  /** [start, end] of each synctest bubble's argument list. */
  bubbles: Array<[number, number]>;
  /** Top-level declarations, in order, covering the file from the first one. */
  decls: GoDecl[];
}

const helperKey = (name: string, method: boolean): string => (method ? `.${name}` : name);

function analyseGoFile(name: string, source: string): GoFileShape {
  const masked = maskGoSource(source);
  const bubbles: Array<[number, number]> = [];
  for (const match of masked.matchAll(/\bsynctest\s*\.\s*(?:Test|Run)\s*\(/g)) {
    let depth = 0;
    let close = masked.length;
    for (let i = match.index + match[0].length - 1; i < masked.length; i++) {
      if (masked[i] === "(") depth++;
      else if (masked[i] === ")" && --depth === 0) {
        close = i;
        break;
      }
    }
    bubbles.push([match.index, close]);
  }
  const starts = [...masked.matchAll(/^(?:func|type|var|const|import|package)\b/gm)].map((m) => m.index);
  const decls = starts.map((start, i): GoDecl => {
    const end = starts[i + 1] ?? masked.length;
    const header = /^func\s*(\([^)]*\))?\s*([\p{L}_][\p{L}\p{Nd}_]*)/u.exec(masked.slice(start, end));
    if (header === null) return { start, end };
    const method = header[1] !== undefined;
    const fnName = header[2] ?? "";
    return {
      start,
      end,
      func: {
        name: fnName,
        method,
        entry: !method && /^(?:Test|Benchmark|Fuzz|Example)(?![\p{Ll}])/u.test(fnName),
        startsBubble: bubbles.some(([from]) => from >= start && from < end),
      },
    };
  });
  return { name, masked, bubbles, decls };
}

/** Go source with comments, string and rune literals replaced by spaces; line breaks are kept. */
export function maskGoSource(source: string): string {
  let out = "";
  let i = 0;
  const blank = (to: number) => {
    out += source.slice(i, to).replace(/[^\n]/g, " ");
    i = to;
  };
  while (i < source.length) {
    const c = source[i];
    const next = source[i + 1];
    if (c === "/" && next === "/") {
      const end = source.indexOf("\n", i);
      blank(end < 0 ? source.length : end);
    } else if (c === "/" && next === "*") {
      const end = source.indexOf("*/", i + 2);
      blank(end < 0 ? source.length : end + 2);
    } else if (c === "`") {
      const end = source.indexOf("`", i + 1);
      blank(end < 0 ? source.length : end + 1);
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < source.length && source[j] !== c && source[j] !== "\n") j += source[j] === "\\" ? 2 : 1;
      blank(Math.min(j + 1, source.length));
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** 1-based line of a position in a text. */
function lineOf(text: string, position: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i >= 0 && i < position; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

// ---------- helpers ----------

type Report = (rel: string, message: string) => void;

/** Decodes files as UTF-8 once, reporting missing files and invalid text. */
class TextCache {
  readonly #tree: Tree;
  readonly #report: Report;
  readonly #decoded = new Map<string, string | undefined>();

  constructor(tree: Tree, report: Report) {
    this.#tree = tree;
    this.#report = report;
  }

  /** The text of a course-relative file; undefined (with a problem reported) if missing or not UTF-8. */
  get(rel: string, report: Report = this.#report): string | undefined {
    if (this.#decoded.has(rel)) return this.#decoded.get(rel);
    let text: string | undefined;
    const bytes = this.#tree.files.get(rel);
    if (bytes === undefined) {
      if (!this.#tree.dirs.has(rel)) report(rel, "missing file");
      else report(rel, "expected a file, found a folder");
    } else {
      try {
        text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      } catch {
        report(rel, "not valid UTF-8 text");
      }
    }
    this.#decoded.set(rel, text);
    return text;
  }
}

function parseYamlFile<T>(
  rel: string,
  schema: z.ZodType<T>,
  texts: TextCache,
  report: Report,
): T | undefined {
  const source = texts.get(rel, report);
  if (source === undefined) return undefined;
  return parseYamlText(source, schema, (message) => report(rel, message));
}

function parseYamlText<T>(
  source: string,
  schema: z.ZodType<T>,
  report: (message: string) => void,
): T | undefined {
  const doc = parseDocument(source, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0 || doc.warnings.length > 0) {
    for (const issue of [...doc.errors, ...doc.warnings]) {
      // The first line holds the message and position; the rest is a code frame.
      const firstLine = (issue.message.split("\n")[0] ?? "").replace(/:\s*$/, "");
      report(`invalid YAML: ${firstLine}`);
    }
    return undefined;
  }
  const data: unknown = doc.toJS();
  if (data === null || data === undefined) {
    report("the YAML is empty");
    return undefined;
  }
  const result = validateWith(schema, data);
  if (result.ok) return result.value;
  for (const problem of result.problems) report(problem.message);
  return undefined;
}

function join(courseFolder: string, rel: string): string {
  return rel === "" ? courseFolder : `${courseFolder}/${rel}`;
}

/** Orders names by their UTF-8 bytes, independent of locale. */
function compareNames(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
