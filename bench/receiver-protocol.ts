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

export type ReceiverRequest =
  | { readonly id: number; readonly op: "listen"; readonly count: number }
  | { readonly id: number; readonly op: "stats" }
  | { readonly id: number; readonly op: "takeReceipts" }
  | { readonly id: number; readonly op: "reset" };

export interface ReceiverReply {
  readonly id: number;
  readonly result?: unknown;
  readonly error?: string;
}
