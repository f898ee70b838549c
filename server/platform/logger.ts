import { type Logger, pino } from "pino";

export type { Logger };

/** The one logger. Request ids are attached per request by Fastify's child loggers. */
export function createLogger(level: string, base: Record<string, unknown> = {}): Logger {
  return pino({
    level,
    base: { service: "gopro", ...base },
    redact: {
      paths: [
        "req.headers.authorization",
        "req.headers.cookie",
        'res.headers["set-cookie"]',
        "*.password",
        "password",
      ],
      censor: "[redacted]",
    },
  });
}
