/**
 * Wakes listening workers after publishes have committed, with as few NOTIFYs as possible.
 *
 * A transaction that NOTIFYs takes a database-wide lock while it commits, so commits of notifying
 * transactions are serialized, disk flush included: a NOTIFY inside every publish would cap publishing
 * at one commit per flush however many API processes and connections there are. Publishes therefore
 * commit without it, and nudge this notifier, which sends one small NOTIFY at a time: nudges that come
 * while one is on its way are answered by exactly one more, sent after it.
 *
 * A NOTIFY lost to a failure (or to a crash between the commit and the NOTIFY) only delays the work to
 * the workers' next poll: the deliveries are already committed.
 */
export interface WorkNotifier {
  nudge(): void;
  /** Resolves once no NOTIFY is on its way (before closing the pool). */
  flush(): Promise<void>;
}

export function createWorkNotifier(send: () => Promise<unknown>): WorkNotifier {
  let inFlight: Promise<void> | undefined;
  let nudgedMeanwhile = false;

  function nudge(): void {
    if (inFlight !== undefined) {
      nudgedMeanwhile = true;
      return;
    }
    inFlight = send()
      .then(
        () => {},
        () => {},
      )
      .finally(() => {
        inFlight = undefined;
        if (nudgedMeanwhile) {
          nudgedMeanwhile = false;
          nudge();
        }
      });
  }

  return {
    nudge,
    async flush() {
      // Each round waits for one NOTIFY; a nudge during it starts at most one more.
      for (let round = 0; round < 3 && inFlight !== undefined; round++) await inFlight;
    },
  };
}
