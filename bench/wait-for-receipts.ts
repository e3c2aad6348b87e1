import { monotonicMs } from "./monotonic-clock.js";
import { formatCount, type PhaseProgress } from "./progress.js";
import { type Receiver, totalsFor } from "./receiver-client.js";
import type { PathStats } from "./receiver-protocol.js";
import { perSecond } from "./stats.js";
import { waitUntil } from "./wait-until.js";

/**
 * Waits until the receiver has counted `expected()` receipts on the paths under `prefix` (or the
 * deadline passes), showing progress from `startedMs` (monotonic). `expected` is read on every poll,
 * since it grows while the loader is still publishing. Answers the final totals.
 */
export async function waitForReceipts(input: {
  readonly receiver: Receiver;
  readonly prefix: string;
  readonly expected: () => number;
  /** Also wait for this to be true (e.g. the loader finished). */
  readonly loaderDone: () => boolean;
  /** Monotonic ms (see `monotonicMs`) of the first send. */
  readonly startedMs: number;
  readonly deadline: number;
  readonly progress: PhaseProgress;
  readonly describe?: () => string;
  /** Sees the totals of every poll. */
  readonly onPoll?: (totals: PathStats) => void;
}): Promise<PathStats & { readonly endedMs: number }> {
  let totals: PathStats = { count: 0, firstMs: Number.NaN, lastMs: Number.NaN };
  await waitUntil(
    async () => {
      totals = totalsFor(await input.receiver.stats(), input.prefix);
      input.onPoll?.(totals);
      const rate = perSecond(totals.count, monotonicMs() - input.startedMs);
      const extra = input.describe === undefined ? "" : ` · ${input.describe()}`;
      input.progress.update(
        `${formatCount(totals.count)}/${formatCount(input.expected())} received · ${formatCount(rate)}/s${extra}`,
      );
      return input.loaderDone() && totals.count >= input.expected();
    },
    { timeoutMs: Math.max(0, input.deadline - Date.now()), intervalMs: 200 },
  );
  totals = totalsFor(await input.receiver.stats(), input.prefix);
  return { ...totals, endedMs: monotonicMs() };
}

/**
 * The time a throughput is measured over: to the last receipt when everything expected arrived, else
 * to the end of the wait (the phase's time bound), so that losing deliveries never raises the rate.
 */
export function measuredSpanMs(
  totals: PathStats & { readonly endedMs: number },
  expected: number,
  startedMs: number,
): number {
  return (totals.count >= expected ? totals.lastMs : totals.endedMs) - startedMs;
}
