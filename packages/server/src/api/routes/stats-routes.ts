import type { FastifyInstance } from "fastify";
import { getDeliverySeries } from "../../services/delivery-series.js";
import { getEndpointStats } from "../../services/endpoints/endpoint-stats.js";
import type { ApiDeps } from "../api-deps.js";
import { accountOf } from "../authentication.js";
import { notFoundProblem, sendProblem, validationProblem } from "../problem.js";
import { deliverySeriesView, endpointStatsView } from "../representations.js";

/**
 * GET /v1/endpoints/:id/stats → `{ endpoint_id, last_hour: { attempts, succeeded, failed, success_rate },
 * last_day: {...}, last_success_at, last_failure_at, state }` (test deliveries left out).
 * GET /v1/stats/deliveries?from&until&bucket=hour|day&endpoint_id → `{ data: [{ start, succeeded, failed,
 * pending }] }`: deliveries created in each UTC bucket by their current status, oldest bucket first.
 */
export function registerStatsRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get<{ Params: { id: string } }>("/v1/endpoints/:id/stats", async (request, reply) => {
    const outcome = await getEndpointStats(deps, accountOf(request).id, request.params.id);
    if (outcome.kind === "not_found") return sendProblem(reply, notFoundProblem(outcome));
    return reply.send(endpointStatsView(outcome));
  });

  app.get("/v1/stats/deliveries", async (request, reply) => {
    const query = (request.query ?? {}) as Record<string, unknown>;
    const outcome = await getDeliverySeries(deps, accountOf(request).id, query);
    if (outcome.kind === "invalid") return sendProblem(reply, validationProblem(outcome));
    if (outcome.kind === "not_found") return sendProblem(reply, notFoundProblem(outcome));
    return reply.send(deliverySeriesView(outcome.buckets));
  });
}
