import type { EpochMs } from "../../domain/types.js";

/** Reading a pull endpoint's events in order, from a position the reader keeps. */
export interface PullReadStore {
  /**
   * In one transaction: first places the endpoint's deliveries committed since the last read in its
   * read order (the next positions, 1, 2, 3, …, in delivery id order: publish order), then answers at
   * most `limit` of them after `afterPosition`, in position order, each with its event's exact body
   * bytes, and remembers the read (`afterPosition` as the furthest confirmed if it is, and `now`).
   * A position, once given, never changes; a delivery committed after a read gets a greater one than
   * every delivery that read placed, so a reader going on from the last position it got never skips
   * one (several readers at once, several processes on PostgreSQL, included). Deliveries removed by
   * retention are simply gone. Answers undefined when the account has no such pull endpoint (deleted,
   * a push endpoint, another account's).
   */
  readPullEvents(input: PullReadInput): Promise<PullPage | undefined>;
  /** The endpoint's read state, or undefined as for `readPullEvents` (reads nothing into order). */
  getPullBacklog(accountId: string, endpointId: string): Promise<PullBacklog | undefined>;
}

export interface PullReadInput {
  readonly accountId: string;
  readonly endpointId: string;
  /** 0 reads from the first kept delivery. */
  readonly afterPosition: number;
  readonly limit: number;
  readonly now: EpochMs;
}

export interface PullEntry {
  readonly position: number;
  readonly eventId: string;
  readonly body: Uint8Array;
}

export interface PullPage {
  readonly entries: readonly PullEntry[];
}

export interface PullBacklog {
  /** Kept deliveries after the furthest position a reader came back with (read, not yet confirmed). */
  readonly pending: number;
  /** When the endpoint was last read; null before its first read. */
  readonly lastReadAt: EpochMs | null;
}
