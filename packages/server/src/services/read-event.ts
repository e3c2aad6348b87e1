import type { DeliveryRecord, EventRecord } from "../domain/types.js";
import type { Store } from "../store/port.js";
import { type NotFound, notFound } from "./outcomes.js";

const PAGE_SIZE = 100;
/** An event has one delivery per subscribed endpoint; this bounds the read in any case. */
const MAX_DELIVERIES = 10_000;

/** One stored event (its exact envelope bytes) with its deliveries, newest first. */
export async function getEventWithDeliveries(
  deps: { readonly store: Store },
  accountId: string,
  eventId: string,
): Promise<
  { readonly kind: "found"; readonly event: EventRecord; readonly deliveries: DeliveryRecord[] } | NotFound
> {
  const event = await deps.store.getEvent(accountId, eventId);
  if (event === undefined) return notFound("event", eventId);
  const deliveries: DeliveryRecord[] = [];
  let beforeId: string | undefined;
  while (deliveries.length < MAX_DELIVERIES) {
    const page = await deps.store.listDeliveries(accountId, {
      eventId,
      limit: PAGE_SIZE,
      ...(beforeId === undefined ? {} : { beforeId }),
    });
    deliveries.push(...page);
    beforeId = page.at(-1)?.id;
    if (page.length < PAGE_SIZE || beforeId === undefined) break;
  }
  return { kind: "found", event, deliveries };
}
