import type { FastifyReply } from "fastify";
import { PROBLEM_CONTENT_TYPE } from "../problem.js";

/**
 * The dashboard's own refusals, in the API's problem+json shape. `csrf_failed` (403) is not in the
 * API's ProblemCode list because only a cookie session can fail that way.
 */
export type DashboardProblemCode = "csrf_failed" | "unauthorized" | "invalid_request";

export interface DashboardProblem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly code: DashboardProblemCode;
  readonly detail: string;
  readonly errors: readonly { readonly field: string; readonly message: string }[];
}

const TITLES: { readonly [C in DashboardProblemCode]: string } = {
  csrf_failed: "Missing or wrong CSRF token",
  unauthorized: "Missing or invalid API key",
  invalid_request: "The request is malformed",
};

export function dashboardProblem(
  status: number,
  code: DashboardProblemCode,
  field: string,
  message: string,
): DashboardProblem {
  return {
    type: `urn:voicehire-webhooks:problem:${code}`,
    title: TITLES[code],
    status,
    code,
    detail: `${field} ${message}`,
    errors: [{ field, message }],
  };
}

export function csrfProblem(): DashboardProblem {
  return dashboardProblem(
    403,
    "csrf_failed",
    "X-VoiceHire-CSRF",
    "header must carry the session's CSRF token on POST, PUT, PATCH and DELETE",
  );
}

export function sendDashboardProblem(reply: FastifyReply, body: DashboardProblem): FastifyReply {
  return reply.code(body.status).type(PROBLEM_CONTENT_TYPE).header("cache-control", "no-store").send(body);
}
