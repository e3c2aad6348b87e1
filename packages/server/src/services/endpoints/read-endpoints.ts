import type { EndpointRecord } from "../../domain/types.js";
import type { Store } from "../../store/port.js";
import { type Lookup, lookUp } from "../outcomes.js";

/** The account's endpoints, oldest first. */
export async function listEndpoints(
  deps: { readonly store: Store },
  accountId: string,
): Promise<EndpointRecord[]> {
  return deps.store.listEndpoints(accountId);
}

export async function getEndpoint(
  deps: { readonly store: Store },
  accountId: string,
  endpointId: string,
): Promise<Lookup<"endpoint", EndpointRecord>> {
  return lookUp("endpoint", endpointId, deps.store.getEndpoint(accountId, endpointId));
}
