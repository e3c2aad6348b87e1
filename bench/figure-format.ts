/** How figures are written in the summary table. */
export const n = (value: number) => Math.round(value).toLocaleString("en-US");

/** A rate, marked when not everything expected arrived within the phase's time bound. */
export function rate(perSecond: number, received: number, expected: number): string {
  return received >= expected ? n(perSecond) : `${n(perSecond)} (only ${n(received)}/${n(expected)} arrived)`;
}

/** The service's CPU time beside a throughput: `· CPU 790 ms/1k` (per 1,000 of what the rate counts). */
export function cpuBeside(cpuMsPer1000: number | null | undefined): string {
  return cpuMsPer1000 === null || cpuMsPer1000 === undefined ? "" : ` · CPU ${n(cpuMsPer1000)} ms/1k`;
}

/** The median of some values (null when there are none). */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
