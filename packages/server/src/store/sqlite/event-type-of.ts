/**
 * A delivery's event type, read from its event by primary key: the delivery row holds no copy of it
 * (migration 016). `alias` names the deliveries table in the statement.
 */
export function eventTypeOf(alias: string): string {
  return `(SELECT ev.type FROM events ev WHERE ev.id = ${alias}.event_id)`;
}
