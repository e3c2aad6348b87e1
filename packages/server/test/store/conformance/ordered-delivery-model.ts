import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { EpochMs } from "../../../src/domain/types.js";
import type { ClaimedDelivery, NextDeliveryState, Store } from "../../../src/store/port.js";
import { claimAll, resultOf } from "./claim-fixtures.js";
import { givenAccount, givenEndpoint, newEvent, T0 } from "./fixtures.js";
import type { MakeStore } from "./harness.js";

const KEYS = ["k1", "k2"] as const;

/** What the model knows of each delivery, in publish order. */
interface Model {
  readonly deliveries: { id: string; key: string; status: "pending" | "succeeded" | "failed" }[];
  /** Deliveries claimed and not yet recorded. */
  readonly inFlight: Map<string, ClaimedDelivery>;
}

interface Real {
  readonly store: Store;
  readonly accountId: string;
  now: EpochMs;
}

type Command = fc.AsyncCommand<Model, Real>;

const keyOf = (model: Model, id: string) => model.deliveries.find((d) => d.id === id)?.key;

/** The invariants of one claim: never two of a key in flight; each the earliest unfinished of its key. */
function checkClaim(model: Model, claimed: readonly ClaimedDelivery[]) {
  for (const claim of claimed) {
    const key = keyOf(model, claim.deliveryId);
    const inFlightOfKey = [...model.inFlight.keys()].filter((id) => keyOf(model, id) === key);
    expect(inFlightOfKey, `${claim.deliveryId} claimed beside another of ${key}`).toEqual([]);
    const earliest = model.deliveries.find((d) => d.key === key && d.status === "pending");
    expect(claim.deliveryId, `claimed one is the earliest unfinished of ${key}`).toBe(earliest?.id);
    model.inFlight.set(claim.deliveryId, claim);
  }
}

class Publish implements Command {
  constructor(readonly key: string) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const event = newEvent("candidate.added", { candidateId: this.key });
    await real.store.publish({
      accountId: real.accountId,
      idempotencyKey: null,
      events: [event],
      campaignId: null,
      now: real.now,
    });
    const [delivery] = await real.store.listDeliveries(real.accountId, { limit: 1, eventId: event.id });
    model.deliveries.push({ id: delivery?.id ?? "", key: this.key, status: "pending" });
  }
  toString = () => `publish(${this.key})`;
}

class Claim implements Command {
  check = () => true;
  async run(model: Model, real: Real) {
    // Past the end of any attempt recorded before (12 ms each), so what they let through is due.
    real.now += 20;
    checkClaim(model, await claimAll(real.store, "w", real.now));
  }
  toString = () => "claim";
}

class Record implements Command {
  constructor(
    readonly pick: number,
    readonly outcome: "succeeded" | "failed" | "retry",
  ) {}
  check = (model: Readonly<Model>) => model.inFlight.size > 0;
  async run(model: Model, real: Real) {
    const claims = [...model.inFlight.values()];
    const claim = claims[this.pick % claims.length] as ClaimedDelivery;
    const next: NextDeliveryState =
      this.outcome === "retry"
        ? { status: "pending", nextAttemptAt: real.now + 5 }
        : { status: this.outcome };
    await real.store.recordAttemptResults([
      resultOf("w", claim, {
        startedAt: real.now,
        statusCode: this.outcome === "succeeded" ? 200 : 500,
        next,
      }),
    ]);
    model.inFlight.delete(claim.deliveryId);
    const known = model.deliveries.find((d) => d.id === claim.deliveryId);
    if (known !== undefined && this.outcome !== "retry") known.status = this.outcome;
  }
  toString = () => `record(${this.pick}, ${this.outcome})`;
}

class Resend implements Command {
  constructor(readonly pick: number) {}
  check = (model: Readonly<Model>) => model.deliveries.some((d) => d.status !== "pending");
  async run(model: Model, real: Real) {
    const finished = model.deliveries.filter((d) => d.status !== "pending");
    const target = finished[this.pick % finished.length] as Model["deliveries"][number];
    expect(await real.store.resendDelivery(real.accountId, target.id, real.now)).toMatchObject({
      kind: "resent",
    });
    target.status = "pending";
  }
  toString = () => `resend(${this.pick})`;
}

class Advance implements Command {
  constructor(readonly ms: number) {}
  check = () => true;
  async run(_model: Model, real: Real) {
    real.now += this.ms;
  }
  toString = () => `advance(${this.ms})`;
}

const commands = [
  fc.constantFrom(...KEYS).map((key) => new Publish(key)),
  fc.constant(new Claim()),
  fc
    .tuple(fc.nat(), fc.constantFrom("succeeded" as const, "failed" as const, "retry" as const))
    .map(([pick, outcome]) => new Record(pick, outcome)),
  fc.nat().map((pick) => new Resend(pick)),
  fc.integer({ min: 1, max: 40 }).map((ms) => new Advance(ms)),
];

/**
 * A model of ordered delivery (`domain/order-head.ts`): any interleaving of publishes to three keys,
 * claims, results (success, final failure, retry), resends and time passing. After every claim: no two
 * deliveries of one key in flight, and each claimed one is the earliest unfinished of its key. At the
 * end, claiming and succeeding whatever is due, time passing, finishes every delivery (none is stuck).
 */
export function describeOrderedDeliveryModel(makeStore: MakeStore): void {
  describe("ordered delivery: a model of publishes, claims, results and resends", () => {
    it("one in flight per key, the earliest first, and every delivery eventually goes", async () => {
      await fc.assert(
        fc.asyncProperty(fc.commands(commands, { maxCommands: 60, size: "max" }), async (run) => {
          const made = await makeStore();
          await made.store.migrate();
          try {
            const account = await givenAccount(made.store);
            await givenEndpoint(made.store, account.id, ["candidate.added"], { ordering: "candidate" });
            const model: Model = { deliveries: [], inFlight: new Map() };
            const real: Real = { store: made.store, accountId: account.id, now: T0 };
            await fc.asyncModelRun(() => ({ model, real }), run);
            for (const claim of model.inFlight.values()) {
              await made.store.recordAttemptResults([
                resultOf("w", claim, { startedAt: real.now, next: { status: "succeeded" } }),
              ]);
              const known = model.deliveries.find((d) => d.id === claim.deliveryId);
              if (known !== undefined) known.status = "succeeded";
            }
            model.inFlight.clear();
            for (let round = 0; round <= model.deliveries.length; round++) {
              real.now += 100;
              const claimed = await claimAll(made.store, "w", real.now);
              checkClaim(model, claimed);
              for (const claim of claimed) {
                await made.store.recordAttemptResults([
                  resultOf("w", claim, { startedAt: real.now, next: { status: "succeeded" } }),
                ]);
                const known = model.deliveries.find((d) => d.id === claim.deliveryId);
                if (known !== undefined) known.status = "succeeded";
                model.inFlight.delete(claim.deliveryId);
              }
            }
            const pending = await made.store.listDeliveries(account.id, { limit: 1_000, status: "pending" });
            expect(pending.map((d) => d.id)).toEqual([]);
          } finally {
            await made.store.close();
            await made.cleanup();
          }
        }),
        { numRuns: 40 },
      );
    }, 240_000);
  });
}
