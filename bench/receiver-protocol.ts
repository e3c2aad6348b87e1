/** The messages between the bench (parent) and its receiver process, over the IPC channel. */

export interface PathStats {
  /** Requests fully received (body read) and answered 200. */
  count: number;
  /** Monotonic ms (see `monotonicMs`) of the first and the last receipt. */
  firstMs: number;
  lastMs: number;
}

export interface ReceiverStats {
  readonly byPath: Record<string, PathStats>;
  /** Requests on `/hang/...` paths held open right now, and since the last reset. */
  readonly hangingNow: number;
  readonly hangArrivals: number;
}

/** `/lat/...` receipts: the delivered event id (`X-VoiceHire-Event-Id`) and when its body had arrived. */
export type LatencyReceipt = readonly [eventId: string, receivedAtMs: number];

/**
 * `/ord/...` receipts, per path: how many keys (candidate ids) arrived, and how many of them had an
 * event arrive after a later one of the same key (publish order broken). A repeat of the latest
 * number (a redelivery: at-least-once) is counted apart, not as out of order.
 */
export interface OrderStats {
  readonly keys: number;
  readonly keysOutOfOrder: number;
  readonly repeats: number;
}

/** How the ordered phase numbers each key's events in `data.last_name` (its schema allows no extra field). */
export const ORDER_NAME_PREFIX = "Ordre ";

/** The event number of an ordered-phase `candidate.added` body, or undefined. */
export function orderNumberOf(data: unknown): number | undefined {
  const name = (data as { last_name?: unknown } | null)?.last_name;
  if (typeof name !== "string" || !name.startsWith(ORDER_NAME_PREFIX)) return undefined;
  const number = Number(name.slice(ORDER_NAME_PREFIX.length));
  return Number.isInteger(number) ? number : undefined;
}

/** What the parent asks the receiver to do. */
export type ReceiverOp =
  | { readonly op: "listen"; readonly count: number }
  | { readonly op: "orderStats" }
  | { readonly op: "stats" }
  | { readonly op: "takeReceipts" }
  | { readonly op: "reset" };

/** An operation as sent, numbered so that its reply can be matched to it. */
export type ReceiverRequest = ReceiverOp & { readonly id: number };

export interface ReceiverReply {
  readonly id: number;
  readonly result?: unknown;
  readonly error?: string;
}
