import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CircuitSettings } from "../../../src/domain/circuit-rule.js";
import type { EpochMs } from "../../../src/domain/types.js";
import type { ClaimedDelivery, Store } from "../../../src/store/port.js";
import { claimAll, claimUpTo, LEASE_MS, resultOf } from "./claim-fixtures.js";
import { givenAccount, givenEndpoint, publishOne, T0 } from "./fixtures.js";
import type { MadeStore, MakeStore } from "./harness.js";

/** Small numbers so a test reads: 3 failures open it for 10 s, then 20 s, then 40 s at most. */
const CIRCUIT: CircuitSettings = { failureThreshold: 3, cooldownMs: 10_000, maxCooldownMs: 40_000 };
/** `resultOf` attempts last 12 ms: the pause starts when the attempt ended. */
const DURATION_MS = 12;

/**
 * The circuit breaker kept by the store (migration 006): two handles on one database stand for two
 * worker processes, and must see and move one state.
 */
export function describeEndpointCircuits(makeStore: MakeStore): void {
  describe("endpoint circuits (shared by every worker)", () => {
    let made: MadeStore | undefined;
    let a: Store;
    let b: Store;
    beforeEach(async () => {
      made = await makeStore({ circuit: CIRCUIT });
      a = made.store;
      await a.migrate();
      b = made.openAnother();
    });
    afterEach(async () => {
      await b?.close();
      await a?.close();
      await made?.cleanup();
      made = undefined;
    });

    async function world(deliveries: number) {
      const account = await givenAccount(a);
      const failing = await givenEndpoint(a, account.id, ["campaign.created"]);
      const healthy = await givenEndpoint(a, account.id, ["candidate.added"]);
      for (let i = 0; i < deliveries; i++) await publishOne(a, account.id, "campaign.created", T0);
      return { account, failing, healthy };
    }

    /** Records `claimed` as failed (500) attempts started at `at`, retried 1 s later, through `store`. */
    async function fail(store: Store, worker: string, claimed: readonly ClaimedDelivery[], at: EpochMs) {
      await store.recordAttemptResults(
        claimed.map((c) =>
          resultOf(worker, c, {
            startedAt: at,
            statusCode: 500,
            next: { status: "pending", nextAttemptAt: at + 1000 },
          }),
        ),
      );
    }

    async function succeed(store: Store, worker: string, claimed: readonly ClaimedDelivery[], at: EpochMs) {
      await store.recordAttemptResults(
        claimed.map((c) =>
          resultOf(worker, c, { startedAt: at, statusCode: 200, next: { status: "succeeded" } }),
        ),
      );
    }

    async function claimOne(store: Store, worker: string, now: EpochMs) {
      return store.claimDueDeliveries({ workerId: worker, now, leaseMs: LEASE_MS, limit: 1 });
    }

    it("opens after the threshold across workers; both see it, claim nothing of it, and its deliveries wait for the pause", async () => {
      const { account, failing, healthy } = await world(6);
      // Failures recorded by two workers through two handles add up: 1 + 2 = the threshold.
      await fail(a, "wa", await claimOne(a, "wa", T0), T0);
      const two = await b.claimDueDeliveries({ workerId: "wb", now: T0 + 1, leaseMs: LEASE_MS, limit: 2 });
      expect(two).toHaveLength(2);
      await fail(b, "wb", two, T0 + 1);
      const openedAt = T0 + 1 + DURATION_MS;
      for (const store of [a, b]) {
        const seen = await store.getEndpoint(account.id, failing.id);
        expect(seen?.circuit).toMatchObject({
          consecutiveFailures: 3,
          openedAt,
          pausedUntil: openedAt + CIRCUIT.cooldownMs,
        });
        expect(await store.countOpenCircuits()).toBe(1);
      }
      // Every pending delivery of the paused endpoint is due when the pause ends, not earlier.
      const pending = await a.listDeliveries(account.id, { limit: 10, endpointId: failing.id });
      expect(pending).toHaveLength(6);
      for (const delivery of pending) expect(delivery.nextAttemptAt).toBe(openedAt + CIRCUIT.cooldownMs);
      // During the pause no worker claims it; the healthy endpoint is served meanwhile, and a delivery
      // published during the pause is held until it ends too.
      await publishOne(a, account.id, "candidate.added", T0 + 2000);
      const { eventId } = await publishOne(a, account.id, "campaign.created", T0 + 2000);
      const during = [...(await claimAll(a, "wa", T0 + 5000)), ...(await claimAll(b, "wb", T0 + 5000))];
      expect(during.map((c) => c.endpointId)).toEqual([healthy.id]);
      await succeed(a, "wa", during, T0 + 5000);
      const [held] = await a.listDeliveries(account.id, { limit: 1, eventId });
      expect(held?.nextAttemptAt).toBe(openedAt + CIRCUIT.cooldownMs);
      expect(await a.nextDueAt()).toBe(openedAt + CIRCUIT.cooldownMs);
    });

    it("lets exactly one probe through across workers; a failed probe pauses longer, a good one closes it", async () => {
      const { account, failing } = await world(5);
      await fail(a, "wa", await claimAll(a, "wa", T0), T0);
      let pausedUntil = T0 + DURATION_MS + CIRCUIT.cooldownMs;
      const pauses: number[] = [];
      for (let round = 0; round < 3; round++) {
        // Many claims at once from both handles when the pause ends: one delivery in all.
        const claims = await Promise.all(
          [a, b, a, b, a, b].map((store, i) => claimUpTo(store, `w${i}`, pausedUntil, 10)),
        );
        const probes = claims.flat();
        expect(probes).toHaveLength(1);
        expect((await a.getEndpoint(account.id, failing.id))?.circuit?.probeDeliveryId).toBe(
          probes[0]?.deliveryId,
        );
        expect(await claimAll(b, "late", pausedUntil + 1000)).toEqual([]); // the probe is under way
        const owner = `w${claims.findIndex((c) => c.length === 1)}`;
        await fail(round % 2 === 0 ? a : b, owner, probes, pausedUntil + 100);
        const circuit = (await b.getEndpoint(account.id, failing.id))?.circuit;
        pauses.push((circuit?.pausedUntil ?? 0) - (pausedUntil + 100 + DURATION_MS));
        pausedUntil = circuit?.pausedUntil ?? 0;
        expect(await claimAll(a, "early", pausedUntil - 1)).toEqual([]);
      }
      expect(pauses).toEqual([20_000, 40_000, 40_000]); // doubled, up to the maximum
      const probe = await claimAll(b, "wb", pausedUntil);
      expect(probe).toHaveLength(1);
      await succeed(a, "wb", probe, pausedUntil + 10);
      expect((await a.getEndpoint(account.id, failing.id))?.circuit).toBeUndefined(); // closed
      expect(await b.countOpenCircuits()).toBe(0);
      const rest = await claimAll(a, "wa", pausedUntil + 1000 + DURATION_MS + 10);
      expect(rest.map((c) => c.endpointId)).toEqual(Array(4).fill(failing.id));
    });

    it("monitoring counts pending deliveries whose last attempt failed as failures, and lists them", async () => {
      const { account, failing } = await world(2);
      const [first, second] = await claimAll(a, "wa", T0);
      if (first === undefined || second === undefined) throw new Error("conformance: expected two claims");
      await fail(a, "wa", [first], T0); // pending, retried later: failing
      await a.recordAttemptResults([
        resultOf("wa", second, { startedAt: T0, statusCode: 503, next: { status: "failed" } }),
      ]);
      await publishOne(a, account.id, "campaign.created", T0 + 1); // not attempted yet
      const series = await b.countDeliveriesOverTime(account.id, {
        from: T0 - 1000,
        until: T0 + 1000,
        bucketMs: 10_000,
      });
      const byStatus = Object.fromEntries(series.map((row) => [row.status, row.count]));
      expect(byStatus).toEqual({ failing: 1, failed: 1, pending: 1 });
      const listed = await b.listDeliveries(account.id, { limit: 10, failing: true });
      expect(listed.map((d) => d.id).sort()).toEqual([first.deliveryId, second.deliveryId].sort());
      expect(
        await b.listDeliveries(account.id, { limit: 10, failing: true, status: "pending" }),
      ).toHaveLength(1);
      expect(await b.listDeliveries(account.id, { limit: 10, failing: false })).toHaveLength(1);
      // A success clears it: no longer failing.
      const retried = await claimAll(a, "wa", T0 + 1000);
      expect(retried.map((c) => c.endpointId)).toEqual([failing.id, failing.id]);
      await succeed(a, "wa", retried, T0 + 1000);
      expect((await b.listDeliveries(account.id, { limit: 10, failing: true })).map((d) => d.id)).toEqual([
        second.deliveryId,
      ]);
    });

    it("a probe whose worker vanished is taken again once its claim's lease ended", async () => {
      await world(3);
      await fail(a, "wa", await claimAll(a, "wa", T0), T0);
      const pauseEnd = T0 + DURATION_MS + CIRCUIT.cooldownMs;
      expect(await claimAll(a, "gone", pauseEnd)).toHaveLength(1);
      expect(await claimAll(b, "wb", pauseEnd + LEASE_MS - 1)).toEqual([]);
      expect(await claimAll(b, "wb", pauseEnd + LEASE_MS)).toHaveLength(1);
    });

    it("a person's resend during a pause is sent at once, as the probe; the others keep waiting", async () => {
      const { account, failing } = await world(4);
      const claimed = await claimAll(a, "wa", T0);
      await fail(a, "wa", claimed, T0);
      const pauseEnd = T0 + DURATION_MS + CIRCUIT.cooldownMs;
      const chosen = claimed[2]?.deliveryId ?? "";
      const now = T0 + 3000;
      expect((await b.resendDelivery(account.id, chosen, now)).kind).toBe("resent");
      await b.endCircuitPauseForResend(chosen, now);
      const sent = await claimAll(a, "wa", now);
      expect(sent.map((c) => c.deliveryId)).toEqual([chosen]);
      const others = (await a.listDeliveries(account.id, { limit: 10, endpointId: failing.id })).filter(
        (d) => d.id !== chosen,
      );
      for (const delivery of others) expect(delivery.nextAttemptAt).toBe(pauseEnd);
      await succeed(a, "wa", sent, now + 50);
      expect(await claimAll(b, "wb", now + 100)).toHaveLength(3); // closed: the rest goes at once
    });
  });
}
