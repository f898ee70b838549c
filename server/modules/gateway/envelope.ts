/** The single mapping from any thrown error to the HTTP error envelope. */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { AppError, type ErrorCode, type FieldIssue, httpStatusOf } from "../../platform/errors.ts";

export interface Envelope {
  error: { code: string; message: string; details?: unknown; requestId: string };
}

const FASTIFY_CODES: Record<string, [ErrorCode, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: ["payload_too_large", "Request body is too large"],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ["bad_request", "Unsupported content type: send application/json"],
  FST_ERR_CTP_EMPTY_JSON_BODY: ["bad_request", "Empty JSON body"],
  FST_ERR_CTP_INVALID_JSON_BODY: ["bad_request", "Body is not valid JSON"],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ["bad_request", "Content-Length does not match the body"],
  FST_ERR_RATE_LIMIT_EXCEEDED: ["rate_limited", "Too many requests"],
};

export function toEnvelope(
  err: unknown,
  requestId: string,
): { status: number; body: Envelope; retryAfter?: number } {
  if (err instanceof AppError) {
    return {
      status: httpStatusOf[err.code],
      body: { error: { code: err.code, message: err.message, details: err.details, requestId } },
      ...(err.retryAfter !== undefined ? { retryAfter: err.retryAfter } : {}),
    };
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = (err as { validationContext?: string }).validationContext ?? "body";
    const details: FieldIssue[] = err.validation.map((v) => ({
      path: [where, ...v.instancePath.split("/").filter(Boolean)].join("."),
      message: v.message ?? "invalid",
    }));
    const first = details[0];
    return {
      status: 400,
      body: {
        error: {
          code: "validation_failed",
          message: first ? `Invalid request: ${first.path} ${first.message}` : "Invalid request",
          details,
          requestId,
        },
      },
    };
  }
  const fe = err as Partial<FastifyError>;
  if (fe.code && FASTIFY_CODES[fe.code]) {
    const [code, message] = FASTIFY_CODES[fe.code] as [ErrorCode, string];
    return { status: httpStatusOf[code], body: { error: { code, message, requestId } } };
  }
  if (typeof fe.statusCode === "number" && fe.statusCode >= 400 && fe.statusCode < 500) {
    return {
      status: fe.statusCode,
      body: { error: { code: "bad_request", message: fe.message ?? "Bad request", requestId } },
    };
  }
  return {
    status: 500,
    body: { error: { code: "internal", message: "Something went wrong on our side", requestId } },
  };
}

export function sendError(err: unknown, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { status, body, retryAfter } = toEnvelope(err, req.id);
  if (status >= 500) req.log.error({ err }, "request failed");
  else req.log.info({ code: body.error.code, status }, body.error.message);
  if (retryAfter !== undefined) void reply.header("retry-after", String(retryAfter));
  return reply.status(status).send(body);
}
