import type { FastifyInstance, FastifyReply } from "fastify";
import {
  type RevealedSecret,
  revealEndpointSecret,
  rotateEndpointSecret,
  setEndpointSecret,
} from "../../services/endpoints/endpoint-secrets.js";
import type { ApiDeps } from "../api-deps.js";
import { secretView } from "../representations.js";
import { endpointRequest, type IdRoute, ownedResourceRoute, useCaseRoute } from "../use-case-route.js";

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
  const answerSecret = (reply: FastifyReply, outcome: RevealedSecret) =>
    reply.header("cache-control", "no-store").send(secretView(outcome.secret, outcome.previousExpiresAt));

  app.get<IdRoute>(
    "/v1/endpoints/:id/secret",
    ownedResourceRoute((accountId, id) => revealEndpointSecret(deps, accountId, id), answerSecret),
  );

  app.put<IdRoute>(
    "/v1/endpoints/:id/secret",
    useCaseRoute((request) => setEndpointSecret(deps, endpointRequest(request)), answerSecret),
  );

  app.post<IdRoute>(
    "/v1/endpoints/:id/secret/rotate",
    useCaseRoute(
      (request) => rotateEndpointSecret(deps, endpointRequest(request)),
      (reply, { secret, previousExpiresAt }) =>
        reply.header("cache-control", "no-store").send({
          secret,
          previous_expires_at: previousExpiresAt === null ? null : new Date(previousExpiresAt).toISOString(),
        }),
    ),
  );
}
