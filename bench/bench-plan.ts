/** How much each phase does: `--quick` (3 to 4 minutes) or the full run (about 10). */
export interface BenchPlan {
  readonly mode: "quick" | "full";
  /** Endpoints (receiver ports, distinct origins) each event fans out to, in phases 1 to 3. */
  readonly fanOut: number;
  readonly connectionsPerOrigin: number;
  readonly throughputEvents: number;
  readonly publishConcurrency: number;
  readonly bullmqWorkerConcurrency: number;
  readonly phaseTimeoutMs: number;
  /** The least a phase's bound is shrunk to when the run's budget runs short. */
  readonly minPhaseTimeoutMs: number;
  readonly latencyRatePerSecond: number;
  readonly latencyWarmupMs: number;
  readonly latencyMeasureMs: number;
  /** A second, informative latency run at a rate the service should sustain easily. */
  readonly lowLatencyRatePerSecond: number;
  readonly lowLatencyMeasureMs: number;
  readonly isolationEndpoints: number;
  readonly isolationHangingShare: number;
  readonly isolationEvents: number;
  readonly memoryEndpoints: number;
  readonly memoryTargetPending: number;
  /** Stop building the backlog after this long, and report what was built. */
  readonly memoryBuildBudgetMs: number;
  /** Single-event publishes of the publishing phase (no workers). */
  readonly publishEvents: number;
  readonly batchEvents: number;
  readonly batchSize: number;
  readonly batchRequestsInFlight: number;
  /** Finished deliveries written into the store before the history phase measures on it. */
  readonly historyDeliveries: number;
  /** The bound on writing them: past it the phase measures on what was written, and says so. */
  readonly historyFillBoundMs: number;
  /** Events of the storage phase's fixed load (each to `fanOut` endpoints). */
  readonly storageEvents: number;
  /** Finished deliveries spread over twice the retention window before retention runs. */
  readonly retentionDeliveries: number;
  /** The ordered phase (issue 14): candidates, each with this many events, published in order per candidate. */
  readonly orderedCandidates: number;
  readonly orderedEventsPerCandidate: number;
}

/**
 * The part of a phase's time bound kept for receipts after its loader stops (the loader stops at the
 * bound minus this): a third of the bound, at most 10 s.
 */
export function drainMs(phaseTimeoutMs: number): number {
  return Math.min(10_000, Math.round(phaseTimeoutMs / 3));
}

/**
 * What the phases share (the build comes on top): each phase's bound shrinks so that the ones still to
 * come fit in what is left, down to `minPhaseTimeoutMs`.
 */
export function runBudgetMs(plan: BenchPlan): number {
  return plan.mode === "quick" ? 180_000 : 480_000;
}

export function benchPlan(quick: boolean): BenchPlan {
  const shared = {
    fanOut: 4,
    connectionsPerOrigin: 32,
    publishConcurrency: 32,
    bullmqWorkerConcurrency: 128,
    latencyRatePerSecond: 1000,
    lowLatencyRatePerSecond: 100,
    isolationEndpoints: 20,
    isolationHangingShare: 0.1,
    batchSize: 500,
    batchRequestsInFlight: 4,
    orderedEventsPerCandidate: 10,
  };
  return quick
    ? {
        ...shared,
        mode: "quick",
        throughputEvents: 4000,
        phaseTimeoutMs: 12_000,
        minPhaseTimeoutMs: 8000,
        latencyWarmupMs: 1000,
        latencyMeasureMs: 4000,
        lowLatencyMeasureMs: 3000,
        isolationEvents: 600,
        memoryEndpoints: 100,
        memoryTargetPending: 100_000,
        memoryBuildBudgetMs: 15_000,
        publishEvents: 4000,
        batchEvents: 40_000,
        historyDeliveries: 500_000,
        historyFillBoundMs: 60_000,
        storageEvents: 1000,
        retentionDeliveries: 100_000,
        orderedCandidates: 100,
      }
    : {
        ...shared,
        mode: "full",
        throughputEvents: 25_000,
        phaseTimeoutMs: 35_000,
        minPhaseTimeoutMs: 15_000,
        latencyWarmupMs: 2000,
        latencyMeasureMs: 15_000,
        lowLatencyMeasureMs: 8000,
        isolationEvents: 3000,
        memoryEndpoints: 500,
        memoryTargetPending: 1_000_000,
        memoryBuildBudgetMs: 75_000,
        publishEvents: 20_000,
        batchEvents: 200_000,
        historyDeliveries: 5_000_000,
        historyFillBoundMs: 240_000,
        storageEvents: 10_000,
        retentionDeliveries: 400_000,
        orderedCandidates: 1000,
      };
}
