import Database from "better-sqlite3";
import { monotonicMs } from "./monotonic-clock.js";

/** What the store holds at one moment (counted in the service's SQLite file through a read-only connection). */
export interface StoreSample {
  /** Since the phase started. */
  readonly atMs: number;
  readonly pendingUnleased: number;
  /** Pending deliveries under a lease: being sent, waiting for an endpoint slot, or parked until the lease ends. */
  readonly pendingLeased: number;
  /** Receipts the receiver had counted when the sample was taken. */
  readonly received: number;
}

/**
 * Pending rows only, through the index that holds nothing else: counting the finished ones too would
 * scan the whole table, which on a store of 5,000,000 finished deliveries takes the bench process
 * (the loader's own event loop) most of a second per sample and starves the publishes it measures.
 */
const COUNT_SQL = `
SELECT
  SUM(lease_owner IS NULL) AS pendingUnleased,
  SUM(lease_owner IS NOT NULL) AS pendingLeased
FROM deliveries WHERE status = 'pending'`;

/**
 * Samples the delivery states of a running service once per `everyMs`, from the outside (its own
 * read-only connection, WAL lets it read while the service writes). A clinic-free way to see where
 * deliveries wait: a long run of samples with many leased deliveries and no new receipts means claims
 * are held without being sent.
 */
export function startStoreSampler(input: {
  readonly databaseFile: string;
  readonly startedMs: number;
  readonly everyMs: number;
  readonly received: () => number;
}): { stop(): StoreSample[] } {
  const db = new Database(input.databaseFile, { readonly: true, fileMustExist: true });
  db.pragma("busy_timeout = 1000");
  const count = db.prepare(COUNT_SQL);
  const samples: StoreSample[] = [];
  const take = () => {
    try {
      const row = count.get() as Record<string, number | null>;
      samples.push({
        atMs: Math.round(monotonicMs() - input.startedMs),
        pendingUnleased: row.pendingUnleased ?? 0,
        pendingLeased: row.pendingLeased ?? 0,
        received: input.received(),
      });
    } catch {
      // a busy store: skip this sample
    }
  };
  const timer = setInterval(take, input.everyMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      db.close();
      return samples;
    },
  };
}

/** The longest stretch of samples during which the receiver got nothing while deliveries were leased. */
export function longestStall(samples: readonly StoreSample[]): { ms: number; maxLeased: number } {
  let best = { ms: 0, maxLeased: 0 };
  let start: StoreSample | undefined;
  let maxLeased = 0;
  for (let i = 1; i < samples.length; i++) {
    const previous = samples[i - 1] as StoreSample;
    const current = samples[i] as StoreSample;
    const stuck =
      current.received === previous.received && current.pendingLeased + current.pendingUnleased > 0;
    if (stuck) {
      start ??= previous;
      maxLeased = Math.max(maxLeased, current.pendingLeased);
      const ms = current.atMs - start.atMs;
      if (ms > best.ms) best = { ms, maxLeased };
    } else {
      start = undefined;
      maxLeased = 0;
    }
  }
  return best;
}
