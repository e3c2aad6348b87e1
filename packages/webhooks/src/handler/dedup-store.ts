/**
 * Deduplication by event id. VoiceHire may deliver an event more than once (retries, resends,
 * a lost 2xx); the envelope `id` is the same every time.
 *
 * - `new`: never seen (or forgotten): the caller now holds it and must `markProcessed` or `release` it;
 * - `processed`: already handled: skip it and answer 2xx, so the sender stops retrying;
 * - `in_progress`: another request is handling it right now: answer 409, so the sender retries later.
 */
export type DedupClaim = "new" | "processed" | "in_progress";

/** A store of seen event ids. Implement it over Redis, SQL... to share it between processes. */
export interface DedupStore {
  claim(eventId: string): DedupClaim | Promise<DedupClaim>;
  /** The event was handled: remember it for the store's time-to-live. */
  markProcessed(eventId: string): void | Promise<void>;
  /** Handling failed: forget the claim, so the sender's retry is handled again. */
  release(eventId: string): void | Promise<void>;
}

export interface MemoryDedupStoreOptions {
  /**
   * How long a processed id is remembered. Default 24 hours: longer than VoiceHire's retry window
   * (4 attempts over minutes to hours), so retries of a handled event are always recognized.
   */
  readonly ttlMs?: number;
  /** How long a claim may stay in progress before a retry may take it over. Default 60 s. */
  readonly inProgressTtlMs?: number;
  /** The most ids kept; the oldest are forgotten first. Default 100 000. */
  readonly maxEntries?: number;
  /** The clock, in epoch milliseconds. Default `Date.now`. */
  readonly now?: () => number;
}

export interface MemoryDedupStore extends DedupStore {
  /** How many ids are currently remembered (expired ones may still count until swept). */
  readonly size: number;
}

export const DEFAULT_DEDUP_TTL_MS = 24 * 60 * 60 * 1000;

interface Entry {
  readonly state: "in_progress" | "processed";
  readonly expiresAt: number;
}

/** An in-process `DedupStore` with a time-to-live and a bound on its size. */
export function createMemoryDedupStore(options: MemoryDedupStoreOptions = {}): MemoryDedupStore {
  const ttlMs = options.ttlMs ?? DEFAULT_DEDUP_TTL_MS;
  const inProgressTtlMs = options.inProgressTtlMs ?? 60_000;
  const maxEntries = Math.max(1, options.maxEntries ?? 100_000);
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();

  function remember(eventId: string, entry: Entry): void {
    entries.delete(eventId);
    entries.set(eventId, entry);
    for (const oldest of entries.keys()) {
      if (entries.size <= maxEntries) break;
      entries.delete(oldest);
    }
  }

  /** Drops expired entries from the oldest end (bounded by the map's size). */
  function sweep(at: number): void {
    for (const [eventId, entry] of entries) {
      if (entry.expiresAt > at) break;
      entries.delete(eventId);
    }
  }

  return {
    get size() {
      return entries.size;
    },
    claim(eventId) {
      const at = now();
      sweep(at);
      const entry = entries.get(eventId);
      if (entry !== undefined && entry.expiresAt > at)
        return entry.state === "processed" ? "processed" : "in_progress";
      remember(eventId, { state: "in_progress", expiresAt: at + inProgressTtlMs });
      return "new";
    },
    markProcessed(eventId) {
      remember(eventId, { state: "processed", expiresAt: now() + ttlMs });
    },
    release(eventId) {
      if (entries.get(eventId)?.state === "in_progress") entries.delete(eventId);
    },
  };
}
