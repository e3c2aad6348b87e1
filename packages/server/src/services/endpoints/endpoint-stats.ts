import type { Clock } from "../../domain/clock.js";
import type { EndpointRecord } from "../../domain/types.js";
import type { Store } from "../../store/port.js";
import { type NotFound, notFound } from "../outcomes.js";

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** Attempts of one time window (test deliveries left out); `successRate` is null without attempts. */
export interface WindowStats {
  readonly attempts: number;
  readonly succeeded: number;
  readonly failed: number;
  /** `succeeded / attempts`, from 0 to 1. */
  readonly successRate: number | null;
}

export interface EndpointStats {
  readonly kind: "found";
  readonly endpoint: EndpointRecord;
  readonly lastHour: WindowStats;
  readonly lastDay: WindowStats;
}

function windowStats(
  counts: { readonly attempts: number; readonly succeeded: number } | undefined,
): WindowStats {
  const attempts = counts?.attempts ?? 0;
  const succeeded = counts?.succeeded ?? 0;
  return {
    attempts,
    succeeded,
    failed: attempts - succeeded,
    successRate: attempts === 0 ? null : Math.round((succeeded / attempts) * 10_000) / 10_000,
  };
}

/** The endpoint's attempts over the last hour and the last day, with the endpoint (state, last times). */
export async function getEndpointStats(
  deps: { readonly store: Store; readonly clock: Clock },
  accountId: string,
  endpointId: string,
): Promise<EndpointStats | NotFound> {
  const endpoint = await deps.store.getEndpoint(accountId, endpointId);
  if (endpoint === undefined) return notFound("endpoint", endpointId);
  const now = deps.clock.now();
  const counts = await deps.store.countEndpointAttempts(accountId, endpointId, [now - HOUR_MS, now - DAY_MS]);
  if (counts === undefined) return notFound("endpoint", endpointId);
  return { kind: "found", endpoint, lastHour: windowStats(counts[0]), lastDay: windowStats(counts[1]) };
}
