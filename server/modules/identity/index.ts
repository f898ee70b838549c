/**
 * identity: accounts, credentials, sessions (rotating refresh tokens), roles and the audit log.
 * Publishes user-events. Other modules use `IdentityClient`; the gateway uses `verify` for every request.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { User } from "../../../common/api.ts";
import type { AppContext, ModuleInstance } from "../../platform/module.ts";
import type { AuthClaims } from "../gateway/index.ts";
import { identityRoutes } from "./routes.ts";
import { IdentityService } from "./service.ts";
import { type TokenSettings, verifyAccessToken } from "./tokens.ts";

export { REFRESH_COOKIE } from "./routes.ts";
export { tokenWindowState } from "./tokens.ts";

export interface IdentityClient {
  verify(token: string): Promise<AuthClaims>;
  getUser(userId: string): Promise<User>;
  createAdmin(
    email: string,
    password: string,
    displayName: string,
  ): Promise<{ user: User; created: boolean }>;
}

export const migrations = { folder: new URL("./migrations", import.meta.url).pathname, schema: "identity" };

/**
 * The HMAC key for access tokens. Embedded mode generates one on first start and keeps it in DATA_DIR so
 * sessions survive restarts; split deployments must share JWT_SECRET across processes.
 */
export function resolveJwtSecret(configured: string | undefined, dataDir: string): Uint8Array {
  if (configured) return new TextEncoder().encode(configured);
  const file = path.join(dataDir, "jwt-secret");
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(48).toString("base64url"), { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return new TextEncoder().encode(readFileSync(file, "utf8").trim());
}

export function tokenSettings(ctx: AppContext): TokenSettings {
  const { jwt, dataDir } = ctx.config;
  const secret =
    dataDir === "memory://" && !jwt.secret ? randomBytes(48) : resolveJwtSecret(jwt.secret, dataDir);
  return { secret, issuer: jwt.issuer, audience: jwt.audience, accessTtl: jwt.accessTtl };
}

/** Checks access tokens with the shared secret alone: any process can verify without the identity module. */
export function tokenVerifier(ctx: AppContext): (token: string) => Promise<AuthClaims> {
  const tokens = tokenSettings(ctx);
  return (token) => verifyAccessToken(tokens, token, ctx.now());
}

export async function createIdentity(ctx: AppContext): Promise<ModuleInstance<IdentityClient>> {
  const tokens = tokenSettings(ctx);
  const svc = new IdentityService({
    db: ctx.db,
    tokens,
    refreshTtl: ctx.config.jwt.refreshTtl,
    now: ctx.now,
    afterCommit: () => ctx.relay.wake(),
  });
  return {
    client: {
      verify: (token) => verifyAccessToken(tokens, token, ctx.now()),
      getUser: (id) => svc.me(id),
      createAdmin: (e, p, n) => svc.createAdmin(e, p, n),
    },
    routes: (app) => identityRoutes(app, svc, ctx.config.cookieSecure),
  };
}
