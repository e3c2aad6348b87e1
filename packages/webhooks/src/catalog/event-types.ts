/** The 10 event types of the catalog, in the source document's order. */
export const EVENT_TYPES = [
  "campaign.created",
  "campaign.status_changed",
  "candidate.added",
  "candidate.sourced",
  "candidate.interview.started",
  "candidate.interview.completed",
  "candidate.interview.completed.extended",
  "candidate.interview.failed",
  "credits.low",
  "credits.depleted",
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

const EVENT_TYPE_SET: ReadonlySet<string> = new Set(EVENT_TYPES);

/** True when `value` is one of the 10 event type names (exact, case-sensitive). */
export function isEventType(value: unknown): value is EventType {
  return typeof value === "string" && EVENT_TYPE_SET.has(value);
}
