import fc from "fast-check";
import { expect } from "vitest";
import type { Command, DeliveryModel, DeliveryReal } from "./delivery-model.js";

/**
 * A result handed in again, as a PostgreSQL recorder does when its commit went through but the answer
 * was lost (the connection dropped during COMMIT): whatever happened since (other attempts, a resend,
 * retention), the store takes it as a no-op. The delivery and its attempt log read exactly as before.
 */
class ReplayResult implements Command {
  constructor(readonly pick: number) {}
  check = (model: Readonly<DeliveryModel>) => model.answered.length > 0;
  async run(model: DeliveryModel, real: DeliveryReal) {
    const result = model.answered[this.pick % model.answered.length];
    if (result === undefined) return;
    const id = result.attempt.deliveryId;
    const before = await real.store.getDelivery(model.accountId, id);
    const attemptsBefore = before === undefined ? [] : await real.store.listAttempts(model.accountId, id);
    const { missingDeliveryIds } = await real.store.recordAttemptResults([result]);
    if (before === undefined) {
      expect(missingDeliveryIds).toEqual([id]);
      return;
    }
    expect(missingDeliveryIds).toEqual([]);
    expect(await real.store.getDelivery(model.accountId, id), "a replayed result moved its delivery").toEqual(
      before,
    );
    expect(await real.store.listAttempts(model.accountId, id), "a replayed result was logged").toEqual(
      attemptsBefore,
    );
  }
  toString = () => `replay(${this.pick})`;
}

/** The steps of a store whose commit can succeed while its answer is lost. */
export const replayCommands = [fc.nat(20).map((pick) => new ReplayResult(pick))];
