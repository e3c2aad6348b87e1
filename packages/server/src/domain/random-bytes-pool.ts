import { randomFillSync } from "node:crypto";

/**
 * Random bytes for ids, taken from a buffer filled a few kilobytes at a time: one call into the
 * system's generator per id costs more than the id itself on the hot paths (a request id per HTTP
 * request, an attempt id per delivery). The bytes are as random as `randomBytes`'; only the calls are
 * fewer. Not for secrets: a secret is never left lying in a shared buffer.
 */
const POOL_BYTES = 4096;

const pool = Buffer.allocUnsafe(POOL_BYTES);
let offset = POOL_BYTES;

/** The offset in `pool` of `size` fresh bytes (refilling it when too few are left). */
function take(size: number): number {
  if (size > POOL_BYTES) throw new RangeError(`at most ${POOL_BYTES} pooled random bytes at once`);
  if (offset + size > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const start = offset;
  offset += size;
  return start;
}

/** `size` random bytes as lowercase hex (`2 × size` characters). */
export function randomHex(size: number): string {
  const start = take(size);
  return pool.toString("hex", start, start + size);
}

/**
 * Fills `digits` with random numbers, each below 32 (a byte modulo 32: 256 is a multiple of 32, so
 * none is favoured). In place: an id draws its digits on every call, so it allocates nothing.
 */
export function fillBase32Digits(digits: Uint8Array): void {
  const start = take(digits.length);
  for (let i = 0; i < digits.length; i++) digits[i] = (pool[start + i] as number) % 32;
}
