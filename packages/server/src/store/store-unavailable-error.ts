/**
 * The store cannot serve requests for now, for a reason the caller cannot fix by changing its request:
 * every adapter turns its engine's errors of this kind into this one type, so that the API (503 with
 * `Retry-After`) and the delivery loop (back off, keep results buffered) never read engine codes.
 *
 * - `unreachable`: the connection to the database was lost, refused or timed out (a restart, a
 *   failover, a terminated session); it comes back by itself.
 * - `storage_full`: the database refuses writes for want of space (or is read-only); reads may work.
 */
export type StoreUnavailableReason = "unreachable" | "storage_full";

export class StoreUnavailableError extends Error {
  override readonly name = "StoreUnavailableError";

  constructor(
    readonly reason: StoreUnavailableReason,
    options: { readonly cause: unknown },
  ) {
    const causeText = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super(
      reason === "storage_full"
        ? `voicehire-webhooks: the store is out of space (${causeText})`
        : `voicehire-webhooks: the store is unreachable (${causeText})`,
      { cause: options.cause },
    );
  }
}

export function isStoreUnavailable(error: unknown): error is StoreUnavailableError {
  return error instanceof StoreUnavailableError;
}
