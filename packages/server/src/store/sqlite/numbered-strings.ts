import type { SqliteContext } from "./sqlite-context.js";

/**
 * Strings the embedded store writes as a small number instead (a worker's id in a lease, an attempt's
 * user agent): `table` gives each `column` value an `id` on its first use, and each process remembers the
 * numbers it has looked up. The file gives the numbers, so two connections never give one twice.
 */
export interface NumberedStrings {
  /** The value's number, given now if it has none. */
  numberOf(value: string): number;
  /** The value's number if it has one, else null. */
  knownNumberOf(value: string): number | null;
  /** Deletes every number (nothing refers to them any more). */
  forgetAll(): void;
}

export function createNumberedStrings(
  { statement }: SqliteContext,
  table: "lease_owners" | "user_agents",
  column: "worker_id" | "value",
): NumberedStrings {
  const known = new Map<string, number>();
  const knownNumberOf = (value: string): number | null => {
    let id = known.get(value);
    if (id === undefined) {
      id = statement(`SELECT id FROM ${table} WHERE ${column} = ?`).pluck().get(value) as number | undefined;
      if (id === undefined) return null;
      known.set(value, id);
    }
    return id;
  };
  return {
    numberOf(value) {
      const id = knownNumberOf(value);
      if (id !== null) return id;
      const inserted = Number(
        statement(`INSERT INTO ${table} (${column}) VALUES (?)`).run(value).lastInsertRowid,
      );
      known.set(value, inserted);
      return inserted;
    },
    knownNumberOf,
    forgetAll() {
      statement(`DELETE FROM ${table}`).run();
      known.clear();
    },
  };
}
