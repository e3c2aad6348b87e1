import { createMemoryDedupStore, DEFAULT_DEDUP_TTL_MS } from "@voicehire/webhooks";
import { describe, expect, it } from "vitest";

describe("createMemoryDedupStore", () => {
  it("remembers processed ids for 24 hours by default (longer than the 4-hour retry window)", () => {
    let clock = 0;
    const store = createMemoryDedupStore({ now: () => clock });
    expect(DEFAULT_DEDUP_TTL_MS).toBeGreaterThanOrEqual(4 * 3600_000);
    expect(store.claim("evt_1")).toBe("new");
    store.markProcessed("evt_1");
    clock = DEFAULT_DEDUP_TTL_MS - 1;
    expect(store.claim("evt_1")).toBe("processed");
    clock = DEFAULT_DEDUP_TTL_MS;
    expect(store.claim("evt_1")).toBe("new");
  });

  it("reports an id being handled as in progress until released or its lease expires", () => {
    let clock = 0;
    const store = createMemoryDedupStore({ now: () => clock, inProgressTtlMs: 1000 });
    expect(store.claim("evt_1")).toBe("new");
    expect(store.claim("evt_1")).toBe("in_progress");
    store.release("evt_1");
    expect(store.claim("evt_1")).toBe("new");
    clock = 1000;
    expect(store.claim("evt_1")).toBe("new");
    store.markProcessed("evt_1");
    store.release("evt_1");
    expect(store.claim("evt_1")).toBe("processed");
  });

  it("keeps at most maxEntries ids, forgetting the oldest first", () => {
    const store = createMemoryDedupStore({ maxEntries: 3, now: () => 0 });
    for (const id of ["a", "b", "c", "d"]) {
      store.claim(id);
      store.markProcessed(id);
    }
    expect(store.size).toBe(3);
    expect(store.claim("b")).toBe("processed");
    expect(store.claim("a")).toBe("new");
  });

  it("sweeps expired ids so memory follows the traffic", () => {
    let clock = 0;
    const store = createMemoryDedupStore({ ttlMs: 100, now: () => clock });
    for (let i = 0; i < 50; i++) {
      store.claim(`evt_${i}`);
      store.markProcessed(`evt_${i}`);
    }
    expect(store.size).toBe(50);
    clock = 100;
    store.claim("later");
    expect(store.size).toBe(1);
  });
});
