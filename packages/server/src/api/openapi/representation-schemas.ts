import { EVENT_GROUPS, EVENT_TYPES } from "@voicehire/webhooks";
import { account } from "./account-schema.js";
import {
  anyObject,
  arrayOf,
  boolean,
  id,
  integer,
  nullable,
  object,
  oneOf,
  ref,
  stringMap,
  text,
  time,
} from "./doc-schemas.js";
import { orderingProperties, waitingForProperties } from "./ordering-schemas.js";
import type { DocSchema } from "./route-doc.js";
import { signatureSchemeProperties } from "./signing-key-schemas.js";

/**
 * The API's JSON representations (representations.ts and the route files), as the shared component
 * schemas of the OpenAPI document. A test checks real answers against them, undocumented fields included.
 */
const ERROR_KINDS = [
  "http_status",
  "timeout",
  "connection_refused",
  "connection_reset",
  "tls",
  "dns",
  "blocked",
  "network",
];

const endpointProperties = {
  id: id("ep", "The endpoint's id."),
  kind: oneOf(["push", "pull"], "`push`: POSTed to `url`; `pull`: read with GET /v1/endpoints/{id}/events."),
  url: nullable(text("Where deliveries are POSTed (HTTPS); null for a pull endpoint.", { format: "uri" })),
  description: text("A description of the endpoint, yours to write."),
  metadata: stringMap("Your own labels (at most 20 string values)."),
  event_types: arrayOf(oneOf(EVENT_TYPES, "An event type."), "The event types the endpoint receives."),
  enabled: boolean("Disabled endpoints get no new deliveries."),
  has_secret: boolean("Whether deliveries are signed. The secret itself is never listed."),
  ...signatureSchemeProperties,
  ...orderingProperties,
  state: oneOf(
    ["active", "failing", "disabled"],
    "`active`; `failing`: its last attempt failed (or its circuit is open); `disabled`: it receives nothing.",
  ),
  failing_since: nullable(time("When it started failing (state `failing`).")),
  disabled_reason: nullable(oneOf(["user", "failing_too_long"], "Why it is disabled (state `disabled`).")),
  disabled_at: nullable(time("When it was disabled (state `disabled`).")),
  circuit: object(
    {
      state: oneOf(
        ["closed", "open", "half_open"],
        "`closed`: attempts flow; `open`: attempts are paused until `paused_until` after too many failures in a row (deliveries wait, pending, without spending attempts); `half_open`: the pause ended, one probe attempt decides (success closes it, failure pauses again, twice as long, up to 10 min). A resend during a pause is sent at once as the probe.",
      ),
      consecutive_failures: integer("Failed attempts since the last success."),
      opened_at: nullable(time("When the circuit opened (null while closed).")),
      paused_until: nullable(
        time("No attempt before this time (states `open` and `half_open`; null while closed)."),
      ),
    },
    "The endpoint's circuit breaker, shared by every worker.",
  ),
  created_at: time("When the endpoint was created."),
  updated_at: time("When the endpoint was last changed."),
};

const endpoint = object(
  endpointProperties,
  "An HTTPS endpoint of yours that receives the event types it selected.",
);

const endpointWithSecret = object(
  { ...endpointProperties, secret: text("The generated secret (`vhsec_...`), shown in this answer only.") },
  "An endpoint as created or updated: with the generated secret when one was asked for.",
  ["secret"],
);

const deliveryProperties = {
  id: id("dlv", "The delivery's id."),
  event_id: id("evt", "The delivered event (the envelope's `id`)."),
  endpoint_id: id("ep", "The endpoint it is delivered to."),
  event_type: oneOf(EVENT_TYPES, "The event's type."),
  status: oneOf(
    ["pending", "succeeded", "failed"],
    "`pending` until an attempt succeeds or the attempts run out.",
  ),
  attempt_count: integer("Attempts made so far.", { minimum: 0 }),
  next_attempt_at: nullable(time("When the next attempt is due; null once final.")),
  last_status_code: nullable(integer("The HTTP status of the last attempt, when the endpoint answered.")),
  last_error_kind: nullable(oneOf(ERROR_KINDS, "Why the last attempt failed.")),
  test: boolean('A test delivery (the "Tester"): never retried.'),
  created_at: time("When the delivery was created (the publish)."),
  updated_at: time("When the delivery last changed."),
  ...waitingForProperties,
};

const delivery = object(deliveryProperties, "One event to one endpoint.");

const attempt = object(
  {
    id: id("att", "The attempt's id."),
    attempt_number: integer("1 for the first try, then 2, 3, ...", { minimum: 1 }),
    started_at: time("When the request was sent."),
    duration_ms: integer("How long the attempt took.", { minimum: 0 }),
    status_code: nullable(integer("The HTTP status the endpoint answered.")),
    error_kind: nullable(oneOf(ERROR_KINDS, "Why the attempt failed; null when it succeeded.")),
    error_message: nullable(text("The failure in plain words (never a secret).")),
    response_excerpt: nullable(text("The first KB of the response body.")),
    request_headers: nullable(stringMap("The headers sent, every signature replaced by `[redacted]`.")),
    response_headers: nullable(stringMap("The headers answered; null when the endpoint did not answer.")),
  },
  "One HTTP POST of a delivery.",
);

const envelope = object(
  {
    id: id("evt", "Unique per event, the same on every retry: your idempotency key."),
    event: oneOf(EVENT_TYPES, "The event type."),
    timestamp: time("When the event happened."),
    test: {
      type: "boolean",
      const: true,
      description: 'Present (true) only on test deliveries (the "Tester").',
    },
    data: anyObject("The event's fields (see `GET /v1/event-types` for each type's schema)."),
  },
  "The JSON body POSTed to endpoints.",
  ["test"],
);

const eventSummaryProperties = {
  id: id("evt", "The event's id."),
  event: oneOf(EVENT_TYPES, "The event type."),
  timestamp: time("When the event happened."),
  created_at: time("When it was published."),
  test: boolean('A "Tester" sample.'),
  envelope: ref("Envelope"),
};

const eventSummary = object(eventSummaryProperties, "A published event, its envelope exactly as sent.");

const storedEvent = object(
  {
    ...eventSummaryProperties,
    deliveries: arrayOf(ref("Delivery"), "Its deliveries, one per subscribed endpoint."),
  },
  "A published event with its deliveries.",
);

const deliveryDetail = object(
  {
    ...deliveryProperties,
    event: nullable(ref("Envelope")),
    attempts: arrayOf(ref("Attempt"), "Every attempt, oldest first."),
  },
  "A delivery with its event's envelope and its attempts.",
);

const windowStats = object({
  attempts: integer("Attempts in the window (tests left out).", { minimum: 0 }),
  succeeded: integer("Attempts that succeeded.", { minimum: 0 }),
  failed: integer("Attempts that failed.", { minimum: 0 }),
  success_rate: nullable({
    type: "number",
    minimum: 0,
    maximum: 1,
    description: "succeeded / attempts; null without attempts.",
  }),
});

const endpointStats = object(
  {
    endpoint_id: id("ep", "The endpoint."),
    last_hour: windowStats,
    last_day: windowStats,
    last_success_at: nullable(time("The last successful attempt.")),
    last_failure_at: nullable(time("The last failed attempt.")),
    state: oneOf(["active", "failing", "disabled"], "The endpoint's state."),
  },
  "An endpoint's delivery statistics.",
);

const recovery = object(
  {
    recovery_id: text("The recovery's id."),
    endpoint_id: id("ep", "The endpoint whose failed deliveries are re-queued."),
    since: time("Window start (events that happened at or after)."),
    until: time("Window end (events that happened before)."),
    status: oneOf(["running", "done"], "`running` until every failed delivery of the window is re-queued."),
    total: integer("Failed deliveries in the window when it started.", { minimum: 0 }),
    requeued: integer("Deliveries re-queued so far.", { minimum: 0 }),
    created_at: time("When it started."),
    updated_at: time("Its last progress."),
  },
  "A bulk recovery of an endpoint's failed deliveries.",
);

const secret = object(
  {
    secret: nullable(text("The current secret; null when the endpoint does not sign.")),
    previous: arrayOf(
      object({ expires_at: time("When this previous secret stops signing.") }),
      "The replaced secrets still signing (a rotation's grace period), newest first.",
    ),
  },
  "An endpoint's secret, revealed.",
);

const testOutcome = object(
  {
    delivery_id: id("dlv", "The test delivery, in the delivery log (`test: true`)."),
    event_id: id("evt", "The sample event sent."),
    succeeded: boolean("Whether the endpoint answered 2xx in time."),
    status_code: nullable(integer("The HTTP status the endpoint answered.")),
    duration_ms: integer("How long it took.", { minimum: 0 }),
    response_excerpt: nullable(text("The first KB of the response body.")),
    error_kind: nullable(oneOf(ERROR_KINDS, "Why it failed.")),
    error_message: nullable(text("The failure, in plain words.")),
  },
  "The outcome of a test delivery.",
);

export const apiKeyProperties = {
  id: id("key", "The key's id (not the key)."),
  name: text("A label, yours to write."),
  prefix: text("The key's first characters, to recognize it (`vhk_` + 8)."),
  kind: oneOf(["account", "admin"], "`admin` keys act for any account and create accounts."),
  created_at: time("When the key was created."),
  revoked_at: nullable(time("When the key was revoked; a revoked key answers 401.")),
};

const apiKey = object(apiKeyProperties, "An API key, without the key itself (shown once, at creation).");

const eventType = object(
  {
    type: oneOf(EVENT_TYPES, "The event type."),
    group: oneOf(EVENT_GROUPS, "Its section of the catalog."),
    description: object({ fr: text("In French (the source document)."), en: text("In English.") }),
    schema: anyObject("The JSON Schema (2020-12) of the event's `data`."),
    sample: anyObject("A sample `data`, from the source document."),
  },
  "One event type of the catalog.",
);

const problem = object(
  {
    type: text("`urn:voicehire-webhooks:problem:<code>`."),
    title: text("A short title of the problem."),
    status: integer("The HTTP status."),
    code: text("A stable code: `validation_failed`, `unauthorized`, `not_found`, `rate_limited`, ..."),
    detail: text("What went wrong, in plain words."),
    errors: arrayOf(
      object({
        field: text(
          "The offending field: a body path (`data.interview_score`), a query parameter or a header.",
        ),
        message: text("What is wrong with it."),
      }),
      "One entry per offending field.",
    ),
    request_id: text("On 500s only: quote it when reporting the problem."),
  },
  "An RFC 9457 problem document (`application/problem+json`).",
  ["errors", "request_id"],
);

/** The component schemas, by name. */
export const representationSchemas: { readonly [name: string]: DocSchema } = {
  Account: account,
  Endpoint: endpoint,
  EndpointWithSecret: endpointWithSecret,
  Delivery: delivery,
  Attempt: attempt,
  Envelope: envelope,
  EventSummary: eventSummary,
  Event: storedEvent,
  DeliveryDetail: deliveryDetail,
  EndpointStats: endpointStats,
  Recovery: recovery,
  Secret: secret,
  TestOutcome: testOutcome,
  ApiKey: apiKey,
  EventType: eventType,
  Problem: problem,
};
