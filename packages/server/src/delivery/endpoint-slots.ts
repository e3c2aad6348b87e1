/**
 * The per-endpoint share of in-flight POSTs, and the queue of what waits for a share to free up, so a
 * slow endpoint's backlog waits in its own line instead of taking the slots of the others.
 */
export interface EndpointSlots<T> {
  /** Takes one of the endpoint's slots when it has one left. */
  tryAcquire(endpointId: string): boolean;
  release(endpointId: string): void;
  /** Queues `item` for the endpoint; false when the queues together already hold `maxWaiting`. */
  enqueue(endpointId: string, item: T): boolean;
  /** The endpoint's next waiting item, if it has a slot free for it (the slot is not taken). */
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

export function createEndpointSlots<T>(perEndpoint: number, maxWaiting: number): EndpointSlots<T> {
  const inUse = new Map<string, number>();
  const waiting = new Map<string, T[]>();
  let waitingTotal = 0;
  const hasRoom = (endpointId: string) => (inUse.get(endpointId) ?? 0) < perEndpoint;

  return {
    tryAcquire(endpointId) {
      if (!hasRoom(endpointId)) return false;
      inUse.set(endpointId, (inUse.get(endpointId) ?? 0) + 1);
      return true;
    },
    release(endpointId) {
      const left = (inUse.get(endpointId) ?? 1) - 1;
      if (left > 0) inUse.set(endpointId, left);
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
