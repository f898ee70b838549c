import { z } from "zod";
import {
  AchievementList,
  Attempt,
  AttemptBody,
  AttemptList,
  AttemptParam,
  CourseProgress,
  Dashboard,
  Draft,
  DraftBody,
  ErrorEnvelope,
  Hints,
  IdParam,
  Leaderboard,
  LeaderboardQuery,
  SlugParam,
} from "../../../common/api.ts";
import type { HttpApp } from "../../platform/module.ts";
import { userOf } from "../gateway/index.ts";
import type { ProgressService } from "./service.ts";

export function progressRoutes(app: HttpApp, svc: ProgressService): void {
  const auth = { config: { auth: "required" as const } };
  const sec = { security: [{ bearer: [] }] };
  const e = { 400: ErrorEnvelope, 401: ErrorEnvelope, 403: ErrorEnvelope, 404: ErrorEnvelope };

  app.get(
    "/api/v1/courses/:slug/progress",
    {
      ...auth,
      schema: { tags: ["progress"], ...sec, params: SlugParam, response: { 200: CourseProgress, ...e } },
    },
    async (req) => svc.courseProgress(userOf(req).userId, req.params.slug),
  );
  app.get(
    "/api/v1/courses/:slug/leaderboard",
    {
      ...auth,
      schema: {
        tags: ["progress"],
        ...sec,
        summary: "A course's leaderboard, this week or all time (the slug or the course id)",
        params: SlugParam,
        querystring: LeaderboardQuery,
        response: { 200: Leaderboard, ...e },
      },
    },
    async (req) => svc.leaderboard(userOf(req).userId, req.params.slug, req.query.period),
  );
  app.post(
    "/api/v1/lessons/:id/completion",
    {
      ...auth,
      schema: {
        tags: ["progress"],
        ...sec,
        summary: "Mark a lesson complete",
        params: IdParam,
        response: { 200: CourseProgress, ...e },
      },
    },
    async (req) => svc.completeLesson(userOf(req).userId, req.params.id),
  );
  app.post(
    "/api/v1/lessons/:id/views",
    {
      ...auth,
      schema: {
        tags: ["progress"],
        ...sec,
        summary: "Record that the learner opened a lesson (analytics)",
        params: IdParam,
        response: { 204: z.null(), ...e },
      },
    },
    async (req, reply) => {
      await svc.viewLesson(userOf(req).userId, req.params.id);
      return reply.status(204).send(null);
    },
  );
  app.get(
    "/api/v1/exercises/:id/hints",
    { ...auth, schema: { tags: ["exercises"], ...sec, params: IdParam, response: { 200: Hints, ...e } } },
    async (req) => svc.hints(userOf(req).userId, req.params.id, false),
  );
  app.post(
    "/api/v1/exercises/:id/hints",
    {
      ...auth,
      schema: {
        tags: ["exercises"],
        ...sec,
        summary: "Reveal the next hint",
        params: IdParam,
        response: { 200: Hints, ...e },
      },
    },
    async (req) => svc.hints(userOf(req).userId, req.params.id, true),
  );
  app.get(
    "/api/v1/exercises/:id/draft",
    { ...auth, schema: { tags: ["exercises"], ...sec, params: IdParam, response: { 200: Draft, ...e } } },
    async (req) => svc.draft(userOf(req).userId, req.params.id),
  );
  app.put(
    "/api/v1/exercises/:id/draft",
    {
      ...auth,
      schema: {
        tags: ["exercises"],
        ...sec,
        params: IdParam,
        body: DraftBody,
        response: { 200: Draft, 413: ErrorEnvelope, ...e },
      },
    },
    async (req) => svc.saveDraft(userOf(req).userId, req.params.id, req.body.files),
  );
  app.delete(
    "/api/v1/exercises/:id/draft",
    {
      ...auth,
      schema: {
        tags: ["exercises"],
        ...sec,
        summary: "Reset to the starter code",
        params: IdParam,
        response: { 200: Draft, ...e },
      },
    },
    async (req) => svc.resetDraft(userOf(req).userId, req.params.id),
  );
  app.post(
    "/api/v1/exercises/:id/attempts",
    {
      ...auth,
      schema: {
        tags: ["exercises"],
        ...sec,
        summary: "Run the tests on the learner's files",
        params: IdParam,
        body: AttemptBody,
        response: { 201: Attempt, 413: ErrorEnvelope, 429: ErrorEnvelope, 503: ErrorEnvelope, ...e },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await svc.attempt(userOf(req).userId, req.params.id, req.body.files)),
  );
  app.get(
    "/api/v1/exercises/:id/attempts",
    {
      ...auth,
      schema: { tags: ["exercises"], ...sec, params: IdParam, response: { 200: AttemptList, ...e } },
    },
    async (req) => ({ attempts: await svc.attempts(userOf(req).userId, req.params.id) }),
  );
  app.get(
    "/api/v1/exercises/:id/attempts/:attemptId",
    {
      ...auth,
      schema: { tags: ["exercises"], ...sec, params: AttemptParam, response: { 200: Attempt, ...e } },
    },
    async (req) => svc.attemptById(userOf(req).userId, req.params.id, req.params.attemptId),
  );
  app.get(
    "/api/v1/progress",
    {
      ...auth,
      schema: {
        tags: ["progress"],
        ...sec,
        summary: "Dashboard: enrolled courses and streak",
        response: { 200: Dashboard, 401: ErrorEnvelope },
      },
    },
    async (req) => svc.dashboard(userOf(req).userId),
  );
  app.get(
    "/api/v1/achievements",
    {
      ...auth,
      schema: { tags: ["progress"], ...sec, response: { 200: AchievementList, 401: ErrorEnvelope } },
    },
    async (req) => ({ achievements: await svc.achievements(userOf(req).userId) }),
  );
}
