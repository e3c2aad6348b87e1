import type { ObjectSchema } from "@voicehire/webhooks";
import { isPlainObject } from "@voicehire/webhooks";
import type { Clock } from "../domain/clock.js";
import type { DeliveryStatus, EpochMs } from "../domain/types.js";
import type { Store } from "../store/port.js";
import { DAY_MS, HOUR_MS } from "./endpoints/endpoint-stats.js";
import { invalid, type NotFound, notFound, type ValidationFailure } from "./outcomes.js";
import { checkQuery, parseTime } from "./query-params.js";

/**
 * Deliveries by outcome over time (the dashboard's charts): the account's deliveries (test ones left
 * out) created in `[from, until)`, counted by their current status per UTC hour or day.
 */
export type Bucket = "hour" | "day";

const BUCKET_MS: { readonly [B in Bucket]: number } = { hour: HOUR_MS, day: DAY_MS };
/** The default window (ending now) and the longest one, per bucket size. */
const DEFAULT_WINDOW_MS: { readonly [B in Bucket]: number } = { hour: DAY_MS, day: 30 * DAY_MS };
const MAX_WINDOW_MS: { readonly [B in Bucket]: number } = { hour: 7 * DAY_MS, day: 92 * DAY_MS };

/** The query of `GET /v1/stats/deliveries`. */
export const deliveryStatsQuerySchema: ObjectSchema = {
  type: "object",
  properties: {
    from: {
      type: "string",
      format: "date-time",
      description:
        "Start of the window (rounded down to its bucket); default: one day (hour) or 30 days (day) before until.",
    },
    until: {
      type: "string",
      format: "date-time",
      description: "End of the window (exclusive); default now.",
    },
    bucket: { type: "string", enum: ["hour", "day"], description: "Bucket size, UTC (default hour)." },
    endpoint_id: { type: "string", minLength: 1, description: "Only this endpoint's deliveries." },
  },
  additionalProperties: false,
};

/**
 * `failed` counts the failures: failed deliveries and the `failing` ones (pending after a failed attempt,
 * to be retried or held by their endpoint's circuit), so a failing endpoint never looks successful;
 * `pending` counts the other pending ones (not attempted yet).
 */
export interface DeliveryBucket {
  readonly start: EpochMs;
  readonly succeeded: number;
  readonly failed: number;
  readonly failing: number;
  readonly pending: number;
}

export async function getDeliverySeries(
  deps: { readonly store: Store; readonly clock: Clock },
  accountId: string,
  rawQuery: unknown,
): Promise<{ readonly kind: "series"; readonly buckets: DeliveryBucket[] } | ValidationFailure | NotFound> {
  const query = isPlainObject(rawQuery) ? rawQuery : {};
  const issues = checkQuery(deliveryStatsQuerySchema, query);
  if (issues.length > 0) return invalid(issues);
  const bucket: Bucket = query.bucket === "day" ? "day" : "hour";
  const bucketMs = BUCKET_MS[bucket];
  // By default the window ends now, included.
  const until = parseTime(query.until) ?? deps.clock.now() + 1;
  const requestedFrom = parseTime(query.from) ?? until - DEFAULT_WINDOW_MS[bucket];
  const from = Math.floor(requestedFrom / bucketMs) * bucketMs;
  if (until <= requestedFrom) return invalid([{ path: "until", message: "must be after from" }]);
  if (until - from > MAX_WINDOW_MS[bucket]) {
    const days = MAX_WINDOW_MS[bucket] / DAY_MS;
    return invalid([
      { path: "from", message: `must be at most ${days} days before until with bucket=${bucket}` },
    ]);
  }
  const endpointId = typeof query.endpoint_id === "string" ? query.endpoint_id : undefined;
  if (endpointId !== undefined && (await deps.store.getEndpoint(accountId, endpointId)) === undefined) {
    return notFound("endpoint", endpointId);
  }
  const counts = await deps.store.countDeliveriesOverTime(accountId, {
    from,
    until,
    bucketMs,
    ...(endpointId === undefined ? {} : { endpointId }),
  });
  const buckets: { -readonly [K in keyof DeliveryBucket]: DeliveryBucket[K] }[] = [];
  for (let start = from; start < until; start += bucketMs) {
    buckets.push({ start, succeeded: 0, failed: 0, failing: 0, pending: 0 });
  }
  for (const count of counts) {
    const target = buckets[Math.floor((count.start - from) / bucketMs)];
    if (target === undefined) continue;
    target[count.status satisfies DeliveryStatus | "failing"] += count.count;
    if (count.status === "failing") target.failed += count.count;
  }
  return { kind: "series", buckets };
}
