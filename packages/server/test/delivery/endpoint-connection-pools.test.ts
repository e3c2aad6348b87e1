import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createEndpointConnectionPools } from "../../src/delivery/endpoint-connection-pools.js";

interface FakePool {
  readonly endpointId: string;
  closed: boolean;
  /** When its last use ended (model time), or undefined while never released. */
  lastReleasedAt?: number;
  running: number;
  close(): Promise<void>;
}

const IDLE_CLOSE_MS = 1_000;
const MAX_IDLE = 3;

type Step =
  | { readonly kind: "start"; readonly endpoint: number }
  | { readonly kind: "finish"; readonly pick: number }
  | { readonly kind: "advance"; readonly ms: number }
  | { readonly kind: "sweep" };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    arbitrary: fc.record({ kind: fc.constant("start" as const), endpoint: fc.integer({ min: 0, max: 7 }) }),
    weight: 3,
  },
  { arbitrary: fc.record({ kind: fc.constant("finish" as const), pick: fc.nat() }), weight: 3 },
  {
    arbitrary: fc.record({ kind: fc.constant("advance" as const), ms: fc.integer({ min: 0, max: 1_500 }) }),
    weight: 1,
  },
  { arbitrary: fc.record({ kind: fc.constant("sweep" as const) }), weight: 1 },
);

/** Lets pending callbacks run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("endpoint connection pools", () => {
  it("model: one open pool per endpoint, reused; never closed in use; idle ones closed by age and count", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 10, maxLength: 60, size: "max" }), async (steps) => {
        let clock = 0;
        const created: FakePool[] = [];
        const pools = createEndpointConnectionPools<FakePool>({
          create: (endpointId) => {
            const pool: FakePool = {
              endpointId,
              closed: false,
              running: 0,
              close: async () => {
                pool.closed = true;
              },
            };
            created.push(pool);
            return pool;
          },
          idleCloseMs: IDLE_CLOSE_MS,
          maxIdlePools: MAX_IDLE,
          now: () => clock,
        });
        const running: { pool: FakePool; finish: () => void }[] = [];
        const openOf = (endpointId: string) =>
          created.filter((p) => p.endpointId === endpointId && !p.closed);
        const idleOpen = () => created.filter((p) => !p.closed && p.running === 0);

        for (const s of steps) {
          if (s.kind === "start") {
            const endpointId = `ep_${s.endpoint}`;
            const before = openOf(endpointId);
            const borrowed = pools.borrow(endpointId);
            const used = borrowed.pool;
            used.running++;
            const finish = () => {
              used.running--;
              used.lastReleasedAt = clock;
              borrowed.release();
            };
            // An endpoint's open pool is reused; a new one only when it had none.
            expect(before.length === 0 || before[0] === used).toBe(true);
            running.push({ pool: used, finish });
          } else if (s.kind === "finish" && running.length > 0) {
            const [one] = running.splice(s.pick % running.length, 1);
            one?.finish();
            await settle();
            expect(idleOpen().length).toBeLessThanOrEqual(MAX_IDLE);
          } else if (s.kind === "advance") {
            clock += s.ms;
          } else if (s.kind === "sweep") {
            pools.closeIdle();
            expect(idleOpen().length).toBeLessThanOrEqual(MAX_IDLE);
            for (const pool of idleOpen()) {
              expect(clock - (pool.lastReleasedAt ?? clock)).toBeLessThan(IDLE_CLOSE_MS);
            }
          }
          for (const { pool } of running) expect(pool.closed).toBe(false);
          for (const endpoint of new Set(created.map((p) => p.endpointId))) {
            expect(openOf(endpoint).length).toBeLessThanOrEqual(1);
          }
          expect(new Set(pools.endpointIds())).toEqual(
            new Set(created.filter((p) => !p.closed).map((p) => p.endpointId)),
          );
        }

        for (const one of running) one.finish();
        await pools.close();
        expect(created.every((p) => p.closed)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it("keeps at most maxIdlePools idle pools, closing the least recently used first", async () => {
    const closed: string[] = [];
    const pools = createEndpointConnectionPools({
      create: (endpointId) => ({
        close: async () => {
          closed.push(endpointId);
        },
      }),
      idleCloseMs: 60_000,
      maxIdlePools: 3,
      now: () => 0,
    });
    const useOnce = (endpointId: string) => pools.borrow(endpointId).release();
    for (const endpointId of ["a", "b", "c", "d"]) useOnce(endpointId);
    useOnce("b"); // b is now the most recently used
    useOnce("e");
    expect(closed).toEqual(["a", "c"]);
    expect(pools.endpointIds()).toEqual(["d", "b", "e"]);
    await pools.close();
  });

  it("waits, on close, for a pool closed while idle to finish closing", async () => {
    let clock = 0;
    let finishClosing = () => {};
    const pools = createEndpointConnectionPools({
      create: () => ({
        close: () =>
          new Promise<void>((resolve) => {
            finishClosing = resolve;
          }),
      }),
      idleCloseMs: 10,
      maxIdlePools: 10,
      now: () => clock,
    });
    pools.borrow("ep_1").release();
    clock += 10;
    pools.closeIdle();
    expect(pools.endpointIds()).toEqual([]);
    let closed = false;
    const closing = pools.close().then(() => {
      closed = true;
    });
    await settle();
    expect(closed).toBe(false);
    finishClosing();
    await closing;
    expect(closed).toBe(true);
  });
});
