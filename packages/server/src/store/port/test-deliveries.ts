import type { AttemptRecord, DeliveryRecord, NewEvent } from "../../domain/types.js";

/** Deliveries made by the "Tester" button: recorded once, with their attempt, never claimed. */
export interface TestDeliveryStore {
  /**
   * In one transaction: stores the event of a test delivery (fanned out to nobody), the delivery (its final
   * status, `test: true`, never claimed) and its one attempt.
   */
  recordTestDelivery(input: TestDeliveryInput): Promise<void>;
}

/** See `TestDeliveryStore.recordTestDelivery`. The event is stored with `storeEvenWithoutDeliveries` ignored. */
export interface TestDeliveryInput {
  readonly event: NewEvent;
  /** `test: true`, status `succeeded` or `failed`, one attempt, `nextAttemptAt` null. */
  readonly delivery: DeliveryRecord;
  readonly attempt: AttemptRecord;
}
