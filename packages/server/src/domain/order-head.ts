/**
 * Ordered delivery's one rule (the stores apply it, `store/port/delivery-queue.ts` says when): of one
 * endpoint's pending deliveries sharing an ordering key, exactly one is let through (due as usual, its
 * "head"); the others are held (not due at all) until it succeeds or finally fails.
 *
 * The head is the one in flight (leased) if there is one: a sent request cannot be taken back, so even a
 * delivery resent behind it waits for its outcome. Otherwise it is the earliest pending in publish order.
 */

/** A pending delivery of the key that is not held (normally one at most: the head). */
/** `Id`: how the store names a delivery (its id, or the number it is keyed by). */
export interface UnheldDelivery<Id = string> {
  readonly id: Id;
  /** A worker holds its lease (its attempt may be in flight), expired or not. */
  readonly leased: boolean;
}

export interface HeadMoves<Id = string> {
  /** The held delivery to let through (due at once), if the head is held. */
  readonly release?: Id;
  /** The deliveries let through that must be held again. */
  readonly hold: readonly Id[];
}

/**
 * What to change so that exactly the right head is let through, given the key's unheld pending deliveries
 * and its earliest pending one (`earliest`: undefined when none is pending).
 */
export function orderHeadMoves<Id = string>(
  unheld: readonly UnheldDelivery<Id>[],
  earliest: Id | undefined,
): HeadMoves<Id> {
  const head = unheld.find((delivery) => delivery.leased)?.id ?? earliest;
  if (head === undefined) return { hold: [] };
  const hold = unheld.filter((delivery) => delivery.id !== head && !delivery.leased).map((d) => d.id);
  return unheld.some((delivery) => delivery.id === head) ? { hold } : { release: head, hold };
}

/** An endpoint and one of its ordering keys, the unit the rule applies to. */
export interface OrderedKey {
  readonly endpointId: string;
  readonly orderKey: string;
}

/** One string per key, to gather the keys a write touched without repeats. */
export function orderedKeyId(key: OrderedKey): string {
  return `${key.endpointId}\u0000${key.orderKey}`;
}
