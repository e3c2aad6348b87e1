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

/** What the parent asks the receiver to do. */
export type ReceiverOp =
  | { readonly op: "listen"; readonly count: number }
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
