/**
 * What a delivery row does not copy from its parents, read from them by primary key: its event's type
 * (migration 016), its event's id and its endpoint's account (017: it names its event by number).
 * `alias` names the deliveries table in the statement.
 */
export function eventTypeOf(alias: string): string {
  return `(SELECT ev.type FROM events ev WHERE ev.number = ${alias}.event_number)`;
}

export function eventIdOf(alias: string): string {
  return `(SELECT ev.id FROM events ev WHERE ev.number = ${alias}.event_number)`;
}

/** The number of the event whose id is `idParam`. */
export function eventNumberOf(idParam: string): string {
  return `(SELECT ev.number FROM events ev WHERE ev.id = ${idParam})`;
}

export function accountIdOf(alias: string): string {
  return `(SELECT en.account_id FROM endpoints en WHERE en.id = ${alias}.endpoint_id)`;
}

/** Deliveries of `accountParam`'s endpoints (deleted ones too). */
export function ofAccount(alias: string, accountParam: string): string {
  return `${alias}.endpoint_id IN (SELECT en.id FROM endpoints en WHERE en.account_id = ${accountParam})`;
}
