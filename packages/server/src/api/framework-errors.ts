import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { fieldProblem, problem, sendProblem } from "./problem.js";

/**
 * The errors fastify's router raises before any route, hook or error handler runs (a path that is not
 * valid percent-encoding, a path parameter longer than `maxParamLength`): answered as problem documents
 * like every other error, instead of fastify's own JSON. Found by the hostile-input property test.
 */
export function answerFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  reply.header("x-request-id", request.id);
  switch (error.code) {
    case "FST_ERR_BAD_URL":
      sendProblem(reply, fieldProblem(400, "invalid_request", "path", "is not valid percent-encoding"));
      return;
    case "FST_ERR_MAX_PARAM_LENGTH":
      sendProblem(
        reply,
        fieldProblem(414, "invalid_request", "path", "has a parameter longer than 100 characters"),
      );
      return;
    default:
      sendProblem(reply, problem(400, "invalid_request", "the request could not be routed"));
  }
}
