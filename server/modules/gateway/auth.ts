/** Authentication at the gateway: routes say what they need in `config.auth`; one hook enforces it. */
import type { FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../../platform/errors.ts";

export type AuthClaims = { userId: string; role: "learner" | "instructor" | "admin"; displayName: string };
export type AuthMode = "public" | "optional" | "required" | "admin";
export type TokenVerifier = (token: string) => Promise<AuthClaims>;

declare module "fastify" {
  interface FastifyRequest {
    auth: AuthClaims | null;
  }
  interface FastifyContextConfig {
    auth?: AuthMode;
    /** Stricter per-IP limit group, e.g. login and registration. */
    rateLimitGroup?: "auth";
  }
}

export function bearerOf(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  if (!h) return undefined;
  const m = /^Bearer ([A-Za-z0-9._~+/=-]{10,4096})$/.exec(h);
  return m?.[1];
}

/** preHandler: verifies the bearer token when the route asks for one. */
export function authHook(verify: TokenVerifier) {
  return async function authenticate(req: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const mode = req.routeOptions.config.auth ?? "public";
    req.auth = null;
    if (mode === "public") return;
    const token = bearerOf(req);
    if (!token) {
      if (mode === "optional") return;
      if (req.headers.authorization) throw new AppError("unauthenticated", "Malformed Authorization header");
      throw new AppError("unauthenticated", "Sign in to continue");
    }
    // An expired token on an optional route is still an error: the client should refresh, not be
    // silently treated as a stranger.
    req.auth = await verify(token);
    if (mode === "admin" && req.auth.role !== "admin") throw new AppError("forbidden", "Administrators only");
  };
}

/** The signed-in user of a route declared with auth "required" or "admin". */
export function userOf(req: FastifyRequest): AuthClaims {
  if (!req.auth) throw new AppError("unauthenticated", "Sign in to continue");
  return req.auth;
}
