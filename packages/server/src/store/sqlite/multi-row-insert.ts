import type { Statement } from "better-sqlite3";
import type { SqliteContext } from "./sqlite-context.js";

/** The most rows one INSERT carries: with 8 columns, 512 parameters, far below SQLite's limit. */
const MAX_ROWS_PER_STATEMENT = 64;

/**
 * Inserts many rows with few statements: each INSERT carries up to 64 rows, and a remainder is split
 * in powers of two, so a table needs at most 7 prepared statements (64, 32, ..., 1 rows) whatever the
 * row counts, and a native call writes a group of rows instead of one.
 *
 * `head` is `INSERT INTO t (a, b, c) VALUES`; `row` is one row's placeholders, e.g. `(?, ?, 'x', ?)`;
 * each entry of the rows given holds that row's parameters in order. Statements are prepared on first
 * use (the table may not exist before `migrate()`).
 */
export function createRowInserter(
  { statement }: Pick<SqliteContext, "statement">,
  head: string,
  row: string,
): (rows: readonly (readonly unknown[])[]) => void {
  const byCount = new Map<number, Statement>();
  const statementFor = (count: number): Statement => {
    let prepared = byCount.get(count);
    if (prepared === undefined) {
      prepared = statement(`${head} ${Array.from({ length: count }, () => row).join(", ")}`);
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
