import type { FastifyInstance } from "fastify";
import { IDEMPOTENCY_KEY_RULE, isIdempotencyKey } from "../../services/idempotency-key.js";
import { listEvents } from "../../services/list-events.js";
import { publishEvent } from "../../services/publish-event.js";
import { createPublishGroupCommit } from "../../services/publish-group-commit.js";
import { getEventWithDeliveries } from "../../services/read-event.js";
import type { ApiDeps } from "../api-deps.js";
import { accountOf } from "../authentication.js";
import { emptyBodyProblem, fieldProblem, sendProblem, validationProblem } from "../problem.js";
import { eventSummaryView, eventView } from "../representations.js";
import { accountListingRoute, type IdRoute, ownedResourceRoute } from "../use-case-route.js";
import { publishedEventView } from "./published-event-view.js";

/**
 * POST /v1/events: publish `{ event, data, timestamp? }`. 202 `{ id, event, timestamp, deliveries,
 * derived: [{ id, event, deliveries }], duplicate: false }`. With an `Idempotency-Key` already used by
 * this account: 200 `{ id, event, timestamp, duplicate: true }` about the first event, and nothing new
 * is stored or delivered (whatever the new body says).
 *
 * Publishes that arrive together are written in one transaction (services/publish-group-commit.ts).
 *
 * GET /v1/events?event_type&limit&cursor: the stored events, newest first, `{ data, next_cursor }`.
 * GET /v1/events/:id: the stored envelope and its deliveries.
 */
export function registerEventRoutes(app: FastifyInstance, deps: ApiDeps): void {
  // Concurrent publishes share one transaction; each is answered once its own event is durable.
  const publishDeps = { ...deps, commit: createPublishGroupCommit(deps.store).commit };
  app.post("/v1/events", async (request, reply) => {
    const rawKey = request.headers["idempotency-key"];
    if (rawKey !== undefined && !isIdempotencyKey(rawKey)) {
      return sendProblem(
        reply,
        fieldProblem(400, "invalid_request", "Idempotency-Key", IDEMPOTENCY_KEY_RULE),
      );
    }
    if (request.body === undefined) return sendProblem(reply, emptyBodyProblem());
    const outcome = await publishEvent(publishDeps, {
      accountId: accountOf(request).id,
      body: request.body,
      idempotencyKey: rawKey ?? null,
    });
    if (outcome.kind === "invalid") return sendProblem(reply, validationProblem(outcome));
    const view = publishedEventView(outcome);
    return reply.code(view.status).send(view.body);
  });

  app.get(
    "/v1/events",
    accountListingRoute((accountId, query) => listEvents(deps, accountId, query), eventSummaryView),
  );

  app.get<IdRoute>(
    "/v1/events/:id",
    ownedResourceRoute(
      (accountId, id) => getEventWithDeliveries(deps, accountId, id),
      (reply, { event, deliveries }) => reply.send(eventView(event, deliveries)),
    ),
  );
}
