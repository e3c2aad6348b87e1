/** The HTTP headers of a delivery (lowercase: header names are case-insensitive). */
export const HEADER_NAMES = Object.freeze({
  /** The event type, e.g. `campaign.created`. */
  event: "x-voicehire-event",
  /** The envelope's `id` (the same on every retry and resend). */
  eventId: "x-voicehire-event-id",
  /** 1 for the first try, then 2, 3, ... */
  attempt: "x-voicehire-attempt",
  /** `sha256=` + lowercase hex HMAC-SHA256 of the body (the source document's scheme). */
  signature: "x-voicehire-signature",
  /** `true` on test deliveries (the dashboard's "Tester" button). */
  test: "x-voicehire-test",
  /** Standard Webhooks: the message id. */
  webhookId: "webhook-id",
  /** Standard Webhooks: unix seconds when the delivery was signed. */
  webhookTimestamp: "webhook-timestamp",
  /** Standard Webhooks: `v1,<base64>` signatures, space-separated. */
  webhookSignature: "webhook-signature",
} as const);
