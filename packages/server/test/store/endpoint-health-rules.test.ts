import { describe, expect, it } from "vitest";
import { healthChangesByEndpoint } from "../../src/store/endpoint-health-rules.js";

describe("a batch's health changes per endpoint (s, l, f)", () => {
  const endpointOf = (deliveryId: string) =>
    ({ d1: "ep_a", d2: "ep_a", d3: "ep_a", d4: "ep_b", d5: "ep_b" })[deliveryId];

  it("takes the latest success, the latest failure and the earliest failure after that success", () => {
    const changes = healthChangesByEndpoint(
      [
        { deliveryId: "d3", finishedAt: 200, succeeded: false },
        { deliveryId: "d2", finishedAt: 100, succeeded: true },
        { deliveryId: "d1", finishedAt: 50, succeeded: false },
        { deliveryId: "d4", finishedAt: 50, succeeded: false },
        { deliveryId: "d5", finishedAt: 40, succeeded: false },
      ],
      endpointOf,
    );
    expect(changes).toEqual([
      { endpointId: "ep_a", s: 100, l: 200, f: 200 },
      { endpointId: "ep_b", s: null, l: 50, f: 40 },
    ]);
  });

  it("has no failure after a success that came last, and leaves out deliveries without an endpoint", () => {
    const changes = healthChangesByEndpoint(
      [
        { deliveryId: "d1", finishedAt: 100, succeeded: false },
        { deliveryId: "d2", finishedAt: 200, succeeded: true },
        { deliveryId: "gone", finishedAt: 300, succeeded: false },
      ],
      endpointOf,
    );
    expect(changes).toEqual([{ endpointId: "ep_a", s: 200, l: 100, f: null }]);
  });
});
