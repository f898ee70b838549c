import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { SignJWT, UnsecuredJWT } from "jose";
import { AppError } from "../../platform/errors.ts";
import {
  CLOCK_TOLERANCE_S,
  signAccessToken,
  type TokenSettings,
  tokenWindowState,
  verifyAccessToken,
} from "./tokens.ts";

const settings: TokenSettings = {
  secret: new TextEncoder().encode("a-test-secret-that-is-long-enough-0123456789"),
  issuer: "gopro",
  audience: "gopro-api",
  accessTtl: 900,
};
const t0 = new Date("2026-03-01T12:00:00Z");
const later = (s: number) => new Date(t0.getTime() + s * 1000);
const claims = { userId: "u1", role: "learner" as const, displayName: "Ana" };

/** A correctly signed token with arbitrary claims, to check the claim rules rather than the signature. */
const signRaw = (claims: Record<string, string>) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256" })
    .setSubject("u1")
    .setIssuer("gopro")
    .setAudience("gopro-api")
    .setIssuedAt(Math.floor(t0.getTime() / 1000))
    .setExpirationTime(Math.floor(t0.getTime() / 1000) + 600)
    .sign(settings.secret);

async function rejects(p: Promise<unknown>) {
  await assert.rejects(p, (e: unknown) => e instanceof AppError && e.code === "unauthenticated");
}

describe("token validity window", () => {
  test("valid from iat (minus tolerance) until exp (plus tolerance)", () => {
    assert.equal(tokenWindowState(1000, 1000, 1900), "valid");
    assert.equal(tokenWindowState(1000 - CLOCK_TOLERANCE_S, 1000, 1900), "valid");
    assert.equal(tokenWindowState(1000 - CLOCK_TOLERANCE_S - 1, 1000, 1900), "not_yet_valid");
    assert.equal(tokenWindowState(1900 + CLOCK_TOLERANCE_S - 1, 1000, 1900), "valid");
    assert.equal(tokenWindowState(1900 + CLOCK_TOLERANCE_S, 1000, 1900), "expired");
  });
});

describe("access tokens", () => {
  test("a fresh token verifies and carries the user", async () => {
    const token = await signAccessToken(settings, claims, t0);
    assert.deepEqual(await verifyAccessToken(settings, token, later(60)), claims);
  });

  test("expires after the TTL", async () => {
    const token = await signAccessToken(settings, claims, t0);
    await verifyAccessToken(settings, token, later(899));
    await rejects(verifyAccessToken(settings, token, later(900 + CLOCK_TOLERANCE_S + 1)));
  });

  test("rejects another audience, another issuer, another key", async () => {
    const token = await signAccessToken(settings, claims, t0);
    await rejects(verifyAccessToken({ ...settings, audience: "other" }, token, t0));
    await rejects(verifyAccessToken({ ...settings, issuer: "other" }, token, t0));
    await rejects(
      verifyAccessToken({ ...settings, secret: new TextEncoder().encode("x".repeat(40)) }, token, t0),
    );
  });

  test("rejects alg none and tokens that are not access tokens", async () => {
    const unsigned = new UnsecuredJWT({ role: "admin", token_use: "access" })
      .setSubject("u1")
      .setIssuer("gopro")
      .setAudience("gopro-api")
      .setIssuedAt(Math.floor(t0.getTime() / 1000))
      .setExpirationTime("10m")
      .encode();
    await rejects(verifyAccessToken(settings, unsigned, t0));
    await rejects(verifyAccessToken(settings, await signRaw({ role: "learner", token_use: "refresh" }), t0));
  });

  test("rejects a token with an unknown role", async () => {
    await rejects(verifyAccessToken(settings, await signRaw({ role: "root", token_use: "access" }), t0));
  });
});
