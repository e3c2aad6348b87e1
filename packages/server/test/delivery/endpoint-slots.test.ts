import { describe, expect, it } from "vitest";
import { createEndpointSlots } from "../../src/delivery/endpoint-slots.js";

describe("endpoint slots", () => {
  it("gives each endpoint at most its share", () => {
    const slots = createEndpointSlots<string>(2, 10);
    expect([slots.tryAcquire("a"), slots.tryAcquire("a"), slots.tryAcquire("a")]).toEqual([
      true,
      true,
      false,
    ]);
    expect(slots.tryAcquire("b")).toBe(true);
    slots.release("a");
    expect(slots.tryAcquire("a")).toBe(true);
  });

  it("hands out an endpoint's waiting items in order, only when it has room", () => {
    const slots = createEndpointSlots<string>(1, 10);
    slots.tryAcquire("a");
    slots.enqueue("a", "a1");
    slots.enqueue("a", "a2");
    slots.enqueue("b", "b1");
    expect(slots.nextWaiting("a")).toBeUndefined();
    expect(slots.nextWaiting("b")).toBe("b1");
    slots.release("a");
    expect(slots.nextWaiting("a")).toBe("a1");
    expect(slots.waitingCount()).toBe(1);
  });

  it("bounds the waiting items of all endpoints together", () => {
    const slots = createEndpointSlots<number>(1, 2);
    expect([slots.enqueue("a", 1), slots.enqueue("b", 2), slots.enqueue("c", 3)]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it("drops the waiting items selected, wherever they wait", () => {
    const slots = createEndpointSlots<number>(1, 10);
    for (const [endpoint, item] of [
      ["a", 1],
      ["a", 2],
      ["b", 3],
      ["b", 4],
    ] as const)
      slots.enqueue(endpoint, item);
    expect(slots.dropWaiting((item) => item % 2 === 0).sort()).toEqual([2, 4]);
    expect(slots.waitingCount()).toBe(2);
    expect([slots.nextWaiting("a"), slots.nextWaiting("b")]).toEqual([1, 3]);
  });
});
