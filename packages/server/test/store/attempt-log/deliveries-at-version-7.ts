import { newId } from "../../../src/domain/ids.js";
import type { ClaimedDelivery } from "../../../src/store/port.js";
import type { StoreAtVersion } from "./store-at-version.js";

/** What an attempt test needs of a delivery. */
export type DeliveryFacts = Pick<
  ClaimedDelivery,
  "deliveryId" | "endpointId" | "eventId" | "eventType" | "attemptNumber" | "body"
>;

/**
 * An account, a signing and a non-signing endpoint, one `campaign.created` event and its two pending
 * deliveries, written in SQL as version 7 wrote them: today's adapter writes columns a store stopped at
 * migration 7 does not have yet.
 */
export async function givenTwoDeliveriesAtVersion7(
  s: StoreAtVersion,
  at: number,
): Promise<{ accountId: string; signed: DeliveryFacts; unsigned: DeliveryFacts }> {
  const values = (count: number) => Array.from({ length: count }, (_, i) => s.placeholder(i + 1)).join(", ");
  const accountId = newId("acc", at);
  await s.query(`INSERT INTO accounts (id, name, credits_threshold, created_at) VALUES (${values(4)})`, [
    accountId,
    "At version 7",
    100,
    at,
  ]);
  const eventId = newId("evt", at);
  const body = new TextEncoder().encode(JSON.stringify({ id: eventId, event: "campaign.created", data: {} }));
  await s.query(
    `INSERT INTO events (id, account_id, type, occurred_at, body, created_at) VALUES (${values(6)})`,
    [eventId, accountId, "campaign.created", at, Buffer.from(body), at],
  );
  const deliveryOf = async (sealedSecret: string | null): Promise<DeliveryFacts> => {
    const endpointId = newId("ep", at);
    await s.query(
      `INSERT INTO endpoints (id, account_id, url, description, enabled, sealed_secret, created_at, updated_at)
       VALUES (${values(3)}, '', TRUE, ${[4, 5, 6].map(s.placeholder).join(", ")})`,
      [endpointId, accountId, "https://example.test/hook", sealedSecret, at, at],
    );
    const deliveryId = newId("dlv", at);
    await s.query(
      `INSERT INTO deliveries (id, account_id, event_id, endpoint_id, event_type, status, attempt_count,
         next_attempt_at, created_at, updated_at)
       VALUES (${values(5)}, 'pending', 0, ${[6, 7, 8].map(s.placeholder).join(", ")})`,
      [deliveryId, accountId, eventId, endpointId, "campaign.created", at, at, at],
    );
    return { deliveryId, endpointId, eventId, eventType: "campaign.created", attemptNumber: 1, body };
  };
  return { accountId, signed: await deliveryOf("sealed"), unsigned: await deliveryOf(null) };
}
