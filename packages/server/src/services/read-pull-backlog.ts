import type { PullBacklog, Store } from "../store/port.js";
import { type Conflict, conflict, type NotFound, notFound } from "./outcomes.js";

export interface PullBacklogRead {
  readonly kind: "backlog";
  readonly backlog: PullBacklog;
}

/** A pull endpoint's backlog (kept events after the furthest cursor a reader came back with) and last read. */
export async function readPullBacklog(
  store: Store,
  accountId: string,
  endpointId: string,
): Promise<PullBacklogRead | NotFound | Conflict> {
  const backlog = await store.getPullBacklog(accountId, endpointId);
  if (backlog !== undefined) return { kind: "backlog", backlog };
  if ((await store.getEndpoint(accountId, endpointId)) === undefined) return notFound("endpoint", endpointId);
  return conflict("this endpoint is a push endpoint: it has no backlog to read");
}
