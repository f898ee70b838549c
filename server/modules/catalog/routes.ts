import {
  CourseDetail,
  CourseList,
  CourseListQuery,
  ErrorEnvelope,
  Exercise,
  IdParam,
  Lesson,
  SlugParam,
} from "../../../common/api.ts";
import type { HttpApp } from "../../platform/module.ts";
import type { CatalogService } from "./service.ts";

export function catalogRoutes(app: HttpApp, svc: CatalogService): void {
  const e = { 400: ErrorEnvelope, 404: ErrorEnvelope };
  app.get(
    "/api/v1/courses",
    {
      schema: {
        tags: ["catalog"],
        summary: "Search the catalog",
        querystring: CourseListQuery,
        response: { 200: CourseList, 400: ErrorEnvelope },
      },
    },
    async (req) => svc.list(req.query),
  );
  app.get(
    "/api/v1/courses/:slug",
    {
      schema: {
        tags: ["catalog"],
        summary: "A course with its modules",
        params: SlugParam,
        response: { 200: CourseDetail, ...e },
      },
    },
    async (req) => svc.course(req.params.slug),
  );
  app.get(
    "/api/v1/lessons/:id",
    { schema: { tags: ["catalog"], summary: "A lesson", params: IdParam, response: { 200: Lesson, ...e } } },
    async (req) => svc.lesson(req.params.id),
  );
  app.get(
    "/api/v1/exercises/:id",
    {
      schema: {
        tags: ["catalog"],
        summary: "An exercise (without its tests or solution)",
        params: IdParam,
        response: { 200: Exercise, ...e },
      },
    },
    async (req) => svc.exercise(req.params.id),
  );
  app.get(
    "/api/v1/admin/courses",
    {
      config: { auth: "admin" },
      schema: {
        tags: ["admin"],
        security: [{ bearer: [] }],
        response: { 200: CourseList, 401: ErrorEnvelope, 403: ErrorEnvelope },
      },
    },
    async () => svc.list({}),
  );
}
