import type { ValidationIssue } from "../schema/validate-json.js";

/** Stable codes of everything that can make a webhook request unacceptable, with the HTTP status to answer. */
const STATUS_BY_CODE = {
  /** No usable secret was configured (a setup error on the receiving side). */
  invalid_secret: 500,
  /** The runtime has no Web Crypto (`globalThis.crypto.subtle`). */
  crypto_unavailable: 500,
  /** The signature header(s) of the expected scheme are absent. */
  missing_signature: 401,
  /** A signature header is present but unreadable: truncated, non-hex, repeated, bad timestamp... */
  malformed_signature: 400,
  /** The Standard Webhooks timestamp is older than the tolerance (a replay, or a very late delivery). */
  timestamp_too_old: 401,
  /** The Standard Webhooks timestamp is further in the future than the tolerance. */
  timestamp_too_new: 401,
  /** No signature matches the body under any of the secrets. */
  signature_mismatch: 401,
  /** The (signed) body is not UTF-8 JSON. */
  invalid_body: 400,
  /** The body is JSON but not a webhook envelope `{ id, event, timestamp, data }`. */
  invalid_envelope: 400,
  /** The envelope's `event` is not one of the catalog's types. */
  unknown_event_type: 400,
  /** The envelope's `data` does not match the catalog (only checked when asked to). */
  invalid_data: 400,
  /** The body is larger than the configured limit. */
  body_too_large: 413,
  /** The request body could not be read (the client went away, the stream failed). */
  body_read_failed: 400,
  /** A body parser consumed the body before the middleware: its exact bytes are gone. */
  body_already_parsed: 500,
} as const;

export type WebhookErrorCode = keyof typeof STATUS_BY_CODE;

export const WEBHOOK_ERROR_CODES = Object.freeze(Object.keys(STATUS_BY_CODE)) as readonly WebhookErrorCode[];

/** Why a webhook request was not accepted. `code` is stable; `status` is the HTTP status to answer. */
export class WebhookVerificationError extends Error {
  override readonly name = "WebhookVerificationError";
  readonly code: WebhookErrorCode;
  readonly status: number;
  /** The schema issues, for `invalid_envelope` and `invalid_data`. */
  readonly issues: readonly ValidationIssue[];

  constructor(code: WebhookErrorCode, message: string, issues: readonly ValidationIssue[] = []) {
    super(`@voicehire/webhooks: ${message}`);
    this.code = code;
    this.status = STATUS_BY_CODE[code];
    this.issues = issues;
  }
}

export function isWebhookVerificationError(value: unknown): value is WebhookVerificationError {
  return value instanceof WebhookVerificationError;
}
