/** Access tokens (JWT, HS256) and the rules for when a token is valid. */
import { errors as joseErrors, jwtVerify, SignJWT } from "jose";
import type { Role } from "../../../common/api.ts";
import { AppError } from "../../platform/errors.ts";

export interface AccessClaims {
  userId: string;
  role: Role;
  displayName: string;
}

export interface TokenSettings {
  secret: Uint8Array;
  issuer: string;
  audience: string;
  accessTtl: number;
}

/** Clock skew tolerated between the signer and a verifier running on another machine. */
export const CLOCK_TOLERANCE_S = 5;

/** Pure rule for a token's validity window; `now` and the claims are whole seconds since the epoch. */
export function tokenWindowState(
  now: number,
  iat: number,
  exp: number,
): "valid" | "expired" | "not_yet_valid" {
  if (iat - CLOCK_TOLERANCE_S > now) return "not_yet_valid";
  if (exp + CLOCK_TOLERANCE_S <= now) return "expired";
  return "valid";
}

export async function signAccessToken(s: TokenSettings, c: AccessClaims, now: Date): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ role: c.role, name: c.displayName, token_use: "access" })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(c.userId)
    .setIssuer(s.issuer)
    .setAudience(s.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + s.accessTtl)
    .sign(s.secret);
}

/** Each role's one string: a connection keeps its claims as long as it is open. */
const ROLES = new Map<unknown, Role>([
  ["learner", "learner"],
  ["instructor", "instructor"],
  ["admin", "admin"],
]);

/** Verifies signature, algorithm, issuer, audience, expiry and token type; throws `unauthenticated`. */
export async function verifyAccessToken(s: TokenSettings, token: string, now: Date): Promise<AccessClaims> {
  try {
    const { payload } = await jwtVerify(token, s.secret, {
      algorithms: ["HS256"],
      issuer: s.issuer,
      audience: s.audience,
      requiredClaims: ["sub", "exp", "iat"],
      currentDate: now,
      clockTolerance: CLOCK_TOLERANCE_S,
    });
    const nowS = Math.floor(now.getTime() / 1000);
    if (tokenWindowState(nowS, payload.iat ?? 0, payload.exp ?? 0) !== "valid")
      throw new Error("outside window");
    if (payload.token_use !== "access") throw new Error("not an access token");
    const role = ROLES.get(payload.role);
    if (!payload.sub || role === undefined) throw new Error("bad claims");
    return { userId: payload.sub, role, displayName: String(payload.name ?? "") };
  } catch (err) {
    const expired = err instanceof joseErrors.JWTExpired;
    throw new AppError("unauthenticated", expired ? "Access token expired" : "Invalid access token", {
      cause: err,
    });
  }
}
