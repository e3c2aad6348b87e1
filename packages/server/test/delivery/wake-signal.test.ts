import { describe, expect, it } from "vitest";
import { createWakeSignal } from "../../src/delivery/wake-signal.js";
import { systemClock } from "../../src/domain/clock.js";

const elapsed = async (run: () => Promise<void>) => {
  const started = Date.now();
  await run();
  return Date.now() - started;
};

describe("wake signal", () => {
  it("wake() ends a sleep at once", async () => {
    const signal = createWakeSignal(systemClock);
    const took = await elapsed(async () => {
      const sleeping = signal.sleep(60_000);
      signal.wake();
      await sleeping;
    });
    expect(took).toBeLessThan(1000);
  });

  it("remembers a wake() that came while nobody slept, once", async () => {
    const signal = createWakeSignal(systemClock);
    signal.wake();
    expect(await elapsed(() => signal.sleep(60_000))).toBeLessThan(1000);
    expect(await elapsed(() => signal.sleep(30))).toBeGreaterThanOrEqual(25);
  });

  it("wakeAt() shortens a running sleep, and a later time does not lengthen it", async () => {
    const signal = createWakeSignal(systemClock);
    const took = await elapsed(async () => {
      const sleeping = signal.sleep(60_000);
      signal.wakeAt(Date.now() + 30);
      signal.wakeAt(Date.now() + 50_000);
      await sleeping;
    });
    expect(took).toBeGreaterThanOrEqual(25);
    expect(took).toBeLessThan(1000);
  });

  it("wakeAt() before a sleep bounds it; a time already past ends it at once", async () => {
    const signal = createWakeSignal(systemClock);
    signal.wakeAt(Date.now() + 30);
    expect(await elapsed(() => signal.sleep(60_000))).toBeLessThan(1000);
    signal.wakeAt(Date.now() - 5);
    expect(await elapsed(() => signal.sleep(60_000))).toBeLessThan(100);
  });

  it("a wake() keeps a pending wakeAt() for later", async () => {
    const signal = createWakeSignal(systemClock);
    signal.wakeAt(Date.now() + 40);
    signal.wake();
    await signal.sleep(60_000); // ended by the wake
    expect(await elapsed(() => signal.sleep(60_000))).toBeLessThan(1000); // ended by the wakeAt
  });

  it("close() ends the running sleep and every later one", async () => {
    const signal = createWakeSignal(systemClock);
    const sleeping = signal.sleep(60_000);
    signal.close();
    await sleeping;
    expect(await elapsed(() => signal.sleep(60_000))).toBeLessThan(100);
  });
});
