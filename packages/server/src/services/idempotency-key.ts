/**
 * A publisher's idempotency key (the `Idempotency-Key` header, a batch item's `idempotency_key`):
 * printable ASCII, 1 to 255 characters (UUIDs, ULIDs, hashes, ...).
 */
const IDEMPOTENCY_KEY = /^[\x21-\x7e][\x20-\x7e]{0,254}$/;

export const IDEMPOTENCY_KEY_RULE = "must be one value of 1 to 255 printable ASCII characters";

export function isIdempotencyKey(value: unknown): value is string {
  return typeof value === "string" && IDEMPOTENCY_KEY.test(value);
}
