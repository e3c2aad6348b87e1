import fc from "fast-check";
import { expect } from "vitest";
import { newId } from "../../../src/domain/ids.js";
import type { DeliveryRecord, EpochMs } from "../../../src/domain/types.js";
import type { AttemptResult, ClaimedDelivery, NextDeliveryState, Store } from "../../../src/store/port.js";
import { LEASE_MS, resultOf } from "../conformance/claim-fixtures.js";
import { newEvent, publishEvents, T0 } from "../conformance/fixtures.js";

/**
 * What the delivery-state model test keeps beside the store: only what the port does not show (who
 * holds each lease, what was asked during an attempt) and what it must remember to check the rest.
 */
export interface DeliveryModel {
  now: EpochMs;
  workers: number;
  readonly accountId: string;
  readonly endpointIds: readonly string[];
  readonly deletedEndpoints: Set<string>;
  /** Every delivery still in the store, with the results recorded for it. */
  readonly recorded: Map<string, number>;
  /** The worker whose lease the delivery is under (null: none); each claim has a worker of its own. */
  readonly leaseOwner: Map<string, string | null>;
  /** A resend asked while leased (always honoured) or a recovery's (honoured when the attempt fails). */
  readonly owed: Map<string, "always" | "if_failed">;
  /** Claims not yet answered by a result, each with the worker that took it. */
  readonly claims: { readonly claim: ClaimedDelivery; readonly workerId: string }[];
  /** Every result recorded, as it was handed in: one may be handed in again (replayed-result.ts). */
  readonly answered: AttemptResult[];
}

export interface DeliveryReal {
  readonly store: Store;
}

export type Command = fc.AsyncCommand<DeliveryModel, DeliveryReal>;
const HOUR = 3_600_000;

async function deliveryOf(real: DeliveryReal, model: DeliveryModel, id: string) {
  return real.store.getDelivery(model.accountId, id);
}

function inFlight(model: DeliveryModel, delivery: DeliveryRecord | undefined): boolean {
  return delivery?.status === "pending" && (model.leaseOwner.get(delivery.id) ?? null) !== null;
}

/** After every step: the invariants of every delivery the store still has. */
export async function checkInvariants(model: DeliveryModel, real: DeliveryReal): Promise<void> {
  const deliveries = await real.store.listDeliveries(model.accountId, { limit: 1000 });
  expect(new Set(deliveries.map((d) => d.id))).toEqual(new Set(model.recorded.keys()));
  for (const delivery of deliveries) {
    if (delivery.status === "pending") {
      expect(delivery.nextAttemptAt, `${delivery.id} pending without a due time`).not.toBeNull();
      expect(model.deletedEndpoints.has(delivery.endpointId), "pending for a deleted endpoint").toBe(false);
    } else {
      expect(["succeeded", "failed"]).toContain(delivery.status);
      expect(delivery.nextAttemptAt).toBeNull();
    }
    const attempts = await real.store.listAttempts(model.accountId, delivery.id);
    expect(new Set(attempts.map((a) => a.id)).size, "an attempt recorded twice").toBe(attempts.length);
    expect(attempts.length).toBe(model.recorded.get(delivery.id));
    const numbers = [...new Set(attempts.map((a) => a.attemptNumber))].sort((a, b) => a - b);
    expect(numbers, "attempt numbers with a gap").toEqual(numbers.map((_, i) => i + 1));
    // A result that no longer moves the delivery (lease lost, endpoint deleted) is still logged: at
    // most one number past the count.
    expect(numbers.length).toBeLessThanOrEqual(delivery.attemptCount + 1);
  }
}

class Publish implements Command {
  check = () => true;
  async run(model: DeliveryModel, real: DeliveryReal) {
    const event = newEvent("campaign.created");
    await publishEvents(real.store, model.accountId, [event], model.now);
    for (const d of await real.store.listDeliveries(model.accountId, { limit: 10, eventId: event.id })) {
      expect(d).toMatchObject({ status: "pending", nextAttemptAt: model.now, attemptCount: 0 });
      model.recorded.set(d.id, 0);
      model.leaseOwner.set(d.id, null);
    }
  }
  toString = () => "publish";
}

class Claim implements Command {
  check = () => true;
  async run(model: DeliveryModel, real: DeliveryReal) {
    const workerId = `w${++model.workers}`;
    const claimed = await real.store.claimDueDeliveries({
      workerId,
      now: model.now,
      leaseMs: LEASE_MS,
      limit: 3,
    });
    for (const claim of claimed) {
      const before = model.recorded.get(claim.deliveryId);
      expect(before, "claimed a delivery the store no longer lists").not.toBeUndefined();
      model.leaseOwner.set(claim.deliveryId, workerId);
      model.claims.push({ claim, workerId });
    }
  }
  toString = () => "claim";
}

type ResultKind = "success" | "failure" | "last_failure";

class Result implements Command {
  constructor(
    readonly pick: number,
    readonly kind: ResultKind,
  ) {}
  check = (model: Readonly<DeliveryModel>) => model.claims.length > 0;
  async run(model: DeliveryModel, real: DeliveryReal) {
    const [taken] = model.claims.splice(this.pick % model.claims.length, 1);
    if (taken === undefined) return;
    const { claim, workerId } = taken;
    const before = await deliveryOf(real, model, claim.deliveryId);
    const next: NextDeliveryState =
      this.kind === "success"
        ? { status: "succeeded" }
        : this.kind === "failure"
          ? { status: "pending", nextAttemptAt: model.now + 1000 }
          : { status: "failed" };
    const result = resultOf(workerId, claim, {
      startedAt: model.now,
      statusCode: this.kind === "success" ? 200 : 500,
      errorKind: this.kind === "success" ? null : "http_status",
      next,
    });
    const { missingDeliveryIds } = await real.store.recordAttemptResults([result]);
    if (before === undefined) {
      expect(missingDeliveryIds).toEqual([claim.deliveryId]);
      return;
    }
    expect(missingDeliveryIds).toEqual([]);
    model.answered.push(result);
    model.recorded.set(claim.deliveryId, (model.recorded.get(claim.deliveryId) ?? 0) + 1);
    const after = await deliveryOf(real, model, claim.deliveryId);
    const holds = before.status === "pending" && model.leaseOwner.get(claim.deliveryId) === result.workerId;
    if (!holds) {
      expect(after).toMatchObject({ status: before.status, attemptCount: before.attemptCount });
      return;
    }
    model.leaseOwner.set(claim.deliveryId, null);
    const owed = model.owed.get(claim.deliveryId);
    model.owed.delete(claim.deliveryId);
    expect(after?.attemptCount).toBe(before.attemptCount + 1);
    if (owed === "always" || (owed === "if_failed" && next.status === "failed")) {
      // Asked during this attempt: another one follows, due now.
      expect(after?.status).toBe("pending");
      expect(after?.nextAttemptAt ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(model.now);
    } else {
      expect(after?.status).toBe(next.status);
    }
  }
  toString = () => `result(${this.pick}, ${this.kind})`;
}

class Resend implements Command {
  constructor(readonly pick: number) {}
  check = (model: Readonly<DeliveryModel>) => model.recorded.size > 0;
  async run(model: DeliveryModel, real: DeliveryReal) {
    const ids = [...model.recorded.keys()];
    const id = ids[this.pick % ids.length] ?? "";
    const before = await deliveryOf(real, model, id);
    const outcome = await real.store.resendDelivery(model.accountId, id, model.now);
    if (before === undefined || model.deletedEndpoints.has(before.endpointId)) {
      expect(outcome.kind).toBe("endpoint_deleted");
      return;
    }
    expect(outcome).toMatchObject({
      kind: "resent",
      delivery: { status: "pending", nextAttemptAt: model.now },
    });
    if (inFlight(model, before)) model.owed.set(id, "always");
    else {
      model.leaseOwner.set(id, null);
      model.owed.delete(id);
    }
  }
  toString = () => `resend(${this.pick})`;
}

class Recover implements Command {
  constructor(readonly endpoint: number) {}
  check = () => true;
  async run(model: DeliveryModel, real: DeliveryReal) {
    const endpointId = model.endpointIds[this.endpoint % model.endpointIds.length] ?? "";
    const before = await real.store.listDeliveries(model.accountId, { limit: 1000, endpointId });
    const recovery = await real.store.startRecovery({
      id: newId("rcv", model.now),
      accountId: model.accountId,
      endpointId,
      since: T0 - HOUR,
      until: T0 + 1000 * HOUR,
      now: model.now,
    });
    if (model.deletedEndpoints.has(endpointId)) {
      expect(recovery).toBeUndefined();
      return;
    }
    if (recovery === undefined) throw new Error("model: no recovery of a live endpoint");
    for (let batch = 0; batch < 100; batch++) {
      const advanced = await real.store.advanceRecovery(model.accountId, recovery.id, 2, model.now);
      if (advanced?.status === "done") break;
    }
    const anyFailed = before.some((d) => d.status === "failed");
    for (const delivery of before) {
      const after = await deliveryOf(real, model, delivery.id);
      if (delivery.status === "failed") {
        expect(after).toMatchObject({ status: "pending", nextAttemptAt: model.now });
        model.leaseOwner.set(delivery.id, null);
      } else if (anyFailed && inFlight(model, delivery) && model.owed.get(delivery.id) !== "always") {
        model.owed.set(delivery.id, "if_failed");
      }
    }
  }
  toString = () => `recover(${this.endpoint})`;
}

class DeleteEndpoint implements Command {
  constructor(readonly endpoint: number) {}
  check = () => true;
  async run(model: DeliveryModel, real: DeliveryReal) {
    const endpointId = model.endpointIds[this.endpoint % model.endpointIds.length] ?? "";
    await real.store.deleteEndpoint(model.accountId, endpointId, model.now);
    model.deletedEndpoints.add(endpointId);
  }
  toString = () => `deleteEndpoint(${this.endpoint})`;
}

class Retention implements Command {
  check = () => true;
  async run(model: DeliveryModel, real: DeliveryReal) {
    const before = new Map(
      (await real.store.listDeliveries(model.accountId, { limit: 1000 })).map((d) => [d.id, d.status]),
    );
    await real.store.deleteExpired({ olderThan: model.now + 1, batchSize: 3 });
    const left = new Set(
      (await real.store.listDeliveries(model.accountId, { limit: 1000 })).map((d) => d.id),
    );
    for (const [id, status] of before) {
      if (left.has(id)) continue;
      expect(status, "retention deleted a pending delivery").not.toBe("pending");
      model.recorded.delete(id);
      model.leaseOwner.delete(id);
      model.owed.delete(id);
    }
  }
  toString = () => "retention";
}

class AdvanceClock implements Command {
  constructor(readonly ms: number) {}
  check = () => true;
  async run(model: DeliveryModel) {
    model.now += this.ms;
  }
  toString = () => `advanceClock(${this.ms})`;
}

const result = fc
  .tuple(fc.nat(20), fc.constantFrom<ResultKind>("success", "failure", "last_failure", "last_failure"))
  .map(([pick, kind]) => new Result(pick, kind));

/**
 * Every step the model test interleaves; lease expiry is the clock moved past `LEASE_MS`. Publishing,
 * claiming and results come more often, so attempts are in flight when the other steps happen.
 */
export const deliveryCommands = [
  fc.constant(new Publish()),
  fc.constant(new Publish()),
  fc.constant(new Claim()),
  fc.constant(new Claim()),
  result,
  result,
  result,
  fc.nat(20).map((pick) => new Resend(pick)),
  // One endpoint is recovered, the other deleted: deliveries keep flowing beside a deletion.
  fc.constant(new Recover(0)),
  fc.constant(new DeleteEndpoint(1)),
  fc.constant(new Retention()),
  fc.constantFrom(1, 1000, LEASE_MS + 1).map((ms) => new AdvanceClock(ms)),
];

/** Runs each command then checks the invariants, so a failure names the first step that broke one. */
export function checked(command: Command): Command {
  return {
    check: (model) => command.check(model),
    async run(model, real) {
      await command.run(model, real);
      await checkInvariants(model, real);
    },
    toString: () => command.toString(),
  };
}
