/** enrollment: who is enrolled in which course. Publishes enrollment-events. */
import type { Enrollment } from "../../../common/api.ts";
import { Listeners } from "../../platform/listeners.ts";
import type { AppContext, ModuleInstance } from "../../platform/module.ts";
import type { CatalogClient } from "../catalog/index.ts";
import { enrollmentRoutes } from "./routes.ts";
import { EnrollmentService } from "./service.ts";

export interface EnrollmentClient {
  isEnrolled(userId: string, courseId: string): Promise<boolean>;
  list(userId: string): Promise<Enrollment[]>;
  /** Called after each committed cancellation; returns the unsubscribe function. */
  onCancelled(listener: (userId: string, courseId: string) => void): () => void;
}

export const migrations = { folder: new URL("./migrations", import.meta.url).pathname, schema: "enrollment" };

export async function createEnrollment(
  ctx: AppContext,
  deps: { catalog: CatalogClient },
): Promise<ModuleInstance<EnrollmentClient>> {
  const cancelled = new Listeners<[string, string]>(ctx.log.child({ module: "enrollment" }), "enrollment");
  const svc = new EnrollmentService(
    ctx.db,
    () => ctx.relay.wake(),
    (u, c) => cancelled.emit(u, c),
  );
  return {
    client: {
      isEnrolled: (u, c) => svc.isEnrolled(u, c),
      list: (u) => svc.list(u),
      onCancelled: (listener) => cancelled.add(listener),
    },
    routes: (app) => enrollmentRoutes(app, svc, deps.catalog),
  };
}
