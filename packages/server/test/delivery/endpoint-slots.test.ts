import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createEndpointSlots, slotReserve } from "../../src/delivery/endpoint-slots.js";
import { defaultDeliverySettings } from "../../src/delivery/settings.js";

describe("endpoint slots", () => {
  it("gives each endpoint at most its share", () => {
    const slots = createEndpointSlots<string>({ perEndpoint: 2, maxInFlight: 100, maxWaiting: 10 });
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
    const slots = createEndpointSlots<string>({ perEndpoint: 1, maxInFlight: 100, maxWaiting: 10 });
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
    const slots = createEndpointSlots<number>({ perEndpoint: 1, maxInFlight: 100, maxWaiting: 2 });
    expect([slots.enqueue("a", 1), slots.enqueue("b", 2), slots.enqueue("c", 3)]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it("drops the waiting items selected, wherever they wait", () => {
    const slots = createEndpointSlots<number>({ perEndpoint: 1, maxInFlight: 100, maxWaiting: 10 });
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

  it("with the default settings, slow endpoints taking every slot they may still leave room for another", () => {
    const { maxInFlight, maxInFlightPerEndpoint: perEndpoint } = defaultDeliverySettings;
    const slots = createEndpointSlots<never>({ perEndpoint, maxInFlight, maxWaiting: maxInFlight });
    let taken = 0;
    // Ten endpoints that hang: each would keep its whole share (10 × 32 > 256) until the deadline.
    for (let slow = 0; slow < 10; slow++) {
      while (taken < maxInFlight && slots.tryAcquire(`slow_${slow}`)) taken++;
    }
    // Seven take their whole share, up to the budget minus the reserve; the last three their first slots.
    const reserve = slotReserve({ perEndpoint, maxInFlight });
    expect(taken).toBe(maxInFlight - reserve.slots + 3 * reserve.firstSlots);
    for (let i = 0; i < reserve.firstSlots; i++) expect(slots.tryAcquire("healthy")).toBe(true);
  });

  it("model: shares kept, never refused below the reserve; the budget fills only with many endpoints busy", () => {
    const limits = fc
      .record({ perEndpoint: fc.integer({ min: 1, max: 32 }), extra: fc.integer({ min: 0, max: 64 }) })
      .map(({ perEndpoint, extra }) => ({ perEndpoint, maxInFlight: perEndpoint + extra }));
    // Mostly acquisitions, often on a few endpoints: that is how a handful of slow ones fill the budget.
    const op = fc.record({
      acquire: fc.oneof(fc.constant(true), fc.boolean()),
      endpoint: fc.oneof(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 11 })),
    });
    fc.assert(
      fc.property(
        limits,
        fc.array(op, { minLength: 50, maxLength: 300, size: "max" }),
        ({ perEndpoint, maxInFlight }, ops) => {
          const { slots: reserve, firstSlots } = slotReserve({ perEndpoint, maxInFlight });
          // Once the budget minus the reserve is taken, only endpoints below `firstSlots` grow, to at
          // most `firstSlots`: at least reserve / firstSlots of them, beside those holding the rest.
          const joined = Math.ceil(reserve / firstSlots);
          const fewestBusyWhenFull =
            joined + Math.ceil(Math.max(0, maxInFlight - joined * firstSlots) / perEndpoint);
          const slots = createEndpointSlots<never>({ perEndpoint, maxInFlight, maxWaiting: 0 });
          const taken = new Map<string, number>();
          let total = 0;
          for (const { acquire, endpoint } of ops) {
            const endpointId = `ep_${endpoint}`;
            const mine = taken.get(endpointId) ?? 0;
            if (acquire && total < maxInFlight) {
              // Like the worker, which never starts more than maxInFlight POSTs in all.
              const granted = slots.tryAcquire(endpointId);
              // Within its share, never refused: one of its first slots, or any while the budget minus
              // the reserve is not used up.
              if (mine < perEndpoint && (mine < firstSlots || total < maxInFlight - reserve)) {
                expect(granted).toBe(true);
              }
              if (granted) {
                taken.set(endpointId, mine + 1);
                total++;
              }
            } else if (!acquire && mine > 0) {
              slots.release(endpointId);
              taken.set(endpointId, mine - 1);
              total--;
            }
            expect(Math.max(0, ...taken.values())).toBeLessThanOrEqual(perEndpoint);
            const busy = [...taken.values()].filter((n) => n > 0).length;
            if (total === maxInFlight) expect(busy).toBeGreaterThanOrEqual(fewestBusyWhenFull);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
