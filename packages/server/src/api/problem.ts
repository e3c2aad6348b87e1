import type { FastifyReply } from "fastify";
import type { NotFound, ValidationFailure } from "../services/outcomes.js";

/**
 * Every error the API answers is an RFC 9457 problem document (`application/problem+json`) with a
 * stable `code`; `errors` names each offending field (a body field path like `data.interview_score`,
 * a query parameter, or a header like `Authorization`).
 */
export const PROBLEM_CONTENT_TYPE = "application/problem+json";

export type ProblemCode =
  | "invalid_json"
  | "empty_body"
  | "invalid_request"
  | "validation_failed"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "method_not_allowed"
  | "conflict"
  | "payload_too_large"
  | "unsupported_media_type"
  | "rate_limited"
  | "not_ready" // GET /readyz
  | "service_unavailable" // a feature this process was started without (e.g. the Tester's sender)
  | "store_unavailable" // the database cannot be reached for now (503 with Retry-After)
  | "storage_full" // the database refuses writes for want of space (503 with Retry-After)
  | "internal_error";

export interface ProblemFieldError {
  readonly field: string;
  readonly message: string;
}

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly code: ProblemCode;
  readonly detail: string;
  readonly errors?: readonly ProblemFieldError[];
  /** Only on 500s: quote it when reporting the problem (it is in the service's logs). */
  readonly request_id?: string;
}

const TITLES: { readonly [C in ProblemCode]: string } = {
  invalid_json: "The request body is not valid JSON",
  empty_body: "The request body is empty",
  invalid_request: "The request is malformed",
  validation_failed: "The request has invalid fields",
  unauthorized: "Missing or invalid API key",
  forbidden: "This API key may not do that",
  not_found: "Not found",
  method_not_allowed: "Method not allowed",
  conflict: "Conflict",
  payload_too_large: "The request body is too large",
  unsupported_media_type: "Unsupported content type",
  rate_limited: "Too many requests",
  not_ready: "The service is not ready",
  service_unavailable: "Not available in this process",
  store_unavailable: "The store is unavailable",
  storage_full: "The store is out of space",
  internal_error: "Internal error",
};

export function problem(
  status: number,
  code: ProblemCode,
  detail: string,
  errors?: readonly ProblemFieldError[],
): Problem {
  const base = { type: `urn:voicehire-webhooks:problem:${code}`, title: TITLES[code], status, code, detail };
  return errors === undefined ? base : { ...base, errors };
}

/** A problem raised where only throwing is possible (a content-type parser): the error handler sends it. */
export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
    this.name = "ProblemError";
  }
}

export function validationProblem(failure: ValidationFailure): Problem {
  const errors = failure.issues.map((issue) => ({ field: issue.path, message: issue.message }));
  const detail = errors.map((e) => `${e.field} ${e.message}`).join("; ");
  return problem(422, "validation_failed", detail, errors);
}

export function notFoundProblem(failure: NotFound): Problem {
  return problem(404, "not_found", `no ${failure.resource.replace("_", " ")} ${failure.id} in this account`);
}

export function fieldProblem(status: number, code: ProblemCode, field: string, message: string): Problem {
  return problem(status, code, `${field} ${message}`, [{ field, message }]);
}

export function emptyBodyProblem(): Problem {
  return fieldProblem(
    400,
    "empty_body",
    "body",
    "is required: send a JSON object (Content-Type: application/json)",
  );
}

export function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  return reply.code(body.status).type(PROBLEM_CONTENT_TYPE).send(body);
}

/** A use case's `conflict` outcome: the resource's state forbids the request. */
export function conflictProblem(failure: { readonly message: string }): Problem {
  return problem(409, "conflict", failure.message);
}
