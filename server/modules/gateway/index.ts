/**
 * gateway: the HTTP front door shared by every module in this process (auth, limits, ids, errors, docs).
 */

export { createHttpApp, type GatewayOptions } from "./app.ts";
export { type AuthClaims, type AuthMode, type TokenVerifier, userOf } from "./auth.ts";
export { sendError, toEnvelope } from "./envelope.ts";
