import type { EndpointRecord } from "../../domain/types.js";
import type { Store } from "../../store/port.js";
import { type NotFound, notFound } from "../outcomes.js";

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
): Promise<{ readonly kind: "found"; readonly endpoint: EndpointRecord } | NotFound> {
  const endpoint = await deps.store.getEndpoint(accountId, endpointId);
  return endpoint === undefined ? notFound("endpoint", endpointId) : { kind: "found", endpoint };
}
