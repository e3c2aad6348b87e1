import { createRequire } from "node:module";
import { defaultRetrySchedule, type RetrySchedule, retryScheduleProblem } from "../domain/retry-schedule.js";

/** How the delivery worker behaves; resolved once at start (see `defaultDeliverySettings`). */
export interface DeliverySettings {
  readonly retrySchedule: RetrySchedule;
  /** The whole answer must arrive within this (the source doc's 5 seconds). */
  readonly attemptTimeoutMs: number;
  /** How long a claim is held before another worker may take the delivery over. */
  readonly leaseMs: number;
  /** At most this many deliveries per claim (one store transaction). */
  readonly claimBatchSize: number;
  /** At most this many POSTs in flight, all endpoints together. */
  readonly maxInFlight: number;
  /** At most this many POSTs in flight to one endpoint, so a slow one cannot take every slot. */
  readonly maxInFlightPerEndpoint: number;
  /** How much of a response body is kept in the attempt log. */
  readonly responseExcerptBytes: number;
  /** Without a wake-up, the worker looks for due deliveries at least this often. */
  readonly idlePollMs: number;
  /** Finished attempts wait at most this long to be recorded together (group commit). */
  readonly recordBatchMaxDelayMs: number;
  /**
   * A wake-up (a publish, a freed slot) claims no sooner than this after the previous claim, so that
   * the wake-ups of a burst make one claim, not one each.
   */
  readonly claimMergeMs: number;
  /** The `User-Agent` of every delivery: `VoiceHire-Webhooks/<version>`. */
  readonly userAgent: string;
  // --- reliability ---
  /** The longest `Retry-After` (on a 429 or 503) honoured as the floor of the next retry's delay. */
  readonly maxRetryAfterMs: number;
  /** An endpoint failing without a single success for this long is disabled (`failing_too_long`). */
  readonly autoDisableAfterMs: number;
  /** How often the worker looks for endpoints to disable. */
  readonly autoDisableCheckIntervalMs: number;
}

function packageVersion(): string {
  // src/delivery/ and dist/delivery/ are both two levels below the package root.
  const manifest = createRequire(import.meta.url)("../../package.json") as { version?: unknown };
  return typeof manifest.version === "string" ? manifest.version : "0.0.0";
}

export const defaultDeliverySettings: DeliverySettings = Object.freeze({
  retrySchedule: defaultRetrySchedule,
  attemptTimeoutMs: 5000,
  leaseMs: 30_000,
  claimBatchSize: 128,
  maxInFlight: 256,
  maxInFlightPerEndpoint: 32,
  responseExcerptBytes: 1024,
  idlePollMs: 1000,
  recordBatchMaxDelayMs: 5,
  claimMergeMs: 2,
  userAgent: `VoiceHire-Webhooks/${packageVersion()}`,
  maxRetryAfterMs: 3_600_000,
  autoDisableAfterMs: 5 * 24 * 3_600_000,
  autoDisableCheckIntervalMs: 60_000,
});

/** A message naming the first unusable setting, or undefined when all are usable. */
export function deliverySettingsProblem(settings: DeliverySettings): string | undefined {
  const positive: (keyof DeliverySettings)[] = [
    "attemptTimeoutMs",
    "leaseMs",
    "claimBatchSize",
    "maxInFlight",
    "maxInFlightPerEndpoint",
    "idlePollMs",
    "maxRetryAfterMs",
    "autoDisableAfterMs",
    "autoDisableCheckIntervalMs",
  ];
  for (const name of positive) {
    const value = settings[name];
    if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
      return `voicehire-webhooks: the delivery setting ${name} must be a positive number, got ${String(value)}`;
    }
  }
  if (
    !(settings.responseExcerptBytes >= 0) ||
    !(settings.recordBatchMaxDelayMs >= 0) ||
    !(settings.claimMergeMs >= 0)
  ) {
    return "voicehire-webhooks: responseExcerptBytes, recordBatchMaxDelayMs and claimMergeMs must be >= 0";
  }
  if (settings.leaseMs <= settings.attemptTimeoutMs) {
    return `voicehire-webhooks: leaseMs (${settings.leaseMs}) must be longer than attemptTimeoutMs (${settings.attemptTimeoutMs})`;
  }
  return retryScheduleProblem(settings.retrySchedule);
}
