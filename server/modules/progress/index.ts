/**
 * progress: drafts, attempts, hints, lesson and exercise completions, streaks, achievements.
 * Runs attempts through the runner, emits learning-events, and consumes them to update progress.
 */
import { consume } from "../../platform/bus.ts";
import type { AppContext, ModuleInstance } from "../../platform/module.ts";
import type { CatalogClient } from "../catalog/index.ts";
import type { EnrollmentClient } from "../enrollment/index.ts";
import type { Runner } from "../runner/index.ts";
import { progressRoutes } from "./routes.ts";
import { ProgressService } from "./service.ts";

export { ACHIEVEMENTS, courseProgress, extendStreak, newlyEarned, visibleStreak } from "./rules.ts";

export type ProgressClient = Record<string, never>;

export const migrations = { folder: new URL("./migrations", import.meta.url).pathname, schema: "progress" };

export async function createProgress(
  ctx: AppContext,
  deps: { catalog: CatalogClient; enrollment: EnrollmentClient; runner: Runner },
): Promise<ModuleInstance<ProgressClient>> {
  const svc = new ProgressService({ db: ctx.db, ...deps, now: ctx.now, afterCommit: () => ctx.relay.wake() });
  consume(ctx.bus, ctx.db, "progress.learning", ["learning-events"], {
    load: (event) => svc.loadFor(event),
    apply: async (event, tx, outline) => {
      await svc.apply(event, tx, outline);
      // The consumer's own events (achievements, course completion) go out on the next relay pass.
      setImmediate(() => ctx.relay.wake());
    },
  });
  return { client: {}, routes: (app) => progressRoutes(app, svc) };
}
