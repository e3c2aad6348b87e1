import { EVENT_TYPES, type ObjectSchema } from "@voicehire/webhooks";
import type { AttemptRecord, DeliveryRecord, DeliveryStatus, EventRecord } from "../domain/types.js";
import type { DeliveryQuery, Store } from "../store/port.js";
import { type NotFound, notFound, type ValidationFailure } from "./outcomes.js";
import { type Page, readPage, readPageQuery } from "./page-query.js";
import {
  cursorParameterSchema,
  DEFAULT_PAGE_SIZE,
  limitParameterSchema,
  MAX_PAGE_SIZE,
  parseBoolean,
  parseTime,
} from "./query-params.js";

export const DEFAULT_DELIVERY_PAGE_SIZE = DEFAULT_PAGE_SIZE;
export const MAX_DELIVERY_PAGE_SIZE = MAX_PAGE_SIZE;
const DELIVERY_STATUSES: readonly DeliveryStatus[] = ["pending", "succeeded", "failed"];

/** The query of `GET /v1/deliveries` (a URL's query: every value a string, every filter optional). */
export const listDeliveriesQuerySchema: ObjectSchema = {
  type: "object",
  properties: {
    endpoint_id: { type: "string", minLength: 1 },
    event_id: { type: "string", minLength: 1 },
    event_type: { type: "string", enum: EVENT_TYPES },
    status: { type: "string", enum: DELIVERY_STATUSES },
    campaign_id: {
      type: "string",
      minLength: 1,
      description: "Deliveries of events whose data.campaign_id is this.",
    },
    candidate_id: {
      type: "string",
      minLength: 1,
      description: "Deliveries of events whose data.candidate_id is this.",
    },
    since: { type: "string", format: "date-time", description: "Deliveries created at or after this time." },
    until: { type: "string", format: "date-time", description: "Deliveries created before this time." },
    test: {
      type: "string",
      enum: ["true", "false"],
      description: "Only test deliveries, or only real ones.",
    },
    failing: {
      type: "string",
      enum: ["true", "false"],
      description:
        "true: only the failures, i.e. failed deliveries and pending ones whose last attempt failed (retried later, or waiting for their endpoint's pause to end); false: only the others.",
    },
    limit: limitParameterSchema,
    cursor: cursorParameterSchema,
  },
  additionalProperties: false,
};

/** Query parameter → the filter it sets (string values as they are). */
const STRING_FILTERS = [
  ["endpoint_id", "endpointId"],
  ["event_id", "eventId"],
  ["event_type", "eventType"],
  ["campaign_id", "campaignId"],
  ["candidate_id", "candidateId"],
] as const;

/**
 * A page of the account's deliveries, newest first, filtered (see `listDeliveriesQuerySchema`);
 * `nextCursor` is null on the last page.
 */
export async function listDeliveries(
  deps: { readonly store: Store },
  accountId: string,
  rawQuery: unknown,
): Promise<Page<DeliveryRecord> | ValidationFailure> {
  const request = readPageQuery(listDeliveriesQuerySchema, rawQuery, (query) => {
    const since = parseTime(query.since);
    const until = parseTime(query.until);
    return since !== undefined && until !== undefined && until <= since
      ? [{ path: "until", message: "must be after since" }]
      : [];
  });
  if (request.kind === "invalid") return request;
  const { query } = request;
  const filters: { -readonly [K in Exclude<keyof DeliveryQuery, "limit">]?: DeliveryQuery[K] } = {};
  for (const [parameter, filter] of STRING_FILTERS) {
    const value = query[parameter];
    if (typeof value === "string") filters[filter] = value;
  }
  if (typeof query.status === "string") filters.status = query.status as DeliveryStatus;
  const since = parseTime(query.since);
  if (since !== undefined) filters.createdSince = since;
  const until = parseTime(query.until);
  if (until !== undefined) filters.createdUntil = until;
  const test = parseBoolean(query.test);
  if (test !== undefined) filters.test = test;
  const failing = parseBoolean(query.failing);
  if (failing !== undefined) filters.failing = failing;
  return readPage(request, (limit, after) =>
    deps.store.listDeliveries(accountId, { ...filters, limit, ...after }),
  );
}

export interface DeliveryDetail {
  readonly kind: "found";
  readonly delivery: DeliveryRecord;
  /** The event delivered (its exact envelope); undefined only if retention removed it. */
  readonly event: EventRecord | undefined;
  /** Oldest first. */
  readonly attempts: AttemptRecord[];
}

/** One delivery with its event and its attempts, oldest attempt first. */
export async function getDeliveryWithAttempts(
  deps: { readonly store: Store },
  accountId: string,
  deliveryId: string,
): Promise<DeliveryDetail | NotFound> {
  const delivery = await deps.store.getDelivery(accountId, deliveryId);
  if (delivery === undefined) return notFound("delivery", deliveryId);
  const [event, attempts] = await Promise.all([
    deps.store.getEvent(accountId, delivery.eventId),
    deps.store.listAttempts(accountId, deliveryId),
  ]);
  return { kind: "found", delivery, event, attempts };
}
