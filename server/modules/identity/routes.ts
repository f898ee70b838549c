import type { FastifyReply } from "fastify";
import { z } from "zod";
import { AdminUserList, ErrorEnvelope, LoginBody, RegisterBody, Session, User } from "../../../common/api.ts";
import type { HttpApp } from "../../platform/module.ts";
import { userOf } from "../gateway/index.ts";
import type { IdentityService, IssuedSession } from "./service.ts";

export const REFRESH_COOKIE = "gopro_refresh";
const COOKIE_PATH = "/api/v1/auth";

export function identityRoutes(app: HttpApp, svc: IdentityService, cookieSecure: boolean): void {
  const setCookie = (reply: FastifyReply, s: IssuedSession) =>
    reply.setCookie(REFRESH_COOKIE, s.refreshToken, {
      httpOnly: true,
      sameSite: "strict",
      secure: cookieSecure,
      path: COOKIE_PATH,
      expires: s.refreshExpiresAt,
    });
  const clearCookie = (reply: FastifyReply) =>
    reply.clearCookie(REFRESH_COOKIE, {
      path: COOKIE_PATH,
      httpOnly: true,
      sameSite: "strict",
      secure: cookieSecure,
    });
  const session = (s: IssuedSession) => ({
    user: s.user,
    accessToken: s.accessToken,
    expiresIn: s.expiresIn,
  });
  const errors = { 400: ErrorEnvelope, 401: ErrorEnvelope, 409: ErrorEnvelope, 429: ErrorEnvelope };

  app.post(
    "/api/v1/auth/register",
    {
      config: { rateLimitGroup: "auth" },
      schema: {
        tags: ["auth"],
        summary: "Create an account",
        body: RegisterBody,
        response: { 201: Session, ...errors },
      },
    },
    async (req, reply) => {
      const s = await svc.register(req.body);
      setCookie(reply, s);
      return reply.status(201).send(session(s));
    },
  );

  app.post(
    "/api/v1/auth/login",
    {
      config: { rateLimitGroup: "auth" },
      schema: { tags: ["auth"], summary: "Sign in", body: LoginBody, response: { 200: Session, ...errors } },
    },
    async (req, reply) => {
      const s = await svc.login(req.body);
      setCookie(reply, s);
      return session(s);
    },
  );

  app.post(
    "/api/v1/auth/refresh",
    {
      schema: {
        tags: ["auth"],
        summary: "Exchange the refresh cookie for a new access token (rotates the cookie)",
        response: { 200: Session, 401: ErrorEnvelope },
      },
    },
    async (req, reply) => {
      try {
        const s = await svc.refresh(req.cookies[REFRESH_COOKIE] ?? "");
        setCookie(reply, s);
        return session(s);
      } catch (err) {
        clearCookie(reply);
        throw err;
      }
    },
  );

  app.post(
    "/api/v1/auth/logout",
    {
      schema: {
        tags: ["auth"],
        summary: "Sign out: revokes the refresh token family",
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await svc.logout(req.cookies[REFRESH_COOKIE]);
      clearCookie(reply);
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/api/v1/users/me",
    {
      config: { auth: "required" },
      schema: {
        tags: ["users"],
        security: [{ bearer: [] }],
        response: { 200: z.object({ user: User }), 401: ErrorEnvelope },
      },
    },
    async (req) => ({ user: await svc.me(userOf(req).userId) }),
  );

  app.get(
    "/api/v1/admin/users",
    {
      config: { auth: "admin" },
      schema: {
        tags: ["admin"],
        security: [{ bearer: [] }],
        response: { 200: AdminUserList, 401: ErrorEnvelope, 403: ErrorEnvelope },
      },
    },
    async () => ({ users: await svc.listUsers() }),
  );
}
