import type { FastifyInstance } from "fastify";
import { formatTimestamp } from "../../domain/envelope.js";
import { listEvents } from "../../services/list-events.js";
import { publishEvent } from "../../services/publish-event.js";
import { getEventWithDeliveries } from "../../services/read-event.js";
import type { ApiDeps } from "../api-deps.js";
import { accountOf } from "../authentication.js";
import { emptyBodyProblem, fieldProblem, sendProblem, validationProblem } from "../problem.js";
import { eventSummaryView, eventView } from "../representations.js";
import { accountListingRoute, type IdRoute, ownedResourceRoute } from "../use-case-route.js";

/** Printable ASCII, 1 to 255 characters (UUIDs, ULIDs, hashes, ...). */
const IDEMPOTENCY_KEY = /^[\x21-\x7e][\x20-\x7e]{0,254}$/;

/**
 * POST /v1/events: publish `{ event, data, timestamp? }`. 202 `{ id, event, timestamp, deliveries,
 * derived: [{ id, event, deliveries }], duplicate: false }`. With an `Idempotency-Key` already used by
 * this account: 200 `{ id, event, timestamp, duplicate: true }` about the first event, and nothing new
 * is stored or delivered (whatever the new body says).
 *
 * GET /v1/events?event_type&limit&cursor: the stored events, newest first, `{ data, next_cursor }`.
 * GET /v1/events/:id: the stored envelope and its deliveries.
 */
export function registerEventRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.post("/v1/events", async (request, reply) => {
    const rawKey = request.headers["idempotency-key"];
    if (rawKey !== undefined && (typeof rawKey !== "string" || !IDEMPOTENCY_KEY.test(rawKey))) {
      return sendProblem(
        reply,
        fieldProblem(
          400,
          "invalid_request",
          "Idempotency-Key",
          "must be one value of 1 to 255 printable ASCII characters",
        ),
      );
    }
    if (request.body === undefined) return sendProblem(reply, emptyBodyProblem());
    const outcome = await publishEvent(deps, {
      accountId: accountOf(request).id,
      body: request.body,
      idempotencyKey: rawKey ?? null,
    });
    switch (outcome.kind) {
      case "invalid":
        return sendProblem(reply, validationProblem(outcome));
      case "duplicate":
        return reply.code(200).send({
          id: outcome.event.id,
          event: outcome.event.type,
          timestamp: formatTimestamp(outcome.event.occurredAt),
          duplicate: true,
        });
      case "published":
        return reply.code(202).send({
          id: outcome.event.id,
          event: outcome.event.type,
          timestamp: formatTimestamp(outcome.event.occurredAt),
          deliveries: outcome.event.deliveryCount,
          derived: outcome.derived.map((d) => ({ id: d.id, event: d.type, deliveries: d.deliveryCount })),
          duplicate: false,
        });
    }
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
