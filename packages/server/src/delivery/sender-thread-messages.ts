import type { AddressPolicyOptions } from "../ssrf/index.js";
import type { SendOutcome, SendRequest } from "./sender.js";

/** What the sending thread is started with: the HTTP sender's settings and the SSRF policy's. */
export interface SenderThreadData {
  readonly timeoutMs: number;
  readonly excerptBytes: number;
  readonly connectionsPerEndpoint: number;
  readonly addressPolicy: AddressPolicyOptions;
}

/** To the thread: POSTs to make, each with the number its outcome comes back under; or the end. */
export type ToSenderThread =
  | { readonly type: "send"; readonly requests: readonly (readonly [number, SendRequest])[] }
  | { readonly type: "close" };

/** From the thread: outcomes by the numbers their requests came with, several a message. */
export interface FromSenderThread {
  readonly type: "outcomes";
  readonly outcomes: readonly (readonly [number, SendOutcome])[];
}
