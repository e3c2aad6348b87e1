import type { FastifyInstance } from "fastify";
import { getDeliverySeries } from "../../services/delivery-series.js";
import { getEndpointStats } from "../../services/endpoints/endpoint-stats.js";
import type { ApiDeps } from "../api-deps.js";
import { accountOf } from "../authentication.js";
import { deliverySeriesView, endpointStatsView } from "../representations.js";
import { type IdRoute, ownedResourceRoute, useCaseRoute } from "../use-case-route.js";

/**
 * GET /v1/endpoints/:id/stats → `{ endpoint_id, last_hour: { attempts, succeeded, failed, success_rate },
 * last_day: {...}, last_success_at, last_failure_at, state }` (test deliveries left out).
 * GET /v1/stats/deliveries?from&until&bucket=hour|day&endpoint_id → `{ data: [{ start, succeeded, failed,
 * pending }] }`: deliveries created in each UTC bucket by their current status, oldest bucket first.
 */
export function registerStatsRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get<IdRoute>(
    "/v1/endpoints/:id/stats",
    ownedResourceRoute(
      (accountId, id) => getEndpointStats(deps, accountId, id),
      (reply, stats) => reply.send(endpointStatsView(stats)),
    ),
  );

  app.get(
    "/v1/stats/deliveries",
    useCaseRoute(
      (request) => getDeliverySeries(deps, accountOf(request).id, request.query),
      (reply, { buckets }) => reply.send(deliverySeriesView(buckets)),
    ),
  );
}
