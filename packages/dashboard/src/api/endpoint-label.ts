import type { Endpoint } from "./types.js";

/** How an endpoint is named in lists: its URL, or its id for a pull endpoint (which has none). */
export function endpointLabel(endpoint: Pick<Endpoint, "id" | "url">): string {
  return endpoint.url ?? endpoint.id;
}
