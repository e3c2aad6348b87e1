import type { FastifyInstance } from "fastify";
import { formatTimestamp } from "../../domain/envelope.js";
import { reportCreditBalance } from "../../services/report-credit-balance.js";
import type { ApiDeps } from "../api-deps.js";
import { accountOf } from "../authentication.js";
import { emptyBodyProblem, sendProblem, validationProblem } from "../problem.js";

/**
 * POST /v1/credits/balance `{ credits_remaining, last_campaign_id? }`: 200 `{ credits_remaining,
 * events: [{ id, event, timestamp, deliveries }] }` listing the `credits.*` events the report fired.
 */
export function registerCreditRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.post("/v1/credits/balance", async (request, reply) => {
    if (request.body === undefined) return sendProblem(reply, emptyBodyProblem());
    const outcome = await reportCreditBalance(deps, { accountId: accountOf(request).id, body: request.body });
    if (outcome.kind === "invalid") return sendProblem(reply, validationProblem(outcome));
    return reply.send({
      credits_remaining: outcome.balance,
      events: outcome.events.map((e) => ({
        id: e.id,
        event: e.type,
        timestamp: formatTimestamp(e.occurredAt),
        deliveries: e.deliveryCount,
      })),
    });
  });
}
