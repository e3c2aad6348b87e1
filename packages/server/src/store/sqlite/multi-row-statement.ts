import type { Statement } from "better-sqlite3";
import type { SqliteContext } from "./sqlite-context.js";

/** The most rows one statement carries: with 13 columns, 832 parameters, far below SQLite's limit. */
const MAX_ROWS_PER_STATEMENT = 64;

/**
 * Runs one statement over many rows with few native calls: `head`, then the rows' placeholders
 * separated by commas, then `tail`. Each statement carries up to 64 rows, and a remainder is split in
 * powers of two, so a shape needs at most 7 prepared statements (64, 32, ..., 1 rows) whatever the
 * row counts. Inserts (`INSERT INTO t (a, b) VALUES` + rows) and updates driven by a list of values
 * (`WITH r (a, b) AS (VALUES` + rows + `) UPDATE t SET ... FROM r WHERE ...`) both fit.
 *
 * `row` is one row's placeholders, e.g. `(?, ?, 'x', ?)`; each entry of the rows given holds that row's
 * parameters in order. Statements are prepared on first use (the table may not exist before
 * `migrate()`). Rows go in the order given, chunk after chunk.
 */
export function createMultiRowStatement(
  { statement }: Pick<SqliteContext, "statement">,
  head: string,
  row: string,
  tail = "",
): (rows: readonly (readonly unknown[])[]) => void {
  const byCount = new Map<number, Statement>();
  const statementFor = (count: number): Statement => {
    let prepared = byCount.get(count);
    if (prepared === undefined) {
      prepared = statement(`${head} ${Array.from({ length: count }, () => row).join(", ")}${tail}`);
      byCount.set(count, prepared);
    }
    return prepared;
  };
  return (rows) => {
    let start = 0;
    while (start < rows.length) {
      const left = rows.length - start;
      let count = MAX_ROWS_PER_STATEMENT;
      while (count > left) count /= 2;
      const values: unknown[] = [];
      for (let i = start; i < start + count; i++) {
        for (const value of rows[i] as readonly unknown[]) values.push(value);
      }
      statementFor(count).run(values);
      start += count;
    }
  };
}
