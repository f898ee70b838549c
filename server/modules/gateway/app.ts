/**
 * The HTTP front door: request ids, security headers, CORS, rate limits, timeouts, auth, the error
 * envelope, OpenAPI, health and metrics, the web app. Module routes are mounted on the instance it returns.
 */
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import fastifyCompress from "@fastify/compress";
import fastifyCookie from "@fastify/cookie";
import fastifyCors from "@fastify/cors";
import fastifyHelmet from "@fastify/helmet";
import fastifyRateLimit from "@fastify/rate-limit";
import fastifyStatic from "@fastify/static";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import Fastify from "fastify";
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import type { Redis } from "ioredis";
import { Histogram, type Registry } from "prom-client";
import type { Config } from "../../platform/config.ts";
import { AppError } from "../../platform/errors.ts";
import { type Logger, withRequestId } from "../../platform/logger.ts";
import type { HttpApp } from "../../platform/module.ts";
import { authHook, bearerOf, type TokenVerifier } from "./auth.ts";
import { sendError } from "./envelope.ts";

export interface GatewayOptions {
  config: Config;
  log: Logger;
  metrics: Registry;
  verifyToken: TokenVerifier;
  version: string;
  /** Rate limits count here when given (REDIS_URL), shared by every gateway replica. */
  redis?: Redis;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export async function createHttpApp(o: GatewayOptions): Promise<HttpApp> {
  const { config } = o;
  const app = Fastify({
    loggerInstance: o.log,
    bodyLimit: config.bodyLimitBytes,
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers["x-request-id"];
      return typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
    },
    routerOptions: { maxParamLength: 200, ignoreTrailingSlash: true },
  }).withTypeProvider<import("fastify-type-provider-zod").ZodTypeProvider>() as unknown as HttpApp;

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest("auth", null);
  app.setErrorHandler((err, req, reply) => sendError(err, req, reply));

  const duration = new Histogram({
    name: "gopro_http_request_duration_seconds",
    help: "HTTP request duration by route and status",
    labelNames: ["method", "route", "status"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [o.metrics],
  });

  // Everything the request sets off runs in its scope, so every log line carries its id.
  app.addHook("onRequest", (req, _reply, done) => withRequestId(req.id, done));
  app.addHook("onRequest", async (req, reply) => {
    void reply.header("x-request-id", req.id);
    // Answer with 504 rather than hang when a handler overruns; the handler's late reply is dropped.
    const timer = setTimeout(() => {
      if (!reply.sent) sendError(new AppError("timeout", "The request took too long"), req, reply);
    }, config.requestTimeoutMs);
    timer.unref();
    reply.raw.once("close", () => clearTimeout(timer));
  });
  app.addHook("onResponse", async (req, reply) => {
    duration
      .labels(req.method, req.routeOptions.url ?? "unmatched", String(reply.statusCode))
      .observe(reply.elapsedTime / 1000);
  });

  // Below 4 KiB, gzip saves less than a packet or two and cost the catalog list half its
  // throughput (bench/catalog.bench.ts: 0.30× → 0.51× of bare Fastify at a 1.3 KiB body).
  await app.register(fastifyCompress, { global: true, threshold: 4096 });
  await app.register(fastifyCookie);
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // CodeMirror injects its theme as <style> elements.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", "data:"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    hsts: config.cookieSecure,
  });
  await app.register(fastifyCors, {
    origin: (origin, cb) => cb(null, origin === undefined ? false : config.corsOrigins.includes(origin)),
    credentials: true,
    exposedHeaders: ["x-request-id", "retry-after"],
  });
  await app.register(fastifyRateLimit, {
    global: true,
    timeWindow: 60_000,
    // Split: every replica counts in Redis. While Redis is away requests pass (the limits are a
    // fairness and abuse guard; an outage of them must not take the API down with it).
    ...(o.redis ? { redis: o.redis, nameSpace: `${config.redisPrefix}rate:`, skipOnError: true } : {}),
    // Signed-in users are limited per user (a classroom shares one IP); others per IP. Login and
    // registration have their own, much smaller, per-IP budget against password guessing.
    keyGenerator: async (req) => {
      if (req.routeOptions.config.rateLimitGroup === "auth") return `auth:${req.ip}`;
      const token = bearerOf(req);
      if (token) {
        try {
          return `user:${(await o.verifyToken(token)).userId}`;
        } catch {
          // fall through: an invalid token is limited per IP and rejected later by auth
        }
      }
      return `ip:${req.ip}`;
    },
    max: (_req, key) =>
      key.startsWith("auth:")
        ? config.rateLimit.authPerMin
        : key.startsWith("user:")
          ? config.rateLimit.userPerMin
          : config.rateLimit.ipPerMin,
    errorResponseBuilder: (_req, ctx) =>
      new AppError("rate_limited", `Too many requests, retry in ${Math.ceil(ctx.ttl / 1000)} s`, {
        retryAfter: Math.ceil(ctx.ttl / 1000),
      }),
    allowList: (req) => req.url === "/healthz" || req.url === "/readyz" || !req.url.startsWith("/api/"),
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.1.0",
      info: { title: "GO-PRO API", version: o.version, description: "Learn Go by writing Go." },
      components: {
        securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: "/api/docs", staticCSP: true });

  app.addHook("preHandler", authHook(o.verifyToken));

  const webDir = path.resolve(config.webDir);
  const hasWeb = existsSync(path.join(webDir, "index.html"));
  // wildcard: files are looked up per request, so a rebuilt web app is served without a restart.
  if (hasWeb) await app.register(fastifyStatic, { root: webDir, wildcard: true, index: ["index.html"] });

  app.setNotFoundHandler((req, reply) => {
    const isApi = req.url.startsWith("/api/");
    if (!isApi && req.method === "GET" && hasWeb) {
      // Client-side routes: the SPA decides what to render.
      return reply.type("text/html").sendFile("index.html");
    }
    return sendError(
      new AppError("not_found", `No route ${req.method} ${req.url.split("?")[0]}`),
      req,
      reply,
    );
  });

  return app;
}
