/** enrollment: who is enrolled in which course. Publishes enrollment-events. */
import type { Enrollment } from "../../../common/api.ts";
import type { AppContext, ModuleInstance } from "../../platform/module.ts";
import type { CatalogClient } from "../catalog/index.ts";
import { enrollmentRoutes } from "./routes.ts";
import { EnrollmentService } from "./service.ts";

export interface EnrollmentClient {
  isEnrolled(userId: string, courseId: string): Promise<boolean>;
  list(userId: string): Promise<Enrollment[]>;
}

export const migrations = { folder: new URL("./migrations", import.meta.url).pathname, schema: "enrollment" };

export async function createEnrollment(
  ctx: AppContext,
  deps: { catalog: CatalogClient },
): Promise<ModuleInstance<EnrollmentClient>> {
  const svc = new EnrollmentService(ctx.db, () => ctx.relay.wake());
  return {
    client: { isEnrolled: (u, c) => svc.isEnrolled(u, c), list: (u) => svc.list(u) },
    routes: (app) => enrollmentRoutes(app, svc, deps.catalog),
  };
}
