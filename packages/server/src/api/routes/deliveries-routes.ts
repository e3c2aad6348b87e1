import type { FastifyInstance } from "fastify";
import { getDeliveryWithAttempts, listDeliveries } from "../../services/read-deliveries.js";
import { resendDelivery } from "../../services/resend-delivery.js";
import type { ApiDeps } from "../api-deps.js";
import { deliveryDetailView, deliveryView } from "../representations.js";
import { accountListingRoute, type IdRoute, ownedResourceRoute } from "../use-case-route.js";

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
  app.get(
    "/v1/deliveries",
    accountListingRoute((accountId, query) => listDeliveries(deps, accountId, query), deliveryView),
  );

  app.get<IdRoute>(
    "/v1/deliveries/:id",
    ownedResourceRoute(
      (accountId, id) => getDeliveryWithAttempts(deps, accountId, id),
      (reply, { delivery, event, attempts }) => reply.send(deliveryDetailView(delivery, event, attempts)),
    ),
  );

  app.post<IdRoute>(
    "/v1/deliveries/:id/resend",
    ownedResourceRoute(
      (accountId, id) => resendDelivery(deps, accountId, id),
      (reply, { delivery }) => reply.code(202).send(deliveryView(delivery)),
    ),
  );
}
