import type { TestDeliveryInput, TestDeliveryStore } from "../port.js";
import { attemptParams, INSERT_ATTEMPT_SQL } from "./rows.js";
import { asBuffer, type SqliteContext } from "./sqlite-context.js";
import { createUserAgentIds } from "./user-agents.js";

/** "Tester" deliveries: the event, its one delivery (final, `test = 1`) and its attempt, in one transaction. */
export function sqliteTestDeliveryMethods(context: SqliteContext): TestDeliveryStore {
  const { db, statement } = context;
  const userAgentIds = createUserAgentIds(context);
  const record = db.transaction(({ event, delivery, attempt }: TestDeliveryInput) => {
    const eventNumber = statement(
      "INSERT INTO events (id, account_id, type, occurred_at, body, created_at, campaign_id, candidate_id) " +
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    ).run(
      event.id,
      delivery.accountId,
      event.type,
      event.occurredAt,
      asBuffer(event.body),
      delivery.createdAt,
      event.campaignId ?? null,
      event.candidateId ?? null,
    ).lastInsertRowid;
    // The Tester gives the delivery its id: kept as given (delivery-numbers.ts).
    const { lastInsertRowid } = statement(
      "INSERT INTO deliveries (given_id, event_number, endpoint_id, status, attempt_count, " +
        "next_attempt_at, last_status_code, last_error_kind, test, created_at, updated_at) " +
        "VALUES (?, ?, ?, ?, ?, NULL, ?, ?, 1, ?, ?)",
    ).run(
      delivery.id,
      eventNumber,
      delivery.endpointId,
      delivery.status,
      delivery.attemptCount,
      delivery.lastStatusCode,
      delivery.lastErrorKind,
      delivery.createdAt,
      delivery.updatedAt,
    );
    statement(INSERT_ATTEMPT_SQL).run(
      attemptParams({ ...attempt, deliveryId: delivery.id }, Number(lastInsertRowid), userAgentIds),
    );
  });

  return {
    async recordTestDelivery(input) {
      record.immediate(input);
    },
  };
}
