/**
 * progress: drafts, attempts, hints, lesson and exercise completions, streaks, achievements.
 * Runs attempts through the runner, emits learning-events, and consumes them to update progress.
 */
import { consume } from "../../platform/bus.ts";
import { Listeners } from "../../platform/listeners.ts";
import type { AppContext, ModuleInstance } from "../../platform/module.ts";
import type { CatalogClient } from "../catalog/index.ts";
import type { EnrollmentClient } from "../enrollment/index.ts";
import type { IdentityClient } from "../identity/index.ts";
import type { Runner } from "../runner/index.ts";
import { progressRoutes } from "./routes.ts";
import { ProgressService } from "./service.ts";

export { ACHIEVEMENTS, courseProgress, extendStreak, newlyEarned, visibleStreak } from "./rules.ts";

export interface ProgressClient {
  /**
   * Called with a course id after a change to that course's leaderboards has committed (a lesson
   * completed, an exercise passed). Returns the unsubscribe function.
   */
  onLeaderboardChange(listener: (courseId: string) => void): () => void;
}

export const migrations = { folder: new URL("./migrations", import.meta.url).pathname, schema: "progress" };

export async function createProgress(
  ctx: AppContext,
  deps: { catalog: CatalogClient; enrollment: EnrollmentClient; runner: Runner; identity: IdentityClient },
): Promise<ModuleInstance<ProgressClient>> {
  const { identity, ...rest } = deps;
  const log = ctx.log.child({ module: "progress" });
  const svc = new ProgressService({
    db: ctx.db,
    ...rest,
    displayName: async (userId) => (await identity.getUser(userId)).displayName,
    now: ctx.now,
    afterCommit: () => ctx.relay.wake(),
  });
  const listeners = new Listeners<[courseId: string]>(log, "leaderboard");
  consume(ctx.bus, ctx.db, "progress.learning", ["learning-events"], {
    load: (event) => svc.loadFor(event),
    apply: async (event, tx, outline) => {
      await svc.apply(event, tx, outline);
      // The consumer's own events (achievements, course completion) go out on the next relay pass.
      setImmediate(() => ctx.relay.wake());
    },
    afterCommit: (events) => {
      // Exercise completions are written here; lesson completions were written before their event.
      const courses = new Set<string>();
      for (const e of events)
        if (e.type === "exercise.passed" || e.type === "lesson.completed") courses.add(e.payload.courseId);
      for (const courseId of courses) listeners.emit(courseId);
    },
  });
  return {
    client: {
      onLeaderboardChange: (listener) => listeners.add(listener),
    },
    routes: (app) => progressRoutes(app, svc),
  };
}
