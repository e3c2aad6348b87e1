import { expect } from "vitest";
import type { EpochMs } from "../../../src/domain/types.js";
import type { Store } from "../../../src/store/port.js";
import { utf8 } from "./bytes.js";
import { claimAll, resultOf } from "./claim-fixtures.js";
import { givenAccount, givenAccountWithEndpoint, givenEndpoint, publishOne, T0 } from "./fixtures.js";
import { describeWithFreshStores, type MakeStore } from "./harness.js";

const MINUTE = 60_000;

/** The delivery log: attempt headers, the deliveries' filters, the events. */
export function describeDeliveryLog(makeStore: MakeStore): void {
  describeWithFreshStores("the delivery log: attempt headers, filters, events", makeStore, (it) => {
    it("keeps the request and response headers of recorded attempts, and none when not given", async (store) => {
      const { account } = await givenAccountWithEndpoint(store);
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

    it("filters the log by campaign, candidate and creation time, with the cursor", async (store) => {
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

    it("lists the account's events newest first, by type, with the cursor", async (store) => {
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
