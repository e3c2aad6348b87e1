import type { FastifyInstance } from "fastify";
import { createEndpoint } from "../../services/endpoints/create-endpoint.js";
import { deleteEndpoint } from "../../services/endpoints/delete-endpoint.js";
import { getEndpoint, listEndpoints } from "../../services/endpoints/read-endpoints.js";
import { updateEndpoint } from "../../services/endpoints/update-endpoint.js";
import type { ApiDeps } from "../api-deps.js";
import { accountOf } from "../authentication.js";
import { emptyBodyProblem, notFoundProblem, sendProblem, validationProblem } from "../problem.js";
import { endpointView, endpointWithSecretView } from "../representations.js";

type WithId = { Params: { id: string } };

/**
 * POST /v1/endpoints (201), GET /v1/endpoints (`{ data }`), GET/PATCH/DELETE /v1/endpoints/:id.
 * A generated secret (`generate_secret: true`) is in the create or update answer only (`secret`);
 * every other answer shows `has_secret`.
 */
export function registerEndpointRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.post("/v1/endpoints", async (request, reply) => {
    if (request.body === undefined) return sendProblem(reply, emptyBodyProblem());
    const outcome = await createEndpoint(deps, { accountId: accountOf(request).id, body: request.body });
    if (outcome.kind === "invalid") return sendProblem(reply, validationProblem(outcome));
    return reply
      .code(201)
      .header("location", `/v1/endpoints/${outcome.endpoint.id}`)
      .send(endpointWithSecretView(outcome.endpoint, outcome.generatedSecret, deps.clock.now()));
  });

  app.get("/v1/endpoints", async (request, reply) => {
    const endpoints = await listEndpoints(deps, accountOf(request).id);
    const now = deps.clock.now();
    return reply.send({ data: endpoints.map((endpoint) => endpointView(endpoint, now)) });
  });

  app.get<WithId>("/v1/endpoints/:id", async (request, reply) => {
    const outcome = await getEndpoint(deps, accountOf(request).id, request.params.id);
    if (outcome.kind === "not_found") return sendProblem(reply, notFoundProblem(outcome));
    return reply.send(endpointView(outcome.endpoint, deps.clock.now()));
  });

  app.patch<WithId>("/v1/endpoints/:id", async (request, reply) => {
    if (request.body === undefined) return sendProblem(reply, emptyBodyProblem());
    const outcome = await updateEndpoint(deps, {
      accountId: accountOf(request).id,
      endpointId: request.params.id,
      body: request.body,
    });
    if (outcome.kind === "invalid") return sendProblem(reply, validationProblem(outcome));
    if (outcome.kind === "not_found") return sendProblem(reply, notFoundProblem(outcome));
    return reply.send(endpointWithSecretView(outcome.endpoint, outcome.generatedSecret, deps.clock.now()));
  });

  app.delete<WithId>("/v1/endpoints/:id", async (request, reply) => {
    const outcome = await deleteEndpoint(deps, accountOf(request).id, request.params.id);
    if (outcome.kind === "not_found") return sendProblem(reply, notFoundProblem(outcome));
    return reply.code(204).send();
  });
}
