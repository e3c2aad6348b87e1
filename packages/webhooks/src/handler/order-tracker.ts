import type { VoiceHireEvent } from "../catalog/envelope.js";

/**
 * Webhooks may arrive out of order. The envelope `timestamp` is when the event happened, so an event
 * older than the newest one already seen for the same subject is stale (e.g. a `candidate.added`
 * arriving after that candidate's `candidate.interview.completed`): don't let it overwrite newer state.
 */

/** The subject an event is about: `candidate:<id>`, `campaign:<id>`, or `credits` (the account's balance). */
export function orderingKeyOf(event: VoiceHireEvent): string {
  const data = event.data as { candidate_id?: string; campaign_id?: string };
  if (data.candidate_id !== undefined) return `candidate:${data.candidate_id}`;
  if (data.campaign_id !== undefined) return `campaign:${data.campaign_id}`;
  return "credits";
}

/** Remembers the newest event time (epoch ms) per subject. Implement it to share it between processes. */
export interface OrderStore {
  get(key: string): number | undefined | Promise<number | undefined>;
  set(key: string, occurredAt: number): void | Promise<void>;
}

export interface OrderCheck {
  /** True when the event happened strictly before the newest one seen for its subject. */
  readonly stale: boolean;
  readonly key: string;
  /** The newest time seen for the subject after this check (epoch ms). */
  readonly latest: number;
}

export interface OrderTracker {
  /** Tells whether `event` is stale, and records its time when it is the newest for its subject. */
  check(event: VoiceHireEvent): Promise<OrderCheck>;
}

/** An in-process `OrderStore` that keeps at most `maxKeys` subjects (least recently updated dropped first). */
export function createMemoryOrderStore(maxKeys = 100_000): OrderStore {
  const latest = new Map<string, number>();
  return {
    get: (key) => latest.get(key),
    set(key, occurredAt) {
      latest.delete(key);
      latest.set(key, occurredAt);
      for (const oldest of latest.keys()) {
        if (latest.size <= maxKeys) break;
        latest.delete(oldest);
      }
    },
  };
}

export interface OrderTrackerOptions {
  readonly store?: OrderStore;
  /** Which subject an event belongs to. Default `orderingKeyOf`. */
  readonly keyOf?: (event: VoiceHireEvent) => string;
}

export function createOrderTracker(options: OrderTrackerOptions = {}): OrderTracker {
  const store = options.store ?? createMemoryOrderStore();
  const keyOf = options.keyOf ?? orderingKeyOf;
  return {
    async check(event) {
      const key = keyOf(event);
      const occurredAt = Date.parse(event.timestamp);
      const previous = await store.get(key);
      if (Number.isNaN(occurredAt)) return { stale: false, key, latest: previous ?? Number.NaN };
      if (previous !== undefined && occurredAt < previous) return { stale: true, key, latest: previous };
      if (previous === undefined || occurredAt > previous) await store.set(key, occurredAt);
      return { stale: false, key, latest: occurredAt };
    },
  };
}
