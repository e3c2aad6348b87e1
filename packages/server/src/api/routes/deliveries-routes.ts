import type { FastifyInstance } from "fastify";
import { getDeliveryWithAttempts, listDeliveries } from "../../services/read-deliveries.js";
import { resendDelivery } from "../../services/resend-delivery.js";
import type { ApiDeps } from "../api-deps.js";
import { accountOf } from "../authentication.js";
import { conflictProblem, notFoundProblem, sendProblem, validationProblem } from "../problem.js";
import { deliveryDetailView, deliveryView } from "../representations.js";

/**
 * GET /v1/deliveries?endpoint_id&event_id&event_type&status&campaign_id&candidate_id&since&until&test
 * &limit&cursor: newest first, `{ data, next_cursor }` (pass `next_cursor` as `cursor` for the next page;
 * null on the last one).
 * GET /v1/deliveries/:id: the delivery with its `event` (the envelope) and its `attempts`, oldest first,
 * each with its request headers (signatures redacted) and response headers; `next_attempt_at`.
 * POST /v1/deliveries/:id/resend: 202 with the delivery, pending again now with a fresh retry budget
 * (409 for a test delivery or one whose endpoint was deleted).
 */
export function registerDeliveryRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get("/v1/deliveries", async (request, reply) => {
    const query = (request.query ?? {}) as Record<string, unknown>;
    const outcome = await listDeliveries(deps, accountOf(request).id, query);
    if (outcome.kind === "invalid") return sendProblem(reply, validationProblem(outcome));
    return reply.send({ data: outcome.deliveries.map(deliveryView), next_cursor: outcome.nextCursor });
  });

  app.get<{ Params: { id: string } }>("/v1/deliveries/:id", async (request, reply) => {
    const outcome = await getDeliveryWithAttempts(deps, accountOf(request).id, request.params.id);
    if (outcome.kind === "not_found") return sendProblem(reply, notFoundProblem(outcome));
    return reply.send(deliveryDetailView(outcome.delivery, outcome.event, outcome.attempts));
  });

  app.post<{ Params: { id: string } }>("/v1/deliveries/:id/resend", async (request, reply) => {
    const outcome = await resendDelivery(deps, accountOf(request).id, request.params.id);
    if (outcome.kind === "not_found") return sendProblem(reply, notFoundProblem(outcome));
    if (outcome.kind === "conflict") return sendProblem(reply, conflictProblem(outcome));
    return reply.code(202).send(deliveryView(outcome.delivery));
  });
}
