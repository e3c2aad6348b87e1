import { drainMs } from "./bench-plan.js";
import { monotonicMs } from "./monotonic-clock.js";
import { startCpuMeter } from "./process-cpu.js";
import { formatCount } from "./progress.js";
import { longestStall, type StoreSample, startStoreSampler } from "./store-sampler.js";

/** What a delivery window saw once closed: the service's CPU time and the store's timeline. */
export interface ClosedDeliveryWindow {
  readonly serviceCpuMs: number;
  readonly storeTimeline: StoreSample[];
  /** The longest run of samples without a new receipt, and the most deliveries leased during it. */
  readonly stall: { readonly ms: number; readonly maxLeased: number };
}

/**
 * The measured window of a phase that publishes to a running service and waits for the receiver's
 * receipts: the service's CPU is metered and its store sampled once a second from the moment it opens.
 * `publishUntil` is when the loader stops, early enough for the last receipts to arrive by
 * `receiptsUntil`, the end of the phase's bound.
 */
export function openDeliveryWindow(
  service: { readonly pid: number; readonly databaseFile: string },
  timeoutMs: number,
) {
  const publishUntil = Date.now() + timeoutMs - drainMs(timeoutMs);
  const cpu = startCpuMeter([service.pid]);
  const startedMs = monotonicMs();
  let receivedSoFar = 0;
  const sampler = startStoreSampler({
    databaseFile: service.databaseFile,
    startedMs,
    everyMs: 1000,
    received: () => receivedSoFar,
  });
  return {
    startedMs,
    publishUntil,
    receiptsUntil: publishUntil + drainMs(timeoutMs),
    /** The receipts counted so far, recorded beside each store sample. */
    noteReceived(count: number): void {
      receivedSoFar = count;
    },
    close(): ClosedDeliveryWindow {
      const serviceCpuMs = cpu.stop();
      const storeTimeline = sampler.stop();
      return { serviceCpuMs, storeTimeline, stall: longestStall(storeTimeline) };
    },
  };
}

/** The progress line's note of a stall worth mentioning (2 s or more), or nothing. */
export function stallNote(stall: ClosedDeliveryWindow["stall"]): string {
  return stall.ms >= 2000
    ? ` · stalled ${(stall.ms / 1000).toFixed(0)} s with ${formatCount(stall.maxLeased)} leased`
    : "";
}
