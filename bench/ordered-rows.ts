import { cpuBeside, n, rate } from "./figure-format.js";
import type { OrderedRun } from "./ordered-delivery.js";
import type { BenchResults, TargetRow } from "./report.js";

/** A run's rate with the service's CPU beside it, and what the receiver saw of the order. */
function runMeasured(run: OrderedRun): string {
  return (
    rate(run.deliveriesPerSecond, run.received, run.deliveriesCreated) + cpuBeside(run.cpuMsPer1000Deliveries)
  );
}

/** Issue 14: ordered delivery per candidate, its throughput beside the unordered one's, and the order kept. */
export function orderedRows(results: Omit<BenchResults, "targets">): TargetRow[] {
  const { ordered } = results;
  if (ordered === undefined) return [];
  const figure = "ordered per candidate (deliveries/s)";
  if ("failed" in ordered) return [{ figure, measured: `failed: ${ordered.failed}`, target: "-", met: null }];
  if ("skipped" in ordered)
    return [{ figure, measured: `skipped: ${ordered.skipped}`, target: "-", met: null }];
  const load = `${n(ordered.candidates)} × ${ordered.eventsPerCandidate}`;
  const complete = (run: OrderedRun) => run.received >= run.deliveriesCreated && run.publishFailures === 0;
  return [
    {
      figure: `ordered per candidate, ${load} (deliveries/s)`,
      measured: runMeasured(ordered.ordered),
      target: "-",
      met: null,
    },
    {
      figure: `  unordered, same load (deliveries/s)`,
      measured: runMeasured(ordered.unordered),
      target: "-",
      met: null,
    },
    {
      figure: "  ordered / unordered",
      measured: ordered.ratio === null ? "n/a" : ordered.ratio.toFixed(2),
      target: ">= 0.50",
      met: ordered.ratio === null ? null : ordered.ratio >= 0.5,
    },
    {
      figure: "  candidates out of publish order, ordered",
      measured: `${n(ordered.ordered.order.keysOutOfOrder)} of ${n(ordered.ordered.order.keys)}`,
      // Counted on what arrived: a run that lost deliveries cannot say the order held.
      target: "0",
      met: ordered.ordered.order.keysOutOfOrder === 0 ? (complete(ordered.ordered) ? true : null) : false,
    },
    {
      figure: "  (info) candidates out of publish order, unordered",
      measured: `${n(ordered.unordered.order.keysOutOfOrder)} of ${n(ordered.unordered.order.keys)}`,
      target: "-",
      met: null,
    },
  ];
}
