import type { FastifyError, FastifyInstance } from "fastify";
import type { Logger } from "../domain/logger.js";
import { isStoreUnavailable } from "../store/store-unavailable-error.js";
import { fieldProblem, type Problem, ProblemError, problem, sendProblem } from "./problem.js";
import { storeUnavailableProblem } from "./store-unavailable-problem.js";

/**
 * Turns every error into a problem document. Bad input is always a 4xx naming what was wrong; a store
 * that is unavailable answers 503 with `Retry-After`; only a fault of the service answers 500, and that
 * one is logged with its request id.
 */
function problemForClientError(error: FastifyError, bodyLimitBytes: number): Problem | undefined {
  switch (error.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return fieldProblem(413, "payload_too_large", "body", `must be at most ${bodyLimitBytes} bytes`);
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return fieldProblem(415, "unsupported_media_type", "Content-Type", "must be application/json");
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return fieldProblem(400, "empty_body", "body", "is required: send a JSON object");
    case "FST_ERR_CTP_INVALID_JSON_BODY":
      return fieldProblem(400, "invalid_json", "body", "is not valid JSON");
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return fieldProblem(400, "invalid_request", "Content-Length", "does not match the body's length");
    default: {
      const status = error.statusCode;
      if (status !== undefined && status >= 400 && status < 500) {
        return problem(status, "invalid_request", error.message);
      }
      return undefined;
    }
  }
}

export function addProblemErrorHandler(app: FastifyInstance, logger: Logger, bodyLimitBytes: number): void {
  app.setErrorHandler<FastifyError>((error, request, reply) => {
    if (error instanceof ProblemError) return sendProblem(reply, error.problem);
    if (isStoreUnavailable(error)) {
      const unavailable = storeUnavailableProblem(error);
      logger.warn(
        {
          request_id: request.id,
          method: request.method,
          route: request.routeOptions.url ?? null,
          reason: error.reason,
          error: error.message,
        },
        "the store is unavailable; answered 503",
      );
      reply.header("retry-after", String(unavailable.retryAfterSeconds));
      return sendProblem(reply, unavailable.problem);
    }
    const clientProblem = problemForClientError(error, bodyLimitBytes);
    if (clientProblem !== undefined) return sendProblem(reply, clientProblem);
    logger.error(
      {
        request_id: request.id,
        method: request.method,
        route: request.routeOptions.url ?? null,
        err: {
          name: error.name,
          message: error.message,
          code: error.code ?? null,
          stack: error.stack ?? null,
        },
      },
      "request failed",
    );
    const internal = problem(500, "internal_error", `an internal error occurred (request ${request.id})`);
    return sendProblem(reply, { ...internal, request_id: request.id });
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      problem(404, "not_found", `no route ${request.method} ${request.url.split("?")[0] ?? ""}`),
    ),
  );
}
