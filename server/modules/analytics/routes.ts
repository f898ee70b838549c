import { z } from "zod";
import {
  AnalyticsIngestResult,
  AnalyticsOverview,
  AnalyticsSeries,
  AnalyticsSeriesQuery,
  CourseAnalytics,
  ErrorEnvelope,
  SlugParam,
} from "../../../common/api.ts";
import { AppError } from "../../platform/errors.ts";
import type { HttpApp } from "../../platform/module.ts";
import type { CatalogClient } from "../catalog/index.ts";
import { userOf } from "../gateway/index.ts";
import { type AnalyticsService, MAX_BODY_BYTES } from "./service.ts";

const NDJSON = "application/x-ndjson";

export async function analyticsRoutes(
  app: HttpApp,
  svc: AnalyticsService,
  catalog: CatalogClient,
): Promise<void> {
  const admin = { config: { auth: "admin" as const } };
  const sec = { security: [{ bearer: [] }] };
  const e = { 400: ErrorEnvelope, 401: ErrorEnvelope, 403: ErrorEnvelope };

  app.get(
    "/api/v1/analytics/series",
    {
      ...admin,
      schema: {
        tags: ["analytics"],
        ...sec,
        summary: "One scope's windows at 1m, 1h or 1d (at most 1500 points)",
        querystring: AnalyticsSeriesQuery,
        response: { 200: AnalyticsSeries, ...e },
      },
    },
    async (req) => svc.series(req.query),
  );
  app.get(
    "/api/v1/analytics/overview",
    {
      ...admin,
      schema: {
        tags: ["analytics"],
        ...sec,
        summary: "Active learners, the last hour, top courses, pass rates and the funnel",
        response: { 200: AnalyticsOverview, ...e },
      },
    },
    async () => svc.overview(),
  );
  app.get(
    "/api/v1/courses/:slug/analytics",
    {
      ...admin,
      schema: {
        tags: ["analytics"],
        ...sec,
        params: SlugParam,
        response: { 200: CourseAnalytics, 404: ErrorEnvelope, ...e },
      },
    },
    async (req) => svc.courseStats((await catalog.outline(req.params.slug)).id),
  );

  // The NDJSON parser lives in this plugin's scope only: no other route accepts that type.
  await app.register(async (scope: HttpApp) => {
    scope.addContentTypeParser(NDJSON, { parseAs: "string", bodyLimit: MAX_BODY_BYTES }, (_req, body, done) =>
      done(null, body),
    );
    scope.post(
      "/api/v1/analytics/events",
      {
        config: { auth: "required" },
        bodyLimit: MAX_BODY_BYTES,
        schema: {
          tags: ["analytics"],
          ...sec,
          summary: "Custom learning events as NDJSON: one AnalyticsEventLine per line, ≤ 1000 lines, ≤ 1 MiB",
          consumes: [NDJSON],
          body: z.string(),
          response: { 202: AnalyticsIngestResult, 413: ErrorEnvelope, ...e },
        },
      },
      async (req, reply) => {
        if (!(req.headers["content-type"] ?? "").toLowerCase().startsWith(NDJSON)) {
          throw new AppError("bad_request", `Send the events as ${NDJSON}, one JSON object per line`);
        }
        return reply.status(202).send(await svc.ingest(userOf(req).userId, req.body));
      },
    );
  });
}
