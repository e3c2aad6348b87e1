import { expect } from "vitest";
import type { EndpointRecord } from "../../../src/domain/types.js";
import type { ClaimedDelivery, Store } from "../../../src/store/port.js";
import { claimAll, claimOne, resultOf } from "./claim-fixtures.js";
import { givenAccountWithEndpoint, givenEndpoint, publishOne, T0 } from "./fixtures.js";
import { describeWithFreshStores, type MakeStore } from "./harness.js";

/** Attempts in the fixtures last 12 ms: an attempt started at `t` ends at `t + 12`. */
const DURATION_MS = 12;

/**
 * Makes one delivery to the endpoint subscribed to `type` and records one final attempt started at each
 * of `startedAt` (all in one batch, in the order given): 200 when `ok`, 500 otherwise.
 */
async function attemptsAt(
  store: Store,
  accountId: string,
  type: string,
  attempts: readonly { startedAt: number; ok: boolean; workerId?: string }[],
): Promise<void> {
  const claimed: ClaimedDelivery[] = [];
  for (const _ of attempts) {
    await publishOne(store, accountId, type, T0);
    const one = await claimOne(store, "w-health", T0);
    claimed.push(one);
  }
  await store.recordAttemptResults(
    attempts.map((attempt, i) => {
      const one = claimed[i];
      if (one === undefined) throw new Error("conformance: missing claim");
      return resultOf(attempt.workerId ?? "w-health", one, {
        startedAt: attempt.startedAt,
        statusCode: attempt.ok ? 200 : 500,
        errorKind: attempt.ok ? null : "http_status",
        next: attempt.ok ? { status: "succeeded" } : { status: "failed" },
      });
    }),
  );
}

async function healthOf(store: Store, endpoint: EndpointRecord) {
  const read = await store.getEndpoint(endpoint.accountId, endpoint.id);
  return {
    failingSince: read?.failingSince,
    lastSuccessAt: read?.lastSuccessAt,
    lastFailureAt: read?.lastFailureAt,
  };
}

/** Endpoint delivery health and automatic disabling. */
export function describeEndpointHealth(makeStore: MakeStore): void {
  describeWithFreshStores("endpoint delivery health", makeStore, (it) => {
    it("starts healthy and enabled, with no attempt times", async (store) => {
      const { account, endpoint } = await givenAccountWithEndpoint(store);
      expect(await store.getEndpoint(account.id, endpoint.id)).toMatchObject({
        failingSince: null,
        lastSuccessAt: null,
        lastFailureAt: null,
        disabledReason: null,
        disabledAt: null,
      });
    });

    it("fails since the first failure after the last success, until a success clears it", async (store) => {
      const { account, endpoint } = await givenAccountWithEndpoint(store);
      await attemptsAt(store, account.id, "campaign.created", [{ startedAt: T0 + 1_000, ok: true }]);
      await attemptsAt(store, account.id, "campaign.created", [{ startedAt: T0 + 5_000, ok: false }]);
      await attemptsAt(store, account.id, "campaign.created", [{ startedAt: T0 + 9_000, ok: false }]);
      expect(await healthOf(store, endpoint)).toEqual({
        failingSince: T0 + 5_000 + DURATION_MS,
        lastSuccessAt: T0 + 1_000 + DURATION_MS,
        lastFailureAt: T0 + 9_000 + DURATION_MS,
      });

      await attemptsAt(store, account.id, "campaign.created", [{ startedAt: T0 + 13_000, ok: true }]);
      expect(await healthOf(store, endpoint)).toEqual({
        failingSince: null,
        lastSuccessAt: T0 + 13_000 + DURATION_MS,
        lastFailureAt: T0 + 9_000 + DURATION_MS,
      });
    });

    it("judges results by their times, not by the order they are recorded in", async (store) => {
      const { account, endpoint: late } = await givenAccountWithEndpoint(store);
      // A success recorded first, then an older failure: the endpoint answered last, it is not failing.
      await attemptsAt(store, account.id, "campaign.created", [{ startedAt: T0 + 8_000, ok: true }]);
      await attemptsAt(store, account.id, "campaign.created", [{ startedAt: T0 + 4_000, ok: false }]);
      expect(await healthOf(store, late)).toEqual({
        failingSince: null,
        lastSuccessAt: T0 + 8_000 + DURATION_MS,
        lastFailureAt: T0 + 4_000 + DURATION_MS,
      });

      // In one batch: a failure after a success fails it, whatever the order of the batch.
      const batch = await givenEndpoint(store, account.id, ["candidate.added"]);
      await attemptsAt(store, account.id, "candidate.added", [
        { startedAt: T0 + 7_000, ok: false },
        { startedAt: T0 + 2_000, ok: true },
        { startedAt: T0 + 5_000, ok: false },
      ]);
      expect(await healthOf(store, batch)).toEqual({
        failingSince: T0 + 5_000 + DURATION_MS,
        lastSuccessAt: T0 + 2_000 + DURATION_MS,
        lastFailureAt: T0 + 7_000 + DURATION_MS,
      });
    });

    it("counts the attempt of a worker that lost its lease, and keeps each endpoint apart", async (store) => {
      const { account, endpoint: failing } = await givenAccountWithEndpoint(store);
      const fine = await givenEndpoint(store, account.id, ["candidate.added"]);
      await attemptsAt(store, account.id, "campaign.created", [
        { startedAt: T0 + 3_000, ok: false, workerId: "w-who-lost-its-lease" },
      ]);
      await attemptsAt(store, account.id, "candidate.added", [{ startedAt: T0 + 3_000, ok: true }]);
      expect((await healthOf(store, failing)).failingSince).toBe(T0 + 3_000 + DURATION_MS);
      expect(await healthOf(store, fine)).toEqual({
        failingSince: null,
        lastSuccessAt: T0 + 3_000 + DURATION_MS,
        lastFailureAt: null,
      });
    });

    it("disables endpoints failing since `before` or earlier, once, with the reason and time", async (store) => {
      const { account, endpoint: longFailing } = await givenAccountWithEndpoint(store);
      const recentlyFailing = await givenEndpoint(store, account.id, ["candidate.added"]);
      const deleted = await givenEndpoint(store, account.id, ["credits.low"]);
      await attemptsAt(store, account.id, "campaign.created", [{ startedAt: T0 + 1_000, ok: false }]);
      await attemptsAt(store, account.id, "candidate.added", [{ startedAt: T0 + 5_000, ok: false }]);
      await attemptsAt(store, account.id, "credits.low", [{ startedAt: T0 + 1_000, ok: false }]);
      await store.deleteEndpoint(account.id, deleted.id, T0 + 2_000);
      const pending = await publishOne(store, account.id, "campaign.created", T0 + 6_000);

      const [first, second] = await Promise.all([
        store.disableEndpointsFailingSince(T0 + 1_000 + DURATION_MS, T0 + 9_000),
        store.disableEndpointsFailingSince(T0 + 1_000 + DURATION_MS, T0 + 9_000),
      ]);
      expect([...(first ?? []), ...(second ?? [])]).toEqual([
        { endpointId: longFailing.id, accountId: account.id, failingSince: T0 + 1_000 + DURATION_MS },
      ]);
      expect(await store.getEndpoint(account.id, longFailing.id)).toMatchObject({
        enabled: false,
        disabledReason: "failing_too_long",
        disabledAt: T0 + 9_000,
        updatedAt: T0 + 9_000,
      });
      expect(await store.getEndpoint(account.id, recentlyFailing.id)).toMatchObject({
        enabled: true,
        disabledReason: null,
      });
      expect(await store.disableEndpointsFailingSince(T0 + 1_000 + DURATION_MS, T0 + 10_000)).toEqual([]);

      // Its pending delivery stays, unclaimed, until the endpoint is enabled again: a fresh start.
      expect(await claimAll(store, "w1", T0 + 10_000)).toEqual([]);
      const enabled = await store.updateEndpoint(account.id, longFailing.id, { enabled: true }, T0 + 11_000);
      expect(enabled).toMatchObject({
        enabled: true,
        disabledReason: null,
        disabledAt: null,
        failingSince: null,
      });
      expect((await claimAll(store, "w1", T0 + 11_000)).map((c) => c.eventId)).toEqual([pending.eventId]);
      expect(await store.disableEndpointsFailingSince(T0 + 20_000, T0 + 20_000)).toEqual([
        { endpointId: recentlyFailing.id, accountId: account.id, failingSince: T0 + 5_000 + DURATION_MS },
      ]);
    });

    it("records a user's disabling with its time, and keeps the reason of an endpoint already disabled", async (store) => {
      const { account, endpoint } = await givenAccountWithEndpoint(store);
      await attemptsAt(store, account.id, "campaign.created", [{ startedAt: T0 + 1_000, ok: false }]);
      await store.disableEndpointsFailingSince(T0 + 2_000, T0 + 3_000);
      const again = await store.updateEndpoint(account.id, endpoint.id, { enabled: false }, T0 + 4_000);
      expect(again).toMatchObject({ disabledReason: "failing_too_long", disabledAt: T0 + 3_000 });

      const other = await givenEndpoint(store, account.id, ["candidate.added"]);
      const byUser = await store.updateEndpoint(account.id, other.id, { enabled: false }, T0 + 5_000);
      expect(byUser).toMatchObject({ enabled: false, disabledReason: "user", disabledAt: T0 + 5_000 });
      const createdDisabled = await givenEndpoint(store, account.id, ["credits.low"], {
        enabled: false,
        disabledReason: "user",
        disabledAt: T0,
      });
      expect(await store.getEndpoint(account.id, createdDisabled.id)).toEqual(createdDisabled);
    });
  });
}
