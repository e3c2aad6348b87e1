/** Something holding connections that can be closed, e.g. an undici `Agent`. */
export interface ClosablePool {
  close(): Promise<void>;
}

export interface EndpointConnectionPoolsOptions<P extends ClosablePool> {
  /** Makes the pool of one endpoint, the first time it sends (or again after its pool was closed). */
  readonly create: (endpointId: string) => P;
  /** A pool nothing has used for this long is closed. */
  readonly idleCloseMs: number;
  /** At most this many pools are kept while nothing runs on them; beyond, the least recently used go. */
  readonly maxIdlePools: number;
  /** Milliseconds, monotonic. Default `performance.now`. */
  readonly now?: () => number;
}

/**
 * One connection pool per endpoint, so that endpoints sharing a host never share connections: a slow
 * endpoint can fill only its own, and another endpoint of the same host still connects at once. Pools
 * are made on first use and closed once idle, so many endpoints do not mean many pools kept forever.
 */
export interface EndpointConnectionPools<P extends ClosablePool> {
  /**
   * The endpoint's pool, at once (no promise per send): it is not closed before `release` is called,
   * once, when nothing runs on it any more for this borrower.
   */
  borrow(endpointId: string): BorrowedPool<P>;
  /** Closes the pools idle for `idleCloseMs`, and the least recently used beyond `maxIdlePools`. */
  closeIdle(): void;
  /** The endpoints that have a pool now. */
  endpointIds(): string[];
  /** Closes every pool, waiting for the requests still running on them. */
  close(): Promise<void>;
}

export interface BorrowedPool<P> {
  readonly pool: P;
  release(): void;
}

interface Entry<P> {
  readonly pool: P;
  running: number;
  lastUsedAt: number;
}

export function createEndpointConnectionPools<P extends ClosablePool>(
  options: EndpointConnectionPoolsOptions<P>,
): EndpointConnectionPools<P> {
  const now = options.now ?? (() => performance.now());
  // Insertion order is kept as the order of last use (an entry moves to the end when a send starts
  // and when it ends), so the idle pools come least recently used first.
  const entries = new Map<string, Entry<P>>();
  const closing = new Set<Promise<void>>();
  let idleCount = 0;

  function retire(endpointId: string, entry: Entry<P>): void {
    entries.delete(endpointId);
    idleCount--;
    // A graceful close: a response body still being drained after its send answered ends first.
    const closed = entry.pool.close().catch(() => {});
    closing.add(closed);
    void closed.finally(() => closing.delete(closed));
  }

  function closeIdle(): void {
    const at = now();
    for (const [endpointId, entry] of entries) {
      if (entry.running > 0) continue;
      if (at - entry.lastUsedAt < options.idleCloseMs && idleCount <= options.maxIdlePools) break;
      retire(endpointId, entry);
    }
  }

  function acquire(endpointId: string): Entry<P> {
    let entry = entries.get(endpointId);
    if (entry === undefined) {
      entry = { pool: options.create(endpointId), running: 0, lastUsedAt: now() };
    } else {
      entries.delete(endpointId);
      if (entry.running === 0) idleCount--;
    }
    entries.set(endpointId, entry);
    entry.running++;
    return entry;
  }

  function release(endpointId: string, entry: Entry<P>): void {
    entry.running--;
    entry.lastUsedAt = now();
    if (entries.get(endpointId) !== entry) return; // closed meanwhile, with all the others
    entries.delete(endpointId);
    entries.set(endpointId, entry);
    if (entry.running === 0) idleCount++;
    closeIdle();
  }

  // Pools idle when traffic stops are closed too, without keeping the process alive for it.
  const sweeper = setInterval(closeIdle, Math.max(options.idleCloseMs, 1_000));
  sweeper.unref();

  return {
    borrow(endpointId) {
      const entry = acquire(endpointId);
      let released = false;
      return {
        pool: entry.pool,
        release() {
          if (released) return;
          released = true;
          release(endpointId, entry);
        },
      };
    },
    closeIdle,
    endpointIds: () => [...entries.keys()],
    async close() {
      clearInterval(sweeper);
      const open = [...entries.values()].map((entry) => entry.pool.close().catch(() => {}));
      entries.clear();
      idleCount = 0;
      await Promise.all([...open, ...closing]);
    },
  };
}
