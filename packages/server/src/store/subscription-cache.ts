/** Event type → the ids of the account's enabled endpoints that selected it, oldest endpoint first. */
export type Subscriptions = ReadonlyMap<string, readonly string[]>;

/** How long a process serves an account's subscriptions from memory without reading them again. */
export const SUBSCRIPTIONS_MAX_AGE_MS = 1000;

/**
 * Each account's subscriptions (the endpoints an event fans out to) kept in memory by a store with a
 * round trip to save. The bound: a change made through this store instance is seen by the next
 * publish (`forget` after its commit); a change made by another process is seen by every publish that
 * starts `maxAgeMs` after it committed, because an entry is served only that long after its read BEGAN.
 *
 * A read that began before a `forget` of its account is not kept (it may predate the change), so a
 * slow read can never put back what an endpoint write just invalidated.
 */
export interface SubscriptionCache {
  /** The account's subscriptions if read less than `maxAgeMs` ago and not forgotten since. */
  get(accountId: string): Subscriptions | undefined;
  /** Marks the start of a read of the account's subscriptions; hand the token to `keep`. */
  begin(accountId: string): ReadToken;
  /** Keeps what the read started with `token` found, unless its account was forgotten since. */
  keep(token: ReadToken, subscriptions: Subscriptions): void;
  /** Drops the account's entry at once: its endpoints changed in this process. */
  forget(accountId: string): void;
}

export interface ReadToken {
  readonly accountId: string;
  readonly generation: number;
  readonly startedAt: number;
}

interface Entry {
  readonly subscriptions: Subscriptions;
  readonly readStartedAt: number;
}

export function createSubscriptionCache(
  options: { readonly maxAgeMs?: number; readonly monotonicNow?: () => number } = {},
): SubscriptionCache {
  const maxAgeMs = options.maxAgeMs ?? SUBSCRIPTIONS_MAX_AGE_MS;
  const monotonicNow = options.monotonicNow ?? (() => performance.now());
  const entries = new Map<string, Entry>();
  // Bumped by every `forget`; an account never forgotten is at generation 0 (no entry kept for it).
  const generations = new Map<string, number>();
  return {
    get(accountId) {
      const entry = entries.get(accountId);
      if (entry === undefined) return undefined;
      if (monotonicNow() - entry.readStartedAt >= maxAgeMs) {
        entries.delete(accountId);
        return undefined;
      }
      return entry.subscriptions;
    },
    begin(accountId) {
      return { accountId, generation: generations.get(accountId) ?? 0, startedAt: monotonicNow() };
    },
    keep(token, subscriptions) {
      if ((generations.get(token.accountId) ?? 0) !== token.generation) return;
      entries.set(token.accountId, { subscriptions, readStartedAt: token.startedAt });
    },
    forget(accountId) {
      entries.delete(accountId);
      generations.set(accountId, (generations.get(accountId) ?? 0) + 1);
    },
  };
}
