import { type BlockReason, describeBlockReason } from "./block-reason.js";

export const BLOCKED_ADDRESS_ERROR_CODE = "VH_BLOCKED_ADDRESS";

/**
 * The refusal of a connection by the SSRF guard. It travels through Node's `lookup` callback and
 * undici's connect path as an error (that is their interface); the sender turns it back into an
 * attempt outcome with error kind `blocked` (see `findBlockedAddressError`).
 */
export class BlockedAddressError extends Error {
  readonly code = BLOCKED_ADDRESS_ERROR_CODE;
  /** The host as the URL named it (a name, or the IP literal itself). */
  readonly hostname: string;
  /** The refused address (an IP, or the host text when it is not a valid host at all). */
  readonly address: string;
  readonly reason: BlockReason;
  /** The range that matched, e.g. `169.254.0.0/16`. */
  readonly range: string;

  constructor(hostname: string, address: string, reason: BlockReason, range: string) {
    const target = hostname === address ? address : `${hostname} (${address})`;
    super(
      `voicehire-webhooks: refused to connect to ${target}: ${describeBlockReason(reason)} (${range}); ` +
        "webhook endpoints must be public addresses unless an operator allows this range",
    );
    this.name = "BlockedAddressError";
    this.hostname = hostname;
    this.address = address;
    this.reason = reason;
    this.range = range;
  }
}

/**
 * The SSRF refusal inside an error, if any: the error itself or one of its `cause`s (undici's `fetch`
 * wraps connect errors as `TypeError: fetch failed` with a cause). Matches on `code` so that it also
 * works across module copies.
 */
export function findBlockedAddressError(error: unknown): BlockedAddressError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && typeof current === "object" && current !== null; depth++) {
    if ((current as { code?: unknown }).code === BLOCKED_ADDRESS_ERROR_CODE)
      return current as BlockedAddressError;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
