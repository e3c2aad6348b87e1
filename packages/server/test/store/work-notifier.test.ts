import { describe, expect, it } from "vitest";
import { createWorkNotifier } from "../../src/store/postgres/work-notifier.js";

/** A `send` whose calls the test finishes by hand, one at a time. */
function manualSend() {
  const pending: ((failed?: boolean) => void)[] = [];
  let calls = 0;
  return {
    send: () =>
      new Promise<void>((resolve, reject) => {
        calls++;
        pending.push((failed) => (failed ? reject(new Error("connection lost")) : resolve()));
      }),
    calls: () => calls,
    finishNext(failed = false) {
      const finish = pending.shift();
      if (finish === undefined) throw new Error("no NOTIFY on its way");
      finish(failed);
    },
  };
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("the work notifier (NOTIFY after publishes, coalesced)", () => {
  it("sends one NOTIFY at a time; any number of nudges meanwhile make exactly one more", async () => {
    const wire = manualSend();
    const notifier = createWorkNotifier(wire.send);
    notifier.nudge();
    for (let i = 0; i < 100; i++) notifier.nudge();
    expect(wire.calls()).toBe(1);
    wire.finishNext();
    await settle();
    expect(wire.calls()).toBe(2);
    wire.finishNext();
    await settle();
    expect(wire.calls()).toBe(2); // nothing nudged during the second
    notifier.nudge();
    expect(wire.calls()).toBe(3);
    wire.finishNext();
    await notifier.flush();
  });

  it("goes on after a failed NOTIFY (the workers' poll covers the lost one)", async () => {
    const wire = manualSend();
    const notifier = createWorkNotifier(wire.send);
    notifier.nudge();
    notifier.nudge();
    wire.finishNext(true);
    await settle();
    expect(wire.calls()).toBe(2);
    wire.finishNext();
    await notifier.flush();
    notifier.nudge();
    expect(wire.calls()).toBe(3);
    wire.finishNext();
    await notifier.flush();
  });

  it("flush waits for the NOTIFY on its way, and the one nudged during it", async () => {
    const wire = manualSend();
    const notifier = createWorkNotifier(wire.send);
    notifier.nudge();
    notifier.nudge();
    let flushed = false;
    const flushing = notifier.flush().then(() => (flushed = true));
    wire.finishNext();
    await settle();
    expect(flushed).toBe(false);
    wire.finishNext();
    await flushing;
    expect(wire.calls()).toBe(2);
  });
});
