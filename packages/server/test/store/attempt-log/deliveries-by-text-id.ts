import { newId } from "../../../src/domain/ids.js";
import type { NewEvent } from "../../../src/domain/types.js";
import type { StoreAtVersion } from "./store-at-version.js";

/**
 * Events, deliveries and attempts written in SQL as the versions before migration 017 wrote them on
 * the embedded store: keyed by their text ids, with the endpoint's account copied. Today's adapter
 * numbers them; a test of an earlier migration writes its rows with these, then migrates.
 */

/** An event as `store.publish` stores it (`newEvent`), at `at`. */
export async function insertEventByTextId(
  s: StoreAtVersion,
  accountId: string,
  event: NewEvent,
  at: number,
): Promise<void> {
  await s.query(
    `INSERT INTO events (id, account_id, type, occurred_at, body, created_at)
     VALUES (${[1, 2, 3, 4, 5, 6].map(s.placeholder).join(", ")})`,
    [event.id, accountId, event.type, event.occurredAt, Buffer.from(event.body), at],
  );
}
export interface DeliveryByTextId {
  readonly id: string;
  readonly accountId: string;
  readonly eventId: string;
  readonly endpointId: string;
  readonly status: "pending" | "succeeded" | "failed";
  readonly attemptCount: number;
  readonly nextAttemptAt: number | null;
  readonly createdAt: number;
  /** Copied from the event before migration 016: give it for a store stopped before that one. */
  readonly eventType?: string;
  readonly test?: boolean;
}

export async function insertDeliveryByTextId(s: StoreAtVersion, d: DeliveryByTextId): Promise<void> {
  const columns = [
    "id",
    "account_id",
    "event_id",
    "endpoint_id",
    "status",
    "attempt_count",
    "next_attempt_at",
  ];
  const values: unknown[] = [
    d.id,
    d.accountId,
    d.eventId,
    d.endpointId,
    d.status,
    d.attemptCount,
    d.nextAttemptAt,
  ];
  columns.push("created_at", "updated_at");
  values.push(d.createdAt, d.createdAt);
  if (d.test === true) {
    columns.push("test");
    values.push(s.sqliteFile === undefined ? true : 1);
  }
  if (d.eventType !== undefined) {
    columns.push("event_type");
    values.push(d.eventType);
  }
  await s.query(
    `INSERT INTO deliveries (${columns.join(", ")}) VALUES (${values.map((_, i) => s.placeholder(i + 1)).join(", ")})`,
    values,
  );
}

/** One attempt of a delivery by its text id (the columns every version since 008 has); answers its id. */
export async function insertAttemptByTextId(
  s: StoreAtVersion,
  deliveryId: string,
  attemptNumber: number,
  startedAt: number,
  statusCode: number,
): Promise<string> {
  const id = newId("att", startedAt);
  await s.query(
    `INSERT INTO attempts (id, delivery_id, attempt_number, started_at, duration_ms, status_code, response_excerpt)
     VALUES (${[1, 2, 3, 4, 5, 6, 7].map(s.placeholder).join(", ")})`,
    [id, deliveryId, attemptNumber, startedAt, 12, statusCode, "ok"],
  );
  return id;
}
