import type { FastifyInstance } from "fastify";
import { rotateEndpointSigningKey } from "../../services/endpoints/endpoint-signing-key.js";
import type { ApiDeps } from "../api-deps.js";
import { endpointRequest, type IdRoute, useCaseRoute } from "../use-case-route.js";

/**
 * An `ed25519` endpoint's key pair: POST /v1/endpoints/:id/signing-key/rotate
 * `{ grace_period_seconds? = 86400 }` → `{ public_key, previous_expires_at }`; until then, deliveries
 * carry a `v1a,` signature for each key. The private key is never shown: the public one is not a secret.
 */
export function registerEndpointSigningKeyRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.post<IdRoute>(
    "/v1/endpoints/:id/signing-key/rotate",
    useCaseRoute(
      (request) => rotateEndpointSigningKey(deps, endpointRequest(request)),
      (reply, { endpoint, previousExpiresAt }) =>
        reply.send({
          public_key: endpoint.signingKey?.publicKey ?? null,
          previous_expires_at: previousExpiresAt === null ? null : new Date(previousExpiresAt).toISOString(),
        }),
    ),
  );
}
