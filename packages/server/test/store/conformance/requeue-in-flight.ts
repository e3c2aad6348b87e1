import { expect } from "vitest";
import { newId } from "../../../src/domain/ids.js";
import type { NextDeliveryState, Store } from "../../../src/store/port.js";
import { claimAll, httpFailureOf, resultOf } from "./claim-fixtures.js";
import { givenAccountWithEndpoint, givenOnePendingDelivery, publishOne, T0 } from "./fixtures.js";
import { describeWithFreshStores, type MakeStore } from "./harness.js";

const HOUR = 3_600_000;

/** Claims the one due delivery as `workerId` at `now`. */
async function claimOne(store: Store, workerId: string, now: number) {
  const [claimed] = await claimAll(store, workerId, now);
  if (claimed === undefined) throw new Error("conformance: nothing claimed");
  return claimed;
}

const outcomes: readonly {
  readonly name: string;
  readonly next: NextDeliveryState;
  readonly code: number;
}[] = [
  { name: "succeeded", next: { status: "succeeded" }, code: 200 },
  { name: "failed for good (last of its budget)", next: { status: "failed" }, code: 500 },
  { name: "scheduled a retry", next: { status: "pending", nextAttemptAt: T0 + HOUR }, code: 500 },
];

/** Resend and recovery asked while an attempt is in flight take effect right after it (migration 005). */
export function describeRequeueInFlight(makeStore: MakeStore): void {
  describeWithFreshStores("resend and recovery during an attempt in flight", makeStore, (it) => {
    for (const { name, next, code } of outcomes) {
      it(`a resend accepted mid-flight survives an attempt that ${name}: pending, due at the resend, fresh budget`, async (store) => {
        const { account, deliveryId } = await givenOnePendingDelivery(store);
        const inFlight = await claimOne(store, "w1", T0);

        const resent = await store.resendDelivery(account.id, deliveryId, T0 + 5);
        expect(resent).toMatchObject({
          kind: "resent",
          delivery: { status: "pending", nextAttemptAt: T0 + 5 },
        });
        // The lease is kept: the attempt in flight is not doubled by another claim meanwhile.
        expect(await claimAll(store, "w2", T0 + 6)).toEqual([]);

        await store.recordAttemptResults([
          resultOf("w1", inFlight, {
            startedAt: T0 + 1,
            statusCode: code,
            errorKind: code === 200 ? null : "http_status",
            next,
          }),
        ]);
        expect(await store.getDelivery(account.id, deliveryId)).toMatchObject({
          status: "pending",
          attemptCount: 1,
          nextAttemptAt: T0 + 5,
          lastStatusCode: code,
        });
        const again = await claimOne(store, "w2", T0 + 10);
        expect([again.attemptNumber, again.retryBudgetStart ?? 0]).toEqual([2, 1]);

        // Honoured once: the next result moves the delivery as it says.
        await store.recordAttemptResults([
          resultOf("w2", again, { startedAt: T0 + 11, next: { status: "succeeded" } }),
        ]);
        expect(await store.getDelivery(account.id, deliveryId)).toMatchObject({
          status: "succeeded",
          attemptCount: 2,
        });
        const numbers = (await store.listAttempts(account.id, deliveryId)).map((a) => a.attemptNumber);
        expect(numbers).toEqual([1, 2]);
      });
    }

    it("a stale result (lease lost) leaves a mid-flight resend waiting for the holder's result", async (store) => {
      const { account, deliveryId } = await givenOnePendingDelivery(store);
      const inFlight = await claimOne(store, "w1", T0);
      await store.resendDelivery(account.id, deliveryId, T0 + 5);
      await store.recordAttemptResults([
        resultOf("w-other", inFlight, { startedAt: T0 + 1, next: { status: "succeeded" } }),
      ]);
      await store.recordAttemptResults([httpFailureOf("w1", inFlight, T0 + 1, 500, { status: "failed" })]);
      expect(await store.getDelivery(account.id, deliveryId)).toMatchObject({
        status: "pending",
        nextAttemptAt: T0 + 5,
      });
    });

    it("a recovery passing deliveries in flight re-queues the one its attempt fails, not the one it succeeds", async (store) => {
      const { account, endpoint } = await givenAccountWithEndpoint(store);
      const occurredAt = T0 - 1_000;
      const { eventId: failedEarlier } = await publishOne(store, account.id, "campaign.created", T0, {
        occurredAt,
      });
      const earlier = await claimOne(store, "w1", T0);
      await store.recordAttemptResults([httpFailureOf("w1", earlier, T0, 500, { status: "failed" })]);
      const { eventId: failing } = await publishOne(store, account.id, "campaign.created", T0 + 1, {
        occurredAt,
      });
      const { eventId: succeeding } = await publishOne(store, account.id, "campaign.created", T0 + 1, {
        occurredAt,
      });
      const inFlight = await claimAll(store, "w1", T0 + 1);
      expect(inFlight).toHaveLength(2);

      const window = { accountId: account.id, endpointId: endpoint.id, since: T0 - HOUR, until: T0 + HOUR };
      const recovery = await store.startRecovery({ ...window, id: newId("rcv", T0), now: T0 + 2 });
      expect(recovery).toMatchObject({ total: 1 });
      const advanced = await store.advanceRecovery(account.id, recovery?.id ?? "", 10, T0 + 3);
      expect(advanced).toMatchObject({ requeued: 1, status: "done" });

      await store.recordAttemptResults(
        inFlight.map((claimed) =>
          claimed.eventId === failing
            ? httpFailureOf("w1", claimed, T0 + 2, 500, { status: "failed" })
            : resultOf("w1", claimed, { startedAt: T0 + 2, next: { status: "succeeded" } }),
        ),
      );
      const byEvent = async (eventId: string) =>
        (await store.listDeliveries(account.id, { limit: 1, eventId }))[0];
      expect(await byEvent(succeeding)).toMatchObject({ status: "succeeded" });
      expect(await byEvent(failing)).toMatchObject({
        status: "pending",
        nextAttemptAt: T0 + 3,
        attemptCount: 1,
      });
      expect(await byEvent(failedEarlier)).toMatchObject({ status: "pending", nextAttemptAt: T0 + 3 });
      const again = await claimAll(store, "w2", T0 + 4);
      expect(again.map((c) => [c.eventId, c.attemptNumber, c.retryBudgetStart ?? 0]).sort()).toEqual(
        [
          [failedEarlier, 2, 1],
          [failing, 2, 1],
        ].sort(),
      );
    });
  });
}
