import type { FastifyInstance } from "fastify";
import {
  revealEndpointSecret,
  rotateEndpointSecret,
  setEndpointSecret,
} from "../../services/endpoints/endpoint-secrets.js";
import type { ApiDeps } from "../api-deps.js";
import { accountOf } from "../authentication.js";
import {
  conflictProblem,
  emptyBodyProblem,
  notFoundProblem,
  sendProblem,
  validationProblem,
} from "../problem.js";
import { secretView } from "../representations.js";

type WithId = { Params: { id: string } };

/**
 * An endpoint's secret:
 * - GET /v1/endpoints/:id/secret → `{ secret, previous: [{ expires_at }] }` (reveal; `secret` null when
 *   the endpoint does not sign; `previous`: the replaced secrets still signing, newest first);
 * - PUT /v1/endpoints/:id/secret `{ secret }` (null stops signing) or `{ generate: true }` → the same
 *   shape: replaced now, without grace;
 * - POST /v1/endpoints/:id/secret/rotate `{ secret?, grace_period_seconds? = 86400 }` → `{ secret,
 *   previous_expires_at }`: until then, deliveries are signed with both (docs/secret-rotation.md).
 * Answers carry `Cache-Control: no-store`: they hold a secret.
 */
export function registerEndpointSecretRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get<WithId>("/v1/endpoints/:id/secret", async (request, reply) => {
    const outcome = await revealEndpointSecret(deps, accountOf(request).id, request.params.id);
    if (outcome.kind === "not_found") return sendProblem(reply, notFoundProblem(outcome));
    return reply
      .header("cache-control", "no-store")
      .send(secretView(outcome.secret, outcome.previousExpiresAt));
  });

  app.put<WithId>("/v1/endpoints/:id/secret", async (request, reply) => {
    if (request.body === undefined) return sendProblem(reply, emptyBodyProblem());
    const outcome = await setEndpointSecret(deps, {
      accountId: accountOf(request).id,
      endpointId: request.params.id,
      body: request.body,
    });
    if (outcome.kind === "invalid") return sendProblem(reply, validationProblem(outcome));
    if (outcome.kind === "not_found") return sendProblem(reply, notFoundProblem(outcome));
    return reply
      .header("cache-control", "no-store")
      .send(secretView(outcome.secret, outcome.previousExpiresAt));
  });

  app.post<WithId>("/v1/endpoints/:id/secret/rotate", async (request, reply) => {
    const outcome = await rotateEndpointSecret(deps, {
      accountId: accountOf(request).id,
      endpointId: request.params.id,
      body: request.body ?? {},
    });
    if (outcome.kind === "invalid") return sendProblem(reply, validationProblem(outcome));
    if (outcome.kind === "not_found") return sendProblem(reply, notFoundProblem(outcome));
    if (outcome.kind === "conflict") return sendProblem(reply, conflictProblem(outcome));
    return reply.header("cache-control", "no-store").send({
      secret: outcome.secret,
      previous_expires_at:
        outcome.previousExpiresAt === null ? null : new Date(outcome.previousExpiresAt).toISOString(),
    });
  });
}
