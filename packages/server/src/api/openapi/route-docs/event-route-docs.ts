import { requestSchema as publishEventRequestSchema } from "../../../services/publish-event.js";
import { requestSchema as creditBalanceRequestSchema } from "../../../services/report-credit-balance.js";
import { arrayOf, id, integer, number, object, oneOf, ref, time } from "../doc-schemas.js";
import { resourceReadDoc } from "../resource-read-doc.js";
import type { RouteDoc } from "../route-doc.js";

/** Publishing (routes/events-routes.ts, credits-routes.ts). */
const idempotencyKey = {
  name: "Idempotency-Key",
  description:
    "Any 1 to 255 printable ASCII characters. Publishing again with a key this account already used stores and delivers nothing new, and answers 200 about the first event.",
  schema: { type: "string", minLength: 1, maxLength: 255 },
};

export const published = object({
  id: id("evt", "The event's id (the envelope's `id`)."),
  event: { type: "string", description: "The event type." },
  timestamp: time("When the event happened."),
  deliveries: integer("How many endpoints it is delivered to."),
  derived: arrayOf(
    object({
      id: id("evt", "The derived event's id."),
      event: { type: "string", description: "Its type (`candidate.interview.completed.extended`)." },
      deliveries: integer("How many endpoints it is delivered to."),
    }),
    "The derived events stored with it (the `.extended` interview when an endpoint wants it).",
  ),
  duplicate: { type: "boolean", const: false, description: "false: this is a new event." },
});

export const duplicate = object({
  id: id("evt", "The id of the event first published with this idempotency key."),
  event: { type: "string", description: "Its type." },
  timestamp: time("When it happened."),
  duplicate: { type: "boolean", const: true, description: "true: nothing new was stored." },
});

export const eventRouteDocs: readonly RouteDoc[] = [
  {
    method: "POST",
    path: "/v1/events",
    operationId: "publishEvent",
    tag: "Events",
    summary: "Publish an event",
    description:
      "`{ event, data, timestamp? }`: `data` is validated against the event type's schema (see `GET /v1/event-types`). The event is stored with one delivery per subscribed endpoint before the answer. `candidate.interview.completed` may carry `responses`: endpoints subscribed to `.extended` get them. `.extended` and `credits.*` cannot be published: they are derived.",
    access: "account",
    headers: [idempotencyKey],
    body: publishEventRequestSchema,
    responses: [
      { status: 202, description: "Stored; deliveries are on their way.", schema: published },
      {
        status: 200,
        description: "A duplicate (same `Idempotency-Key`): nothing new was stored.",
        schema: duplicate,
      },
    ],
  },
  resourceReadDoc({
    path: "/v1/events/{id}",
    operationId: "getEvent",
    tag: "Events",
    summary: "Read an event and its deliveries",
    id: "The event's id (`evt_...`).",
    answer: "The event, its envelope as sent, and its deliveries.",
    schema: ref("Event"),
  }),
  {
    method: "POST",
    path: "/v1/credits/balance",
    operationId: "reportCreditBalance",
    tag: "Credits",
    summary: "Report the credit balance",
    description:
      "Fires `credits.low` when the balance goes below the account's threshold (once per crossing) and `credits.depleted` when it reaches 0 (`last_campaign_id` is then required unless a campaign event was published before).",
    access: "account",
    body: creditBalanceRequestSchema,
    responses: [
      {
        status: 200,
        description: "The balance is recorded; `events` lists the `credits.*` events it fired (often none).",
        schema: object({
          credits_remaining: number("The reported balance."),
          events: arrayOf(
            object({
              id: id("evt", "The event's id."),
              event: oneOf(["credits.low", "credits.depleted"], "Its type."),
              timestamp: time("When it happened (the report)."),
              deliveries: integer("How many endpoints it is delivered to."),
            }),
          ),
        }),
      },
    ],
  },
];
