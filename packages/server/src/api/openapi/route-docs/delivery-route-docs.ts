import { deliveryStatsQuerySchema } from "../../../services/delivery-series.js";
import { listEventsQuerySchema } from "../../../services/list-events.js";
import { listDeliveriesQuerySchema } from "../../../services/read-deliveries.js";
import { recoverEndpointRequestSchema } from "../../../services/recoveries/recover-endpoint.js";
import { arrayOf, integer, object, page, ref, time } from "../doc-schemas.js";
import { resourceReadDoc } from "../resource-read-doc.js";
import type { RouteDoc } from "../route-doc.js";

/** The delivery log, events, recoveries and delivery statistics (deliveries-, events-, recovery-, stats-routes.ts). */
export const deliveryRouteDocs: readonly RouteDoc[] = [
  {
    method: "GET",
    path: "/v1/deliveries",
    operationId: "listDeliveries",
    tag: "Deliveries",
    summary: "List deliveries",
    description: "Newest first, filtered by any of the parameters.",
    access: "account",
    query: listDeliveriesQuerySchema,
    responses: [
      { status: 200, description: "A page of deliveries.", schema: page(ref("Delivery"), "The deliveries.") },
    ],
  },
  resourceReadDoc({
    path: "/v1/deliveries/{id}",
    operationId: "getDelivery",
    tag: "Deliveries",
    summary: "Read a delivery with its event and attempts",
    id: "The delivery's id (`dlv_...`).",
    answer: "The delivery.",
    schema: ref("DeliveryDetail"),
  }),
  {
    method: "POST",
    path: "/v1/deliveries/{id}/resend",
    operationId: "resendDelivery",
    tag: "Deliveries",
    summary: "Resend a delivery now",
    description: "Attempts it again now, with a fresh retry budget; the envelope (and its `id`) is the same.",
    access: "account",
    pathParams: { id: "The delivery's id (`dlv_...`)." },
    responses: [
      { status: 202, description: "Pending again.", schema: ref("Delivery") },
      {
        status: 409,
        description: "`conflict`: a test delivery, or one whose endpoint was deleted.",
        contentType: "application/problem+json",
        schema: ref("Problem"),
      },
    ],
  },
  {
    method: "GET",
    path: "/v1/events",
    operationId: "listEvents",
    tag: "Events",
    summary: "List events",
    description: "Newest first, derived and test events included.",
    access: "account",
    query: listEventsQuerySchema,
    responses: [
      { status: 200, description: "A page of events.", schema: page(ref("EventSummary"), "The events.") },
    ],
  },
  {
    method: "POST",
    path: "/v1/endpoints/{id}/recover",
    operationId: "recoverEndpoint",
    tag: "Recoveries",
    summary: "Re-queue an endpoint's failed deliveries in a time window",
    description:
      "Every delivery of the endpoint that failed and whose event happened in the window (at most 30 days) is attempted again, in batches. Idempotent: the same window again re-queues nothing twice. Follow a `running` one at `Location`.",
    access: "account",
    pathParams: { id: "The endpoint's id (`ep_...`)." },
    body: recoverEndpointRequestSchema,
    responses: [
      {
        status: 202,
        description: "Started (or already `done` for a small one).",
        schema: ref("Recovery"),
        headers: { Location: "The recovery's path." },
      },
    ],
  },
  resourceReadDoc({
    path: "/v1/recoveries/{id}",
    operationId: "getRecovery",
    tag: "Recoveries",
    summary: "Follow a recovery",
    id: "The recovery's id.",
    answer: "Its progress.",
    schema: ref("Recovery"),
  }),
  {
    method: "GET",
    path: "/v1/stats/deliveries",
    operationId: "getDeliveryStats",
    tag: "Statistics",
    summary: "Deliveries by outcome over time",
    description:
      "Deliveries created in each UTC bucket, by their current status, oldest bucket first (for charts). Only deliveries that are attempted count: a pull endpoint's events are kept for reading, neither a success nor a failure (how many are not yet read: `GET /v1/endpoints/{id}/backlog`).",
    access: "account",
    query: deliveryStatsQuerySchema,
    responses: [
      {
        status: 200,
        description: "The buckets.",
        schema: object({
          data: arrayOf(
            object({
              start: time("The bucket's start."),
              succeeded: integer("Deliveries that succeeded.", { minimum: 0 }),
              failed: integer(
                "The failures: deliveries that failed, and those pending after a failed attempt (`failing`).",
                { minimum: 0 },
              ),
              failing: integer(
                "Of `failed`, the deliveries still pending after a failed attempt (retried later, or held while their endpoint's circuit is open).",
                { minimum: 0 },
              ),
              pending: integer("Deliveries pending and not attempted yet.", { minimum: 0 }),
            }),
          ),
        }),
      },
    ],
  },
];
