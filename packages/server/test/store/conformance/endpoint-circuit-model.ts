import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CircuitSettings, circuitStateAt, closedCircuit } from "../../../src/domain/circuit-rule.js";
import type { ClaimedDelivery, Store } from "../../../src/store/port.js";
import { LEASE_MS, resultOf } from "./claim-fixtures.js";
import { givenAccount, givenEndpoint, publishOne, T0 } from "./fixtures.js";
import type { MakeStore } from "./harness.js";

const CIRCUIT: CircuitSettings = { failureThreshold: 2, cooldownMs: 5_000, maxCooldownMs: 20_000 };

type Step =
  | { readonly kind: "publish" }
  | { readonly kind: "claim"; readonly handle: 0 | 1; readonly limit: number }
  | { readonly kind: "finish"; readonly handle: 0 | 1; readonly pick: number; readonly succeeded: boolean }
  | { readonly kind: "advance"; readonly ms: number }
  | { readonly kind: "resend"; readonly handle: 0 | 1; readonly pick: number };

/** Weighted towards failures and claims, so circuits open, pause, probe and close within a run. */
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ kind: "publish" as const }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("claim" as const),
      handle: fc.constantFrom(0 as const, 1 as const),
      limit: fc.integer({ min: 1, max: 5 }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("finish" as const),
      handle: fc.constantFrom(0 as const, 1 as const),
      pick: fc.nat(),
      succeeded: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("advance" as const), ms: fc.integer({ min: 1, max: 12_000 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("resend" as const),
      handle: fc.constantFrom(0 as const, 1 as const),
      pick: fc.nat(),
    }),
  },
);

/**
 * Any interleaving of publishes, claims and results through two handles (two workers), time passing and
 * resends, on one endpoint; after every step: a claim while the circuit is open takes at most its one
 * probe (none while a probe is held), and after a claim no unleased pending delivery of a paused
 * endpoint is due before the pause ends (its `next_attempt_at` is the real next time).
 */
export function describeEndpointCircuitModel(makeStore: MakeStore): void {
  describe("endpoint circuits: a model of workers, time and resends", () => {
    it("one probe at most while open, and paused deliveries never due before the pause ends", async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 10, maxLength: 40 }), async (steps) => {
          const made = await makeStore({ circuit: CIRCUIT });
          const first = made.store;
          await first.migrate();
          const handles: [Store, Store] = [first, made.openAnother()];
          try {
            const account = await givenAccount(first);
            const endpoint = await givenEndpoint(first, account.id, ["campaign.created"]);
            for (let i = 0; i < 3; i++) await publishOne(first, account.id, "campaign.created", T0);
            let now = T0;
            let held: { claim: ClaimedDelivery; worker: string; claimedAt: number }[] = [];
            const circuitNow = async () =>
              (await first.getEndpoint(account.id, endpoint.id))?.circuit ?? closedCircuit;
            for (const [index, s] of steps.entries()) {
              if (s.kind === "publish") await publishOne(first, account.id, "campaign.created", now);
              else if (s.kind === "advance") now += s.ms;
              else if (s.kind === "claim") {
                const before = await circuitNow();
                const worker = `w${index}`;
                const claimed = await handles[s.handle].claimDueDeliveries({
                  workerId: worker,
                  now,
                  leaseMs: LEASE_MS,
                  limit: s.limit,
                });
                if (before.openedAt !== null) {
                  const probeHeld = before.probeLeaseUntil !== null && before.probeLeaseUntil > now;
                  expect(claimed.length).toBeLessThanOrEqual(probeHeld ? 0 : 1);
                }
                held.push(...claimed.map((claim) => ({ claim, worker, claimedAt: now })));
                const after = await circuitNow();
                if (after.pausedUntil !== null && circuitStateAt(after, now) === "open") {
                  const heldIds = new Set(held.map((h) => h.claim.deliveryId));
                  const asked = after.probeLeaseUntil === null ? after.probeDeliveryId : null;
                  for (const d of await first.listDeliveries(account.id, { limit: 100, status: "pending" })) {
                    if (heldIds.has(d.id) || d.id === asked) continue;
                    expect(d.nextAttemptAt ?? 0).toBeGreaterThanOrEqual(after.pausedUntil);
                  }
                }
              } else if (s.kind === "finish" && held.length > 0) {
                const [chosen] = held.splice(s.pick % held.length, 1);
                if (chosen === undefined) continue;
                const last = chosen.claim.attemptNumber >= 4;
                await handles[s.handle].recordAttemptResults([
                  resultOf(chosen.worker, chosen.claim, {
                    startedAt: now,
                    statusCode: s.succeeded ? 200 : 500,
                    next: s.succeeded
                      ? { status: "succeeded" }
                      : last
                        ? { status: "failed" }
                        : { status: "pending", nextAttemptAt: now + 1_000 },
                  }),
                ]);
              } else if (s.kind === "resend") {
                const all = await first.listDeliveries(account.id, { limit: 100 });
                const chosen = all[s.pick % Math.max(1, all.length)];
                if (chosen === undefined || held.some((h) => h.claim.deliveryId === chosen.id)) continue;
                await handles[s.handle].resendDelivery(account.id, chosen.id, now);
                await handles[s.handle].endCircuitPauseForResend(chosen.id, now);
              }
              // A claim whose lease ran out is let go (its worker stalled): another claim may take it.
              held = held.filter((h) => now < h.claimedAt + LEASE_MS);
            }
          } finally {
            await handles[1].close();
            await first.close();
            await made.cleanup();
          }
        }),
        { numRuns: 25 },
      );
    }, 120_000);
  });
}
