import { z } from "zod";
import { Enrollment, EnrollmentList, ErrorEnvelope, SlugParam } from "../../../common/api.ts";
import type { HttpApp } from "../../platform/module.ts";
import type { CatalogClient } from "../catalog/index.ts";
import { userOf } from "../gateway/index.ts";
import type { EnrollmentService } from "./service.ts";

export function enrollmentRoutes(app: HttpApp, svc: EnrollmentService, catalog: CatalogClient): void {
  const auth = { config: { auth: "required" as const } };
  const e = { 400: ErrorEnvelope, 401: ErrorEnvelope, 404: ErrorEnvelope };
  app.post(
    "/api/v1/courses/:slug/enrollment",
    {
      ...auth,
      schema: {
        tags: ["enrollment"],
        security: [{ bearer: [] }],
        params: SlugParam,
        response: { 200: Enrollment, 201: Enrollment, ...e },
      },
    },
    async (req, reply) => {
      const course = await catalog.outline(req.params.slug);
      const { enrollment, created } = await svc.enroll(userOf(req).userId, course);
      return reply.status(created ? 201 : 200).send(enrollment);
    },
  );
  app.delete(
    "/api/v1/courses/:slug/enrollment",
    {
      ...auth,
      schema: {
        tags: ["enrollment"],
        security: [{ bearer: [] }],
        params: SlugParam,
        response: { 204: z.null(), ...e },
      },
    },
    async (req, reply) => {
      const course = await catalog.outline(req.params.slug);
      await svc.cancel(userOf(req).userId, course.id);
      return reply.status(204).send(null);
    },
  );
  app.get(
    "/api/v1/users/me/enrollments",
    {
      ...auth,
      schema: {
        tags: ["enrollment"],
        security: [{ bearer: [] }],
        response: { 200: EnrollmentList, 401: ErrorEnvelope },
      },
    },
    async (req) => ({ enrollments: await svc.list(userOf(req).userId) }),
  );
}
