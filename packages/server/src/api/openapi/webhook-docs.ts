import { EVENT_TYPES, type EventType, eventCatalog } from "@voicehire/webhooks";

/**
 * The catalog as OpenAPI 3.1 `webhooks`: what your endpoint receives for each event type (the
 * envelope with that type's `data` schema, the delivery headers, and what your answer means).
 */
function headerParameter(name: string, description: string, required: boolean, example?: string) {
  return {
    name,
    in: "header",
    required,
    description,
    schema: { type: "string" },
    ...(example === undefined ? {} : { example }),
  };
}

function deliveryHeaders(type: EventType) {
  return [
    headerParameter("X-VoiceHire-Event", "The event type.", true, type),
    headerParameter("X-VoiceHire-Event-Id", "The envelope's `id`: the same on every retry and resend.", true),
    headerParameter("X-VoiceHire-Attempt", "1 for the first try, then 2, 3, ... on retries.", true, "1"),
    headerParameter(
      "X-VoiceHire-Signature",
      "When the endpoint has a secret: `sha256=` + lowercase hex HMAC-SHA256 of the exact body bytes, keyed with the secret's UTF-8 bytes.",
      false,
    ),
    headerParameter("webhook-id", "Standard Webhooks: the message id (the envelope's `id`).", false),
    headerParameter(
      "webhook-timestamp",
      "Standard Webhooks: unix seconds when the delivery was signed.",
      false,
    ),
    headerParameter(
      "webhook-signature",
      "Standard Webhooks: `v1,<base64 HMAC of id.timestamp.body>`, one per active secret (space-separated) during a rotation, newest first.",
      false,
    ),
    headerParameter(
      "X-VoiceHire-Test",
      '`true` on a test delivery (the "Tester" button); absent otherwise.',
      false,
    ),
  ];
}

function webhookOf(type: EventType) {
  const entry = eventCatalog[type];
  const envelope = {
    type: "object",
    properties: {
      id: { type: "string", pattern: "^evt_", description: "Unique per event: your idempotency key." },
      event: { type: "string", const: type },
      timestamp: { type: "string", format: "date-time", description: "When the event happened." },
      test: { type: "boolean", const: true, description: "Present (true) only on test deliveries." },
      data: entry.schema,
    },
    required: ["id", "event", "timestamp", "data"],
  };
  return {
    post: {
      operationId: `webhook.${type}`,
      summary: entry.description.en,
      description: `${entry.description.en}\n\n_${entry.description.fr}_`,
      tags: ["Webhooks"],
      parameters: deliveryHeaders(type),
      requestBody: {
        required: true,
        content: {
          "application/json": {
            schema: envelope,
            example: {
              id: "evt_01HM0000000000000000000000",
              event: type,
              timestamp: entry.sampleTimestamp,
              data: entry.sample,
            },
          },
        },
      },
      responses: {
        "2XX": { description: "Acknowledged: any 2xx answer within 5 seconds. Redirects are not followed." },
        default: {
          description:
            "Any other answer, a timeout or a connection error is a failed attempt: it is retried with growing delays.",
        },
      },
    },
  };
}

export function webhookDocs(): Record<string, unknown> {
  return Object.fromEntries(EVENT_TYPES.map((type) => [type, webhookOf(type)]));
}
