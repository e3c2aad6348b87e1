import type { FastifyInstance } from "fastify";
import { publishEventBatch } from "../../services/publish-event-batch.js";
import type { ApiDeps } from "../api-deps.js";
import { accountOf } from "../authentication.js";
import { emptyBodyProblem, sendProblem, validationProblem } from "../problem.js";
import { publishedEventView } from "./published-event-view.js";

/**
 * POST /v1/events/batch `{ events: [{ event, data, timestamp?, idempotency_key? }, ...] }` (1 to 500):
 * 200 `{ results: [...] }`, one result per item in the order sent: an accepted item is the single
 * route's answer with its `status` (202 new, 200 duplicate of its `idempotency_key`), a refused one is a
 * problem document (`status` 422, `errors` naming `events[i].field`). Every accepted item is durable
 * before the answer. A wrong envelope (no `events` array, no item, more than 500) answers 422 and
 * stores nothing.
 */
export function registerEventBatchRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.post("/v1/events/batch", async (request, reply) => {
    if (request.body === undefined) return sendProblem(reply, emptyBodyProblem());
    const outcome = await publishEventBatch(deps, { accountId: accountOf(request).id, body: request.body });
    if (outcome.kind === "invalid") return sendProblem(reply, validationProblem(outcome));
    const results = outcome.items.map((item) => {
      if (item.kind === "invalid") return validationProblem(item);
      const view = publishedEventView(item);
      return { status: view.status, ...view.body };
    });
    return reply.code(200).send({ results });
  });
}
