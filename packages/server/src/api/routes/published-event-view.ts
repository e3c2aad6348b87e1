import { formatTimestamp } from "../../domain/envelope.js";
import type { PublishedOrDuplicate } from "../../services/publish-event.js";

/**
 * The answer about one publish, as `POST /v1/events` sends it and as each accepted item of
 * `POST /v1/events/batch` carries it: 202 `{ id, event, timestamp, deliveries, derived, duplicate: false }`
 * for a new event, 200 `{ id, event, timestamp, duplicate: true }` about the first event of a repeated
 * idempotency key.
 */
export function publishedEventView(answer: PublishedOrDuplicate): {
  readonly status: 200 | 202;
  readonly body: Record<string, unknown>;
} {
  const { event } = answer;
  const head = { id: event.id, event: event.type, timestamp: formatTimestamp(event.occurredAt) };
  if (answer.kind === "duplicate") return { status: 200, body: { ...head, duplicate: true } };
  return {
    status: 202,
    body: {
      ...head,
      deliveries: answer.event.deliveryCount,
      derived: answer.derived.map((d) => ({ id: d.id, event: d.type, deliveries: d.deliveryCount })),
      duplicate: false,
    },
  };
}
