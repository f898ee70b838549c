/**
 * catalog: courses, lessons and exercises, imported from curriculum files and versioned by content hash.
 * Publishes course-events. Other modules read it only through `CatalogClient`.
 */
import type { AppContext, ModuleInstance } from "../../platform/module.ts";
import { loadCurriculum } from "./curriculum/load.ts";
import { catalogRoutes } from "./routes.ts";
import { CatalogService, type CourseOutline, type ImportResult, type RunnableExercise } from "./service.ts";

export { loadCurriculum } from "./curriculum/load.ts";
export type { CourseFile, CurriculumProblem, LoadedCurriculum } from "./curriculum/types.ts";
export type { CourseOutline, ImportResult, OutlineItem, RunnableExercise } from "./service.ts";

export interface CatalogClient {
  outline(courseIdOrSlug: string): Promise<CourseOutline>;
  item(id: string): Promise<{ id: string; kind: "lesson" | "exercise"; courseId: string; title: string }>;
  runnable(exerciseId: string): Promise<RunnableExercise>;
  /** Reads CURRICULUM_DIR and imports what changed; problems are returned, never thrown. */
  importFrom(dir: string): Promise<ImportResult & { problems: Array<{ file: string; message: string }> }>;
}

export const migrations = { folder: new URL("./migrations", import.meta.url).pathname, schema: "catalog" };

/**
 * Live-bus channel on which an import tells every process to drop its cached catalog reads: another
 * replica's, or a server's when `gopro curriculum import` ran beside it (with REDIS_URL, split mode).
 */
const LIVE_CHANGED = "catalog-changed";

export async function createCatalog(ctx: AppContext): Promise<ModuleInstance<CatalogClient>> {
  const svc = new CatalogService(ctx.db, () => ctx.relay.wake(), ctx.cache);
  const off = ctx.live.subscribe(LIVE_CHANGED, () => svc.forgetCached());
  const client: CatalogClient = {
    outline: (id) => svc.outline(id),
    item: (id) => svc.item(id),
    runnable: (id) => svc.runnable(id),
    async importFrom(dir) {
      const loaded = await loadCurriculum(dir);
      const result = await svc.importCourses(loaded.courses);
      if (result.imported.length > 0) ctx.live.publish(LIVE_CHANGED, { imported: result.imported });
      return { ...result, problems: loaded.problems };
    },
  };
  return {
    client,
    routes: (app) => catalogRoutes(app, svc),
    async start() {
      const r = await client.importFrom(ctx.config.curriculumDir);
      for (const p of r.problems) ctx.log.warn({ file: p.file }, `curriculum: ${p.message}`);
      ctx.log.info({ imported: r.imported, unchanged: r.unchanged.length }, "curriculum imported");
    },
    stop: off,
  };
}
