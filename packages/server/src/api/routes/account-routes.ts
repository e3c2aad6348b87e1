import type { FastifyInstance } from "fastify";
import { updateAccountSettings } from "../../services/accounts.js";
import type { ApiDeps } from "../api-deps.js";
import { accountOf } from "../authentication.js";
import { emptyBodyProblem, notFoundProblem, sendProblem, validationProblem } from "../problem.js";
import { accountView } from "../representations.js";

/** GET /v1/account, and PATCH /v1/account `{ credits_threshold }`. */
export function registerAccountRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get("/v1/account", async (request, reply) => reply.send(accountView(accountOf(request))));

  app.patch("/v1/account", async (request, reply) => {
    if (request.body === undefined) return sendProblem(reply, emptyBodyProblem());
    const outcome = await updateAccountSettings(deps, accountOf(request).id, request.body);
    if (outcome.kind === "invalid") return sendProblem(reply, validationProblem(outcome));
    if (outcome.kind === "not_found") return sendProblem(reply, notFoundProblem(outcome));
    return reply.send(accountView(outcome.account));
  });
}
