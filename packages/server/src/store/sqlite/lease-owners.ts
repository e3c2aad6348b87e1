import { createNumberedStrings } from "./numbered-strings.js";
import type { SqliteContext } from "./sqlite-context.js";

/**
 * The number each worker's leases carry in `deliveries.lease_owner` (migration 014): a character or two
 * where its id took about 25, so taking a lease does not grow the row. Written as text, the column's type.
 */
export interface LeaseOwners {
  /** The worker's number, given on its first lease. */
  numberOf(workerId: string): string;
  /** The worker's number if it has one, else null: it holds no lease, and null matches no row. */
  knownNumberOf(workerId: string): string | null;
  /** Forgets every number (all leases were given back: a start-up). */
  forgetAll(): void;
}

export function createLeaseOwners(context: SqliteContext): LeaseOwners {
  const numbers = createNumberedStrings(context, "lease_owners", "worker_id");
  return {
    numberOf: (workerId) => String(numbers.numberOf(workerId)),
    knownNumberOf(workerId) {
      const number = numbers.knownNumberOf(workerId);
      return number === null ? null : String(number);
    },
    forgetAll: () => numbers.forgetAll(),
  };
}
