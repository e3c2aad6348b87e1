import type { SqliteContext } from "./sqlite-context.js";

/** The most rows one INSERT carries: with 8 columns, 512 parameters, far below SQLite's limit. */
const MAX_ROWS_PER_STATEMENT = 64;

/**
 * Inserts many rows with few statements: each INSERT carries up to 64 rows, and a remainder is split
 * in powers of two, so a table needs at most 7 prepared statements (64, 32, ..., 1 rows) whatever the
 * row counts, and a row costs one native call for a group of rows instead of one each.
 *
 * `head` is `INSERT INTO t (a, b, c) VALUES`; `row` is one row's placeholders, e.g. `(?, ?, 'x', ?)`;
 * each entry of `rows` holds that row's parameters in order.
 */
export function insertRows(
  { statement }: Pick<SqliteContext, "statement">,
  head: string,
  row: string,
  rows: readonly (readonly unknown[])[],
): void {
  let start = 0;
  while (start < rows.length) {
    const left = rows.length - start;
    let count = MAX_ROWS_PER_STATEMENT;
    while (count > left) count /= 2;
    const values: unknown[] = [];
    for (let i = start; i < start + count; i++) values.push(...(rows[i] as readonly unknown[]));
    statement(`${head} ${Array.from({ length: count }, () => row).join(", ")}`).run(values);
    start += count;
  }
}
