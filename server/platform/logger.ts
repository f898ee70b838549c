import { AsyncLocalStorage } from "node:async_hooks";
import { type DestinationStream, type Logger, pino } from "pino";

export type { Logger };

const requestScope = new AsyncLocalStorage<string>();

/**
 * Runs `fn` (and everything it starts, however deep) as part of the request `reqId`: every line
 * logged meanwhile, by any module, carries that `reqId`.
 */
export function withRequestId<T>(reqId: string, fn: () => T): T {
  return requestScope.run(reqId, fn);
}

/**
 * The one logger. Fastify's per-request child loggers carry `reqId` themselves; every other line
 * logged while a request is being served (runner, bus, modules' own loggers) gets it from the
 * request scope.
 */
export function createLogger(
  level: string,
  base: Record<string, unknown> = {},
  destination?: DestinationStream,
): Logger {
  const options = {
    level,
    base: { service: "gopro", ...base },
    mixin: (_obj: object, _level: number, logger: Logger): object => {
      const reqId = requestScope.getStore();
      return reqId === undefined || "reqId" in logger.bindings() ? {} : { reqId };
    },
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
  };
  return destination ? pino(options, destination) : pino(options);
}
