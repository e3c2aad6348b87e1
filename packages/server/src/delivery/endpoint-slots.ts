/**
 * The per-endpoint share of in-flight POSTs, and the queue of what waits for a share to free up, so a
 * slow endpoint's backlog waits in its own line instead of taking the slots of the others; and a
 * reserve of the overall budget kept for endpoints with few in flight (see `hasRoom`).
 */
export interface EndpointSlots<T> {
  /** Takes one of the endpoint's slots when it has one left. */
  tryAcquire(endpointId: string): boolean;
  release(endpointId: string): void;
  /** Queues `item` for the endpoint; false when the queues together already hold `maxWaiting`. */
  enqueue(endpointId: string, item: T): boolean;
  /**
   * The endpoint's next waiting item, if it has a slot free for it (the slot is not taken). An item
   * refused by the reserve waits for a slot of its own endpoint to end, which it then may take.
   */
  nextWaiting(endpointId: string): T | undefined;
  /** Removes and answers every waiting item that `shouldDrop` selects. */
  dropWaiting(shouldDrop: (item: T) => boolean): T[];
  /** Removes and answers every item waiting for `endpointId`. */
  dropWaitingOf(endpointId: string): T[];
  waitingCount(): number;
  /** The endpoint's POSTs in flight plus its items waiting. */
  load(endpointId: string): number;
  /** Endpoints whose load is above `threshold`. */
  endpointsLoadedAbove(threshold: number): string[];
}

export interface EndpointSlotsLimits {
  /** At most this many slots taken by one endpoint (`maxInFlightPerEndpoint`). */
  readonly perEndpoint: number;
  /** The slots of all endpoints together (`maxInFlight`); the caller never takes more than these. */
  readonly maxInFlight: number;
  /** At most this many items waiting, all endpoints together. */
  readonly maxWaiting: number;
}

/** The part of the budget kept for endpoints with few POSTs in flight (see `createEndpointSlots`). */
export interface SlotReserve {
  /** The last `slots` of the budget go only to an endpoint holding fewer than `firstSlots`. */
  readonly slots: number;
  readonly firstSlots: number;
}

/**
 * An eighth of the budget, never so much that one endpoint alone could not reach its share; open to
 * an endpoint's first eighth of its share (at least one slot), so that one arriving while the others
 * fill the rest still sends several POSTs at once.
 */
export function slotReserve(limits: Pick<EndpointSlotsLimits, "perEndpoint" | "maxInFlight">): SlotReserve {
  const { perEndpoint, maxInFlight } = limits;
  return {
    slots: Math.max(0, Math.min(Math.floor(maxInFlight / 8), maxInFlight - perEndpoint)),
    firstSlots: Math.max(1, Math.floor(perEndpoint / 8)),
  };
}

export function createEndpointSlots<T>(limits: EndpointSlotsLimits): EndpointSlots<T> {
  const { perEndpoint, maxWaiting } = limits;
  const reserve = slotReserve(limits);
  const inUse = new Map<string, number>();
  const waiting = new Map<string, T[]>();
  let waitingTotal = 0;
  let inUseTotal = 0;
  /**
   * The per-endpoint share alone lets a handful of slow endpoints (hanging until the attempt deadline)
   * take the whole budget: share × slow endpoints ≥ maxInFlight, e.g. 8 × 32 = 256 by default, and every
   * other endpoint then waits up to the deadline. So an endpoint's slots beyond its `firstSlots` come
   * only from the budget minus the reserve. Once that part is in use, only endpoints holding fewer than
   * `firstSlots` grow, each by at most `firstSlots`: the budget is full only when at least
   * reserve / firstSlots endpoints (32 / 4 = 8 by default) joined after it, however slow the others
   * are. While fewer than maxInFlight - reserve slots are taken, it changes nothing.
   */
  const hasRoom = (endpointId: string) => {
    const taken = inUse.get(endpointId) ?? 0;
    if (taken >= perEndpoint) return false;
    return taken < reserve.firstSlots || inUseTotal < limits.maxInFlight - reserve.slots;
  };

  return {
    tryAcquire(endpointId) {
      if (!hasRoom(endpointId)) return false;
      inUse.set(endpointId, (inUse.get(endpointId) ?? 0) + 1);
      inUseTotal++;
      return true;
    },
    release(endpointId) {
      const taken = inUse.get(endpointId);
      if (taken === undefined) return;
      inUseTotal--;
      if (taken > 1) inUse.set(endpointId, taken - 1);
      else inUse.delete(endpointId);
    },
    enqueue(endpointId, item) {
      if (waitingTotal >= maxWaiting) return false;
      const queue = waiting.get(endpointId);
      if (queue === undefined) waiting.set(endpointId, [item]);
      else queue.push(item);
      waitingTotal++;
      return true;
    },
    nextWaiting(endpointId) {
      const queue = waiting.get(endpointId);
      if (queue === undefined || !hasRoom(endpointId)) return undefined;
      const item = queue.shift();
      if (queue.length === 0) waiting.delete(endpointId);
      if (item !== undefined) waitingTotal--;
      return item;
    },
    dropWaiting(shouldDrop) {
      const dropped: T[] = [];
      for (const [endpointId, queue] of waiting) {
        const kept: T[] = [];
        for (const item of queue) (shouldDrop(item) ? dropped : kept).push(item);
        if (kept.length === 0) waiting.delete(endpointId);
        else waiting.set(endpointId, kept);
      }
      waitingTotal -= dropped.length;
      return dropped;
    },
    dropWaitingOf(endpointId) {
      const queue = waiting.get(endpointId) ?? [];
      waiting.delete(endpointId);
      waitingTotal -= queue.length;
      return queue;
    },
    waitingCount: () => waitingTotal,
    load: (endpointId) => (inUse.get(endpointId) ?? 0) + (waiting.get(endpointId)?.length ?? 0),
    endpointsLoadedAbove(threshold) {
      const loaded: string[] = [];
      for (const endpointId of new Set([...inUse.keys(), ...waiting.keys()])) {
        if ((inUse.get(endpointId) ?? 0) + (waiting.get(endpointId)?.length ?? 0) > threshold) {
          loaded.push(endpointId);
        }
      }
      return loaded;
    },
  };
}
