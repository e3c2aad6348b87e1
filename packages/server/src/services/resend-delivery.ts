import type { Clock } from "../domain/clock.js";
import type { DeliveryRecord } from "../domain/types.js";
import type { Store } from "../store/port.js";
import { type Conflict, conflict, type NotFound, notFound } from "./outcomes.js";

/**
 * Resends one delivery now: it becomes pending, due at once, with a fresh retry budget (a failure is
 * retried on the full schedule again), and the workers are woken. The attempts keep their numbering
 * (`X-VoiceHire-Attempt` goes on counting) and the event id stays the same, so receivers deduplicate.
 * Asked while an attempt is in flight, it takes effect right after that attempt, whatever its result
 * (even a success, or the last failure of the budget): one more attempt follows, due now.
 */
export async function resendDelivery(
  deps: { readonly store: Store; readonly clock: Clock; readonly onPublished: () => void },
  accountId: string,
  deliveryId: string,
): Promise<{ readonly kind: "resent"; readonly delivery: DeliveryRecord } | NotFound | Conflict> {
  if (await isPullDelivery(deps.store, accountId, deliveryId)) {
    return conflict(
      "a pull endpoint's delivery is never sent: read it again with GET /v1/endpoints/{id}/events",
    );
  }
  const outcome = await deps.store.resendDelivery(accountId, deliveryId, deps.clock.now());
  switch (outcome.kind) {
    case "not_found":
      return notFound("delivery", deliveryId);
    case "test_delivery":
      return conflict(
        "a test delivery is never sent again: send a new one with POST /v1/endpoints/{id}/test",
      );
    case "endpoint_deleted":
      return conflict("the delivery's endpoint was deleted");
    case "resent":
      // A paused endpoint's circuit lets this delivery go at once, as its probe.
      await deps.store.endCircuitPauseForResend(deliveryId, deps.clock.now());
      deps.onPublished();
      return outcome;
  }
}

/** A pull endpoint's deliveries have no URL to go to (a pull endpoint is never turned into a push one). */
async function isPullDelivery(store: Store, accountId: string, deliveryId: string): Promise<boolean> {
  const delivery = await store.getDelivery(accountId, deliveryId);
  if (delivery === undefined) return false;
  const endpoint = await store.getEndpoint(accountId, delivery.endpointId);
  return endpoint?.kind === "pull";
}
