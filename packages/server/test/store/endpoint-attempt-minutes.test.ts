import { describe, expect, it } from "vitest";
import { attemptMinuteCounts } from "../../src/store/endpoint-attempt-minutes.js";

describe("a batch's per-minute attempt counts", () => {
  it("sums one addition per endpoint, minute and shard, leaving out deliveries not counted", () => {
    const endpointOf = (deliveryId: string) =>
      deliveryId.startsWith("a") ? "ep_a" : deliveryId === "b" ? "ep_b" : undefined;
    const counts = attemptMinuteCounts(
      [
        { deliveryId: "a1", minute: 10, shard: 3, succeeded: true },
        { deliveryId: "a2", minute: 10, shard: 3, succeeded: false },
        { deliveryId: "a3", minute: 10, shard: 3, succeeded: true },
        { deliveryId: "a4", minute: 11, shard: 3, succeeded: true },
        { deliveryId: "a5", minute: 10, shard: 4, succeeded: false },
        { deliveryId: "b", minute: 10, shard: 3, succeeded: true },
        { deliveryId: "tester", minute: 10, shard: 3, succeeded: true },
      ],
      endpointOf,
    );
    expect(counts).toEqual([
      { endpointId: "ep_a", minute: 10, shard: 3, attempts: 3, succeeded: 2 },
      { endpointId: "ep_a", minute: 11, shard: 3, attempts: 1, succeeded: 1 },
      { endpointId: "ep_a", minute: 10, shard: 4, attempts: 1, succeeded: 0 },
      { endpointId: "ep_b", minute: 10, shard: 3, attempts: 1, succeeded: 1 },
    ]);
  });
});
