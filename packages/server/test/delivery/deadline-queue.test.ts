import { type AddressInfo, connect, createServer, type Socket } from "node:net";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createDeadlineQueue, type Deadline } from "../../src/delivery/deadline-queue.js";

/** A clock and a timer the test moves by hand; it counts the timers armed at once. */
function manualTime() {
  let now = 0;
  const armed = new Map<number, { at: number; callback: () => void }>();
  let nextTimer = 1;
  let mostArmedAtOnce = 0;
  return {
    now: () => now,
    setTimer(callback: () => void, delayMs: number): unknown {
      const id = nextTimer++;
      armed.set(id, { at: now + delayMs, callback });
      mostArmedAtOnce = Math.max(mostArmedAtOnce, armed.size);
      return id;
    },
    clearTimer(timer: unknown): void {
      armed.delete(timer as number);
    },
    /** Moves the clock to `to`, firing each armed timer due on the way, in order. */
    advanceTo(to: number): void {
      for (;;) {
        const due = [...armed.entries()].filter(([, t]) => t.at <= to).sort((a, b) => a[1].at - b[1].at)[0];
        if (due === undefined) break;
        armed.delete(due[0]);
        now = Math.max(now, due[1].at);
        due[1].callback();
      }
      now = to;
    },
    /** Expiry at once: these tests move time by hand, there is no I/O to wait for. */
    afterReadyIo: (callback: () => void) => callback(),
    armedCount: () => armed.size,
    mostArmedAtOnce: () => mostArmedAtOnce,
  };
}

describe("deadline queue", () => {
  it("fires deadlines in the order of their times, each once, when its time comes", () => {
    const time = manualTime();
    const queue = createDeadlineQueue(time);
    const fired: string[] = [];
    queue.add(300, () => fired.push("c"));
    queue.add(100, () => fired.push("a"));
    queue.add(200, () => fired.push("b"));
    time.advanceTo(99);
    expect(fired).toEqual([]);
    time.advanceTo(100);
    expect(fired).toEqual(["a"]);
    time.advanceTo(1_000);
    expect(fired).toEqual(["a", "b", "c"]);
    expect(queue.size()).toBe(0);
    expect(time.armedCount()).toBe(0);
  });

  it("never fires a cancelled deadline, even the earliest one the timer was armed for", () => {
    const time = manualTime();
    const queue = createDeadlineQueue(time);
    const fired: string[] = [];
    const first = queue.add(100, () => fired.push("first"));
    queue.add(200, () => fired.push("second"));
    queue.cancel(first);
    queue.cancel(first); // twice is harmless
    time.advanceTo(150);
    expect(fired).toEqual([]);
    time.advanceTo(200);
    expect(fired).toEqual(["second"]);
  });

  it("arms one timer for all its deadlines, moved only when an earlier deadline comes", () => {
    const time = manualTime();
    const queue = createDeadlineQueue(time);
    for (let i = 0; i < 1_000; i++) queue.add(5_000, () => {});
    expect(time.armedCount()).toBe(1);
    queue.add(10, () => {});
    expect(time.armedCount()).toBe(1);
    expect(time.mostArmedAtOnce()).toBe(1);
  });

  it("a deadline added as another fires is kept for its own time", () => {
    const time = manualTime();
    const queue = createDeadlineQueue(time);
    const fired: number[] = [];
    queue.add(100, () => {
      fired.push(time.now());
      queue.add(50, () => fired.push(time.now()));
    });
    time.advanceTo(1_000);
    expect(fired).toEqual([100, 150]);
  });

  it("model: whatever the adds, cancels and clock moves, exactly the uncancelled deadlines due have fired, in order", () => {
    type Op =
      | { readonly kind: "add"; readonly delay: number }
      | { readonly kind: "cancel"; readonly pick: number }
      | { readonly kind: "advance"; readonly ms: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant("add" as const), delay: fc.integer({ min: 0, max: 500 }) }),
      fc.record({ kind: fc.constant("cancel" as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant("advance" as const), ms: fc.integer({ min: 0, max: 300 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const time = manualTime();
        const queue = createDeadlineQueue(time);
        const live: { id: number; at: number; handle: Deadline }[] = [];
        const cancelled = new Set<number>();
        const fired: { id: number; at: number; firedAt: number }[] = [];
        let nextId = 0;
        for (const o of ops) {
          if (o.kind === "add") {
            const id = nextId++;
            const at = time.now() + o.delay;
            const handle = queue.add(o.delay, () => fired.push({ id, at, firedAt: time.now() }));
            live.push({ id, at, handle });
          } else if (o.kind === "cancel" && live.length > 0) {
            const [one] = live.splice(o.pick % live.length, 1);
            if (one !== undefined && !fired.some((f) => f.id === one.id)) cancelled.add(one.id);
            if (one !== undefined) queue.cancel(one.handle);
          } else if (o.kind === "advance") {
            time.advanceTo(time.now() + o.ms);
          }
          expect(time.armedCount()).toBeLessThanOrEqual(1);
          for (const f of fired) expect(cancelled.has(f.id)).toBe(false);
          // Once time has moved: every deadline due and not cancelled has fired, none before its time,
          // in time order.
          if (o.kind === "advance") {
            const due = live.filter((l) => l.at <= time.now()).map((l) => l.id);
            for (const id of due) expect(fired.some((f) => f.id === id)).toBe(true);
          }
          for (const f of fired) expect(f.firedAt).toBeGreaterThanOrEqual(f.at);
          const times = fired.map((f) => f.at);
          expect(times).toEqual([...times].sort((a, b) => a - b));
        }
        expect(new Set(fired.map((f) => f.id)).size).toBe(fired.length);
      }),
      { numRuns: 300 },
    );
  });

  it("after a stall of the event loop, an answer that arrived in time wins over its deadline", async () => {
    let serverSide: Socket | undefined;
    const server = createServer((socket) => {
      serverSide = socket;
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const client = connect((server.address() as AddressInfo).port, "127.0.0.1");
    try {
      await new Promise<void>((resolve) => client.once("connect", () => resolve()));
      while (serverSide === undefined) await new Promise((resolve) => setImmediate(resolve));
      const queue = createDeadlineQueue();
      const verdicts: string[] = [];
      const deadline = queue.add(20, () => verdicts.push("timeout"));
      client.once("data", () => {
        queue.cancel(deadline);
        verdicts.push("answered");
      });
      serverSide.write("HTTP/1.1 200 OK\r\n\r\n"); // in the client's socket buffer at once (loopback)
      // The stall: when the loop runs again, the deadline is long due and the answer long there.
      const until = performance.now() + 100;
      while (performance.now() < until) {}
      while (verdicts.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      await new Promise((resolve) => setTimeout(resolve, 30)); // a late expiry would show now
      expect(verdicts).toEqual(["answered"]);
    } finally {
      client.destroy();
      serverSide?.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
