import { z } from "zod";
import {
  ChatBody,
  ChatEditBody,
  ChatHistory,
  ChatHistoryQuery,
  ChatMessage,
  ChatMuteBody,
  ErrorEnvelope,
  IdParam,
  SlugParam,
} from "../../../common/api.ts";
import type { HttpApp } from "../../platform/module.ts";
import { userOf } from "../gateway/index.ts";
import type { ChatService } from "./service.ts";

export function chatRoutes(app: HttpApp, svc: ChatService): void {
  const auth = { config: { auth: "required" as const } };
  const sec = { security: [{ bearer: [] }] };
  const e = {
    400: ErrorEnvelope,
    401: ErrorEnvelope,
    403: ErrorEnvelope,
    404: ErrorEnvelope,
    409: ErrorEnvelope,
    429: ErrorEnvelope,
  };

  app.get(
    "/api/v1/courses/:slug/chat",
    {
      ...auth,
      schema: {
        tags: ["chat"],
        ...sec,
        summary: "A page of the course's chat, newest last; `before` pages back",
        params: SlugParam,
        querystring: ChatHistoryQuery,
        response: { 200: ChatHistory, ...e },
      },
    },
    async (req) => svc.history(userOf(req), req.params.slug, req.query),
  );
  app.post(
    "/api/v1/courses/:slug/chat",
    {
      ...auth,
      schema: {
        tags: ["chat"],
        ...sec,
        summary: "Post to the course's chat (enrolled learners and moderators)",
        params: SlugParam,
        body: ChatBody,
        response: { 201: ChatMessage, ...e },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await svc.post(userOf(req), req.params.slug, req.body.body, req.body.mentions)),
  );
  app.patch(
    "/api/v1/chat/:id",
    {
      ...auth,
      schema: {
        tags: ["chat"],
        ...sec,
        summary: "Edit your own message",
        params: IdParam,
        body: ChatEditBody,
        response: { 200: ChatMessage, ...e },
      },
    },
    async (req) => svc.edit(userOf(req), req.params.id, req.body.body),
  );
  app.delete(
    "/api/v1/chat/:id",
    {
      ...auth,
      schema: {
        tags: ["chat"],
        ...sec,
        summary: "Delete your own message (moderators: any message)",
        params: IdParam,
        response: { 204: z.null(), ...e },
      },
    },
    async (req, reply) => {
      await svc.remove(userOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
  app.post(
    "/api/v1/courses/:slug/chat/mutes",
    {
      ...auth,
      schema: {
        tags: ["chat"],
        ...sec,
        summary: "Mute a learner in the course's chat for some minutes (moderators; 0 lifts it)",
        params: SlugParam,
        body: ChatMuteBody,
        response: { 204: z.null(), ...e },
      },
    },
    async (req, reply) => {
      await svc.mute(userOf(req), req.params.slug, req.body.userId, req.body.minutes);
      return reply.status(204).send(null);
    },
  );
}
