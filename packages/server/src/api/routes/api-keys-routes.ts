import type { FastifyInstance } from "fastify";
import type { ApiKeyRecord } from "../../domain/types.js";
import { createApiKeyFromRequest, listApiKeys, revokeApiKey } from "../../services/api-keys.js";
import type { ApiDeps } from "../api-deps.js";
import { accountOf, apiKeyOf } from "../authentication.js";
import { accountListingRoute, type IdRoute, ownedResourceRoute, useCaseRoute } from "../use-case-route.js";

/**
 * The account's API keys: GET /v1/api-keys (newest first, revoked ones included with `revoked_at`),
 * POST /v1/api-keys `{ name, kind? }` → 201 with the key, shown this once (only its hash is stored),
 * DELETE /v1/api-keys/:id → 204 (a revoked key answers 401 from then on).
 * Only an admin key may create an admin key.
 */
export function apiKeyView(key: ApiKeyRecord) {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    kind: key.kind,
    created_at: new Date(key.createdAt).toISOString(),
    revoked_at: key.revokedAt === null ? null : new Date(key.revokedAt).toISOString(),
  };
}

export function registerApiKeyRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get(
    "/v1/api-keys",
    accountListingRoute((accountId, query) => listApiKeys(deps, accountId, query), apiKeyView),
  );

  app.post(
    "/v1/api-keys",
    useCaseRoute(
      (request) =>
        createApiKeyFromRequest(deps, {
          accountId: accountOf(request).id,
          callerKind: apiKeyOf(request).kind,
          body: request.body,
        }),
      (reply, { record, key }) =>
        reply
          .code(201)
          .header("cache-control", "no-store")
          .send({ ...apiKeyView(record), key }),
    ),
  );

  app.delete<IdRoute>(
    "/v1/api-keys/:id",
    ownedResourceRoute(
      (accountId, id) => revokeApiKey(deps, accountId, id),
      (reply) => reply.code(204).send(),
    ),
  );
}
