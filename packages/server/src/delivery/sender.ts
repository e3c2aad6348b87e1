import type { AttemptErrorKind } from "../domain/types.js";

/** One POST to make: the endpoint URL, the headers of `deliveryHeaders`, the exact body bytes. */
export interface SendRequest {
  /**
   * Whose connections carry it: each endpoint has its own, so endpoints sharing a host (customers of
   * one integration platform) never wait for each other's slow answers.
   */
  readonly endpointId: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

/**
 * What became of one POST. `answered` means the receiver sent a complete status line in time, whatever
 * the status (the worker decides that only 2xx succeeds); `failed` means there was no usable answer.
 */
export type SendOutcome =
  | {
      readonly kind: "answered";
      readonly statusCode: number;
      readonly durationMs: number;
      /** The first bytes of the response body (1 KB by default), decoded as UTF-8 (lossy). */
      readonly responseExcerpt: string;
      /** The response headers, lowercase names, bounded (see `boundedResponseHeaders`). */
      readonly responseHeaders?: Readonly<Record<string, string>>;
      /** The wait asked for by a `Retry-After` header, in ms from the answer; absent without a usable one. */
      readonly retryAfterMs?: number;
    }
  | {
      readonly kind: "failed";
      readonly errorKind: Exclude<AttemptErrorKind, "http_status">;
      /** Short and free of secrets: safe to store and show to the endpoint's owner. */
      readonly errorMessage: string;
      readonly durationMs: number;
    };

/** Makes delivery POSTs. Never throws for a receiver's or the network's behaviour: that is an outcome. */
export interface DeliverySender {
  send(request: SendRequest): Promise<SendOutcome>;
  /** Closes idle connections and waits for requests still running. */
  close(): Promise<void>;
}
