import type { FastifyInstance } from "fastify";
import { formatTimestamp } from "../../domain/envelope.js";
import { reportCreditBalance } from "../../services/report-credit-balance.js";
import type { ApiDeps } from "../api-deps.js";
import { accountOf } from "../authentication.js";
import { useCaseRoute } from "../use-case-route.js";

/**
 * POST /v1/credits/balance `{ credits_remaining, last_campaign_id? }`: 200 `{ credits_remaining,
 * events: [{ id, event, timestamp, deliveries }] }` listing the `credits.*` events the report fired.
 */
export function registerCreditRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.post(
    "/v1/credits/balance",
    useCaseRoute(
      (request) => reportCreditBalance(deps, { accountId: accountOf(request).id, body: request.body }),
      (reply, { balance, events }) =>
        reply.send({
          credits_remaining: balance,
          events: events.map((e) => ({
            id: e.id,
            event: e.type,
            timestamp: formatTimestamp(e.occurredAt),
            deliveries: e.deliveryCount,
          })),
        }),
    ),
  );
}
