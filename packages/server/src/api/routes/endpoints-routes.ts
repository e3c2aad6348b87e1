import type { FastifyInstance } from "fastify";
import { createEndpoint } from "../../services/endpoints/create-endpoint.js";
import { deleteEndpoint } from "../../services/endpoints/delete-endpoint.js";
import { getEndpoint, listEndpoints } from "../../services/endpoints/read-endpoints.js";
import { updateEndpoint } from "../../services/endpoints/update-endpoint.js";
import type { ApiDeps } from "../api-deps.js";
import { accountOf } from "../authentication.js";
import { endpointView, endpointWithSecretView } from "../representations.js";
import { endpointRequest, type IdRoute, ownedResourceRoute, useCaseRoute } from "../use-case-route.js";

/**
 * POST /v1/endpoints (201), GET /v1/endpoints (`{ data }`), GET/PATCH/DELETE /v1/endpoints/:id.
 * A generated secret (`generate_secret: true`) is in the create or update answer only (`secret`);
 * every other answer shows `has_secret`.
 */
export function registerEndpointRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.post(
    "/v1/endpoints",
    useCaseRoute(
      (request) => createEndpoint(deps, { accountId: accountOf(request).id, body: request.body }),
      (reply, { endpoint, generatedSecret }) =>
        reply
          .code(201)
          .header("location", `/v1/endpoints/${endpoint.id}`)
          .send(endpointWithSecretView(endpoint, generatedSecret, deps.clock.now())),
    ),
  );

  app.get("/v1/endpoints", async (request, reply) => {
    const endpoints = await listEndpoints(deps, accountOf(request).id);
    const now = deps.clock.now();
    return reply.send({ data: endpoints.map((endpoint) => endpointView(endpoint, now)) });
  });

  app.get<IdRoute>(
    "/v1/endpoints/:id",
    ownedResourceRoute(
      (accountId, id) => getEndpoint(deps, accountId, id),
      (reply, { endpoint }) => reply.send(endpointView(endpoint, deps.clock.now())),
    ),
  );

  app.patch<IdRoute>(
    "/v1/endpoints/:id",
    useCaseRoute(
      (request) => updateEndpoint(deps, endpointRequest(request)),
      (reply, { endpoint, generatedSecret }) =>
        reply.send(endpointWithSecretView(endpoint, generatedSecret, deps.clock.now())),
    ),
  );

  app.delete<IdRoute>(
    "/v1/endpoints/:id",
    ownedResourceRoute(
      (accountId, id) => deleteEndpoint(deps, accountId, id),
      (reply) => reply.code(204).send(),
    ),
  );
}
