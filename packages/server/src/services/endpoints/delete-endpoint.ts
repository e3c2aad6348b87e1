import type { Clock } from "../../domain/clock.js";
import type { Store } from "../../store/port.js";
import { madeOrNotFound, type NotFound } from "../outcomes.js";

/** Deletes the endpoint; its pending deliveries become `failed` and are never attempted again. */
export async function deleteEndpoint(
  deps: { readonly store: Store; readonly clock: Clock },
  accountId: string,
  endpointId: string,
): Promise<{ readonly kind: "deleted" } | NotFound> {
  const deletion = deps.store.deleteEndpoint(accountId, endpointId, deps.clock.now());
  return madeOrNotFound("deleted", "endpoint", endpointId, deletion);
}
