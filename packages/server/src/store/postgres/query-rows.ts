import type pg from "pg";
import type { Queryable } from "./connection.js";

/** Every row a query answers, each turned into its record. */
export async function queryRows<Row extends pg.QueryResultRow, Out>(
  db: Queryable,
  sql: string,
  values: readonly unknown[],
  toRecord: (row: Row) => Out,
): Promise<Out[]> {
  const result = await db.query<Row>(sql, values);
  return result.rows.map((row) => toRecord(row));
}

/** The first row a query answers turned into its record, or undefined when it answers none. */
export async function queryFirst<Row extends pg.QueryResultRow, Out>(
  db: Queryable,
  sql: string,
  values: readonly unknown[],
  toRecord: (row: Row) => Out,
): Promise<Out | undefined> {
  const result = await db.query<Row>(sql, values);
  const row = result.rows[0];
  return row === undefined ? undefined : toRecord(row);
}

/** The row of `table` with this id in this account, turned into its record, or undefined. */
export function queryAccountRow<Row extends pg.QueryResultRow, Out>(
  db: Queryable,
  table: string,
  columns: string,
  ids: { accountId: string; id: string },
  toRecord: (row: Row) => Out,
): Promise<Out | undefined> {
  const sql = `SELECT ${columns} FROM ${table} WHERE account_id = $1 AND id = $2`;
  return queryFirst(db, sql, [ids.accountId, ids.id], toRecord);
}
