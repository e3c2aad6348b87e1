/**
 * The deadlines of every attempt in flight under one timer, instead of one `setTimeout` per attempt
 * (arming and clearing a timer per POST is a visible share of the send path's CPU at thousands of POSTs
 * a second). A min-heap on the deadline; the one timer is armed for the earliest. Cancelling leaves the
 * timer as it is: when it fires early for a cancelled deadline, it is simply armed again for the next
 * one, which costs one wake-up per timeout period instead of a timer per attempt.
 *
 * A deadline that is due is expired only once the I/O already arrived has been read (by default in
 * the `setImmediate` after the timer): after a stall of the event loop (a GC, a starved thread on a
 * busy host) Node runs due timers before it reads the sockets, and an answer that came in time would
 * otherwise be called a timeout, then retried, and delivered twice.
 */
export interface DeadlineQueue {
  /** Calls `onExpire` once `delayMs` from now have passed, unless the answered handle is cancelled first. */
  add(delayMs: number, onExpire: () => void): Deadline;
  /** The deadline never fires (a no-op if it already did or was cancelled). */
  cancel(deadline: Deadline): void;
  /** Deadlines still to fire. */
  size(): number;
}

/** A handle on one deadline (its place in the heap is kept in it, so cancelling is O(log n)). */
export interface Deadline {
  readonly at: number;
}

export interface DeadlineQueueOptions {
  /** Milliseconds, monotonic. Default `performance.now`. */
  readonly now?: () => number;
  /** Arms the one timer; default `setTimeout`, unref'd (the sockets of the attempts keep the process up). */
  readonly setTimer?: (callback: () => void, delayMs: number) => unknown;
  readonly clearTimer?: (timer: unknown) => void;
  /** Runs `callback` once the I/O ready now has been handled; default `setImmediate`. */
  readonly afterReadyIo?: (callback: () => void) => void;
}

interface Entry extends Deadline {
  /** Its index in the heap; -1 once it is due or was cancelled. */
  index: number;
  /** Cancelled after it was due, while its expiry waited for the ready I/O. */
  cancelledWhileDue?: boolean;
  readonly onExpire: () => void;
}

function defaultSetTimer(callback: () => void, delayMs: number): unknown {
  const timer = setTimeout(callback, delayMs);
  timer.unref();
  return timer;
}

export function createDeadlineQueue(options: DeadlineQueueOptions = {}): DeadlineQueue {
  const now = options.now ?? (() => performance.now());
  const setTimer = options.setTimer ?? defaultSetTimer;
  const clearTimer = options.clearTimer ?? ((timer: unknown) => clearTimeout(timer as NodeJS.Timeout));
  const afterReadyIo = options.afterReadyIo ?? ((callback: () => void) => void setImmediate(callback));
  const heap: Entry[] = [];
  let timer: unknown;
  /** When the armed timer fires; undefined while none is armed. */
  let armedFor: number | undefined;

  function place(entry: Entry, index: number): void {
    heap[index] = entry;
    entry.index = index;
  }

  function siftUp(index: number): void {
    const entry = heap[index] as Entry;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = heap[parentIndex] as Entry;
      if (parent.at <= entry.at) break;
      place(parent, index);
      index = parentIndex;
    }
    place(entry, index);
  }

  function siftDown(index: number): void {
    const entry = heap[index] as Entry;
    const length = heap.length;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      const child = right < length && (heap[right] as Entry).at < (heap[left] as Entry).at ? right : left;
      if ((heap[child] as Entry).at >= entry.at) break;
      place(heap[child] as Entry, index);
      index = child;
    }
    place(entry, index);
  }

  function removeAt(index: number): void {
    const removed = heap[index] as Entry;
    const last = heap.pop() as Entry;
    removed.index = -1;
    if (last === removed) return;
    place(last, index);
    if (index > 0 && (heap[(index - 1) >> 1] as Entry).at > last.at) siftUp(index);
    else siftDown(index);
  }

  function arm(): void {
    const earliest = heap[0];
    if (earliest === undefined) return;
    // An armed timer firing before the earliest deadline re-arms itself: no need to move it.
    if (armedFor !== undefined && armedFor <= earliest.at) return;
    if (armedFor !== undefined) clearTimer(timer);
    armedFor = earliest.at;
    timer = setTimer(fire, Math.max(0, earliest.at - now()));
  }

  function fire(): void {
    armedFor = undefined;
    const at = now();
    const due: Entry[] = [];
    for (let earliest = heap[0]; earliest !== undefined && earliest.at <= at; earliest = heap[0]) {
      removeAt(0);
      due.push(earliest);
    }
    if (due.length > 0) afterReadyIo(() => expire(due));
    arm();
  }

  function expire(due: readonly Entry[]): void {
    for (const entry of due) {
      if (entry.cancelledWhileDue === true) continue;
      try {
        entry.onExpire();
      } catch (error) {
        // Thrown as a timer's callback would throw, but after the other deadlines due have expired.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  return {
    add(delayMs, onExpire) {
      const entry: Entry = { at: now() + delayMs, index: heap.length, onExpire };
      heap.push(entry);
      siftUp(entry.index);
      arm();
      return entry;
    },
    cancel(deadline) {
      const entry = deadline as Entry;
      if (entry.index >= 0 && heap[entry.index] === entry) removeAt(entry.index);
      else entry.cancelledWhileDue = true;
    },
    size: () => heap.length,
  };
}
