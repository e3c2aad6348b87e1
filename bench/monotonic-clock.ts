/**
 * Milliseconds on the system-wide monotonic clock (CLOCK_MONOTONIC behind `process.hrtime`), with
 * microsecond precision. The same clock in every process of this machine, so a time taken in the loader
 * and one taken in the receiver process can be subtracted.
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
