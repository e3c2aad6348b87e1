import type { ApiClient, ApiResult } from "./client";
import type { StatsBucket } from "./types";

/** The delivery-outcome series of the charts (`GET /v1/stats/deliveries`). */
export type Period = "24h" | "7d" | "30d";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export function periodWindow(
  period: Period,
  now: number,
): { from: string; until: string; bucket: "hour" | "day" } {
  if (period === "24h") {
    const from = Math.floor(now / HOUR) * HOUR - 23 * HOUR;
    return { from: new Date(from).toISOString(), until: new Date(now).toISOString(), bucket: "hour" };
  }
  const days = period === "7d" ? 7 : 30;
  const today = Math.floor(now / DAY) * DAY;
  return {
    from: new Date(today - (days - 1) * DAY).toISOString(),
    until: new Date(now).toISOString(),
    bucket: "day",
  };
}

export function loadOutcomeSeries(
  api: ApiClient,
  period: Period,
  endpointId: string | undefined,
  now = Date.now(),
): Promise<ApiResult<{ readonly data: readonly StatsBucket[] }>> {
  const window = periodWindow(period, now);
  return api.get("/v1/stats/deliveries", { ...window, endpoint_id: endpointId });
}

export function totals(buckets: readonly StatsBucket[]): {
  succeeded: number;
  failed: number;
  pending: number;
} {
  return buckets.reduce(
    (sum, b) => ({
      succeeded: sum.succeeded + b.succeeded,
      failed: sum.failed + b.failed,
      pending: sum.pending + b.pending,
    }),
    { succeeded: 0, failed: 0, pending: 0 },
  );
}
