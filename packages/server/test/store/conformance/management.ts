import { describe, expect, it } from "vitest";
import { newId } from "../../../src/domain/ids.js";
import type { EpochMs } from "../../../src/domain/types.js";
import type { Store } from "../../../src/store/port.js";
import { claimAll, givenAccount, givenEndpoint, publishOne, resultOf, T0, utf8 } from "./fixtures.js";
import { type MakeStore, useFreshStore } from "./harness.js";
import { finishAll, testDelivery } from "./management-fixtures.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Management API: test deliveries, attempt headers, log filters, resend, events. */
export function describeManagement(makeStore: MakeStore): void {
  describe("management: test deliveries, attempt headers, log filters, resend, events", () => {
    const harness = useFreshStore(makeStore);

    it("records a test delivery with its event and attempt in one go; it is final and never claimed", async () => {
      const { store } = harness;
      const account = await givenAccount(store);
      const endpoint = await givenEndpoint(store, account.id, ["campaign.created"]);
      const input = testDelivery(account.id, endpoint.id, T0, false);
      await store.recordTestDelivery(input);
      expect(await store.getDelivery(account.id, input.delivery.id)).toEqual(input.delivery);
      expect(await store.listAttempts(account.id, input.delivery.id)).toEqual([input.attempt]);
      expect((await store.getEvent(account.id, input.event.id))?.type).toBe("candidate.added");
      expect(await claimAll(store, "w", T0 + HOUR)).toEqual([]);
      expect(await store.listDeliveries(account.id, { limit: 10, test: true })).toEqual([input.delivery]);
      expect(await store.listDeliveries(account.id, { limit: 10, test: false })).toEqual([]);
    });

    it("keeps the request and response headers of recorded attempts, and none when not given", async () => {
      const { store } = harness;
      const account = await givenAccount(store);
      await givenEndpoint(store, account.id, ["campaign.created"]);
      await publishOne(store, account.id, "campaign.created", T0);
      await publishOne(store, account.id, "campaign.created", T0);
      const [first, second] = await claimAll(store, "w", T0);
      if (first === undefined || second === undefined) throw new Error("conformance: expected two claims");
      const withHeaders = resultOf("w", first, { startedAt: T0, next: { status: "succeeded" } });
      const detailed = {
        ...withHeaders,
        attempt: {
          ...withHeaders.attempt,
          requestHeaders: { "X-VoiceHire-Attempt": "1", "webhook-signature": "[redacted]" },
          responseHeaders: { "x-request-id": "r-1", "set-cookie": "a=1, b=2" },
        },
      };
      const plain = resultOf("w", second, { startedAt: T0, next: { status: "succeeded" } });
      await store.recordAttemptResults([detailed, plain]);
      expect(await store.listAttempts(account.id, first.deliveryId)).toEqual([detailed.attempt]);
      const [bare] = await store.listAttempts(account.id, second.deliveryId);
      expect(bare).toEqual(plain.attempt);
      expect(bare && "requestHeaders" in bare).toBe(false);
    });

    it("filters the log by campaign, candidate and creation time, with the cursor", async () => {
      const { store } = harness;
      const account = await givenAccount(store);
      const other = await givenAccount(store);
      await givenEndpoint(store, account.id, ["candidate.added"]);
      await givenEndpoint(store, other.id, ["candidate.added"]);
      const publish = (
        accountId: string,
        now: EpochMs,
        campaignId: string | null,
        candidateId: string | null,
      ) => publishOne(store, accountId, "candidate.added", now, { campaignId, candidateId });
      const a1 = await publish(account.id, T0, "cmp_a", "cand_1");
      const a2 = await publish(account.id, T0 + MINUTE, "cmp_a", "cand_2");
      const b1 = await publish(account.id, T0 + 2 * MINUTE, "cmp_b", "cand_1");
      const none = await publish(account.id, T0 + 3 * MINUTE, null, null);
      await publish(other.id, T0, "cmp_a", "cand_1");
      const events = async (query: Parameters<Store["listDeliveries"]>[1]) =>
        (await store.listDeliveries(account.id, query)).map((d) => d.eventId);

      expect(await events({ limit: 10, campaignId: "cmp_a" })).toEqual([a2.eventId, a1.eventId]);
      expect(await events({ limit: 10, candidateId: "cand_1" })).toEqual([b1.eventId, a1.eventId]);
      expect(await events({ limit: 10, campaignId: "cmp_a", candidateId: "cand_2" })).toEqual([a2.eventId]);
      expect(await events({ limit: 10, createdSince: T0 + MINUTE })).toEqual([
        none.eventId,
        b1.eventId,
        a2.eventId,
      ]);
      expect(await events({ limit: 10, createdUntil: T0 + 2 * MINUTE })).toEqual([a2.eventId, a1.eventId]);
      expect(
        await events({
          limit: 10,
          createdSince: T0 + MINUTE,
          createdUntil: T0 + 3 * MINUTE,
          campaignId: "cmp_b",
        }),
      ).toEqual([b1.eventId]);
      const [newest] = await store.listDeliveries(account.id, { limit: 1, campaignId: "cmp_a" });
      expect(await events({ limit: 10, campaignId: "cmp_a", beforeId: newest?.id ?? "" })).toEqual([
        a1.eventId,
      ]);
      expect(await events({ limit: 10, campaignId: "cmp_missing" })).toEqual([]);
    });

    it("resends a failed delivery now with a fresh retry budget; the attempt number goes on", async () => {
      const { store } = harness;
      const account = await givenAccount(store);
      await givenEndpoint(store, account.id, ["campaign.created"]);
      await publishOne(store, account.id, "campaign.created", T0);
      await finishAll(store, T0, "failed");
      const [failed] = await store.listDeliveries(account.id, { limit: 1 });
      if (failed === undefined) throw new Error("conformance: expected a delivery");

      const outcome = await store.resendDelivery(account.id, failed.id, T0 + HOUR);
      expect(outcome).toEqual({
        kind: "resent",
        delivery: { ...failed, status: "pending", nextAttemptAt: T0 + HOUR, updatedAt: T0 + HOUR },
      });
      expect(await claimAll(store, "w", T0 + HOUR - 1)).toEqual([]);
      const [again] = await claimAll(store, "w", T0 + HOUR);
      expect(again).toMatchObject({ deliveryId: failed.id, attemptNumber: 2, retryBudgetStart: 1 });
    });

    it("refuses to resend a test delivery, one of a deleted endpoint, or another account's", async () => {
      const { store } = harness;
      const account = await givenAccount(store);
      const intruder = await givenAccount(store);
      const endpoint = await givenEndpoint(store, account.id, ["campaign.created"]);
      const test = testDelivery(account.id, endpoint.id, T0, false);
      await store.recordTestDelivery(test);
      expect(await store.resendDelivery(account.id, test.delivery.id, T0 + 1)).toEqual({
        kind: "test_delivery",
      });
      await publishOne(store, account.id, "campaign.created", T0);
      await finishAll(store, T0, "failed");
      const [failed] = await store.listDeliveries(account.id, { limit: 1, test: false });
      if (failed === undefined) throw new Error("conformance: expected a delivery");
      expect(await store.resendDelivery(intruder.id, failed.id, T0 + 1)).toEqual({ kind: "not_found" });
      expect(await store.resendDelivery(account.id, newId("dlv", T0), T0 + 1)).toEqual({ kind: "not_found" });
      expect(await store.getDelivery(account.id, failed.id)).toEqual(failed);
      await store.deleteEndpoint(account.id, endpoint.id, T0 + 2);
      expect(await store.resendDelivery(account.id, failed.id, T0 + 3)).toEqual({ kind: "endpoint_deleted" });
    });

    it("lists the account's events newest first, by type, with the cursor", async () => {
      const { store } = harness;
      const account = await givenAccount(store);
      const other = await givenAccount(store);
      const ids: string[] = [];
      for (const type of ["campaign.created", "candidate.added", "campaign.created"]) {
        ids.push((await publishOne(store, account.id, type, T0, { body: utf8(`{"${type}":1}`) })).eventId);
      }
      await publishOne(store, other.id, "campaign.created", T0);
      const listed = await store.listEvents(account.id, { limit: 10 });
      expect(listed.map((e) => e.id)).toEqual([...ids].reverse());
      expect(listed[0]).toEqual(await store.getEvent(account.id, ids[2] ?? ""));
      expect(
        (await store.listEvents(account.id, { limit: 10, type: "campaign.created" })).map((e) => e.id),
      ).toEqual([ids[2], ids[0]]);
      expect(
        (await store.listEvents(account.id, { limit: 1, beforeId: ids[2] ?? "" })).map((e) => e.id),
      ).toEqual([ids[1]]);
    });
  });
}
