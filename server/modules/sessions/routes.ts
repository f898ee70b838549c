import {
  ErrorEnvelope,
  IdParam,
  SessionCreateBody,
  SessionDetail,
  SessionList,
  SessionMessage,
  SessionMessageBody,
  SessionRun,
  SessionRunBody,
} from "../../../common/api.ts";
import type { HttpApp } from "../../platform/module.ts";
import { userOf } from "../gateway/index.ts";
import type { SessionService } from "./service.ts";

export function sessionRoutes(app: HttpApp, svc: SessionService): void {
  const auth = { config: { auth: "required" as const } };
  const sec = { security: [{ bearer: [] }] };
  const e = {
    400: ErrorEnvelope,
    401: ErrorEnvelope,
    403: ErrorEnvelope,
    404: ErrorEnvelope,
    409: ErrorEnvelope,
    413: ErrorEnvelope,
    429: ErrorEnvelope,
  };
  const tags = ["sessions"];

  app.post(
    "/api/v1/sessions",
    {
      ...auth,
      schema: {
        tags,
        ...sec,
        summary: "Start a live coding session on an exercise (its link is the invitation)",
        body: SessionCreateBody,
        response: { 201: SessionDetail, ...e },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await svc.create(userOf(req), req.body.exerciseId, req.body.files)),
  );
  app.get(
    "/api/v1/sessions",
    {
      ...auth,
      schema: { tags, ...sec, summary: "Sessions you host or joined", response: { 200: SessionList, ...e } },
    },
    async (req) => svc.list(userOf(req)),
  );
  app.post(
    "/api/v1/sessions/:id/join",
    {
      ...auth,
      schema: {
        tags,
        ...sec,
        summary: "Join a session (opening its link does this) and get it",
        params: IdParam,
        response: { 200: SessionDetail, ...e },
      },
    },
    async (req) => svc.join(userOf(req), req.params.id),
  );
  app.post(
    "/api/v1/sessions/:id/runs",
    {
      ...auth,
      schema: {
        tags,
        ...sec,
        summary: "Run the tests on the shared files; everyone in the session sees the verdict",
        params: IdParam,
        body: SessionRunBody,
        response: { 201: SessionRun, ...e },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.run(userOf(req), req.params.id, req.body.files)),
  );
  app.post(
    "/api/v1/sessions/:id/messages",
    {
      ...auth,
      schema: {
        tags,
        ...sec,
        summary: "Say something in the session's chat",
        params: IdParam,
        body: SessionMessageBody,
        response: { 201: SessionMessage, ...e },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.post(userOf(req), req.params.id, req.body.body)),
  );
  for (const [action, summary] of [
    ["end", "End the session (host or moderator): the code turns read-only and stays"],
    ["reopen", "Reopen an ended session (host or moderator)"],
  ] as const)
    app.post(
      `/api/v1/sessions/:id/${action}`,
      { ...auth, schema: { tags, ...sec, summary, params: IdParam, response: { 200: SessionDetail, ...e } } },
      async (req) => svc[action](userOf(req), req.params.id),
    );
}
