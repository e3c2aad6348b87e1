import type { SqliteContext } from "./sqlite-context.js";

/**
 * The number each worker's leases carry in `deliveries.lease_owner` (migration 014): a character or two
 * where its id took about 25, so taking a lease does not grow the row. Numbers are given by the file
 * (`lease_owners`), so workers of two processes on one file never share one; each process remembers the
 * numbers it has looked up.
 */
export interface LeaseOwners {
  /** The worker's number, given on its first lease. */
  numberOf(workerId: string): string;
  /** The worker's number if it has one, else null: it holds no lease, and null matches no row. */
  knownNumberOf(workerId: string): string | null;
  /** Forgets every number (all leases were given back: a start-up). */
  forgetAll(): void;
}

export function createLeaseOwners({ statement }: SqliteContext): LeaseOwners {
  const known = new Map<string, string>();
  const lookUp = (workerId: string): string | null => {
    let number = known.get(workerId);
    if (number === undefined) {
      const id = statement("SELECT id FROM lease_owners WHERE worker_id = ?").pluck().get(workerId) as
        | number
        | undefined;
      if (id === undefined) return null;
      number = String(id);
      known.set(workerId, number);
    }
    return number;
  };
  return {
    numberOf(workerId) {
      const number = lookUp(workerId);
      if (number !== null) return number;
      statement("INSERT INTO lease_owners (worker_id) VALUES (?)").run(workerId);
      return lookUp(workerId) as string;
    },
    knownNumberOf: lookUp,
    forgetAll() {
      statement("DELETE FROM lease_owners").run();
      known.clear();
    },
  };
}
