import { existsSync } from "node:fs";
import Database from "better-sqlite3";
import pg from "pg";
import { clientConfig } from "../postgres/connection.js";
import { openPostgresStore } from "../postgres/index.js";
import { openSqliteStore } from "../sqlite/index.js";
import { planTransfer, type TableTransfer } from "./transfer-plan.js";

export interface CopyStoreInput {
  /** The embedded store's file (`<data dir>/voicehire.sqlite`); nothing may be using it. */
  readonly sqliteFile: string;
  readonly connectionString: string;
  /** Default `public`. */
  readonly schema?: string;
  /** Called after each batch written, with the table and its rows written so far. */
  readonly onProgress?: (table: string, rows: number) => void;
}

export type CopyStoreOutcome =
  | { readonly kind: "copied"; readonly tables: readonly { readonly table: string; readonly rows: number }[] }
  | { readonly kind: "target_not_empty"; readonly accounts: number };

/** Parameters per INSERT stay well under PostgreSQL's limit of 65,535. */
const MAX_PARAMETERS = 30_000;
const MAX_ROWS_PER_INSERT = 500;

/** A value read from SQLite, as the PostgreSQL column of `type` takes it. */
function convert(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null;
  if (type === "boolean") return value === 1 || value === 1n || value === true;
  if (typeof value === "bigint") return Number(value);
  return value;
}

/** Leases name processes of the old deployment: they are given back, so any new worker may claim. */
function isLease(table: string, column: string): boolean {
  return table === "deliveries" && (column === "lease_owner" || column === "lease_expires_at");
}

async function copyTable(
  source: Database.Database,
  target: pg.ClientBase,
  transfer: TableTransfer,
  onProgress?: (table: string, rows: number) => void,
): Promise<number> {
  const { table, columns, types } = transfer;
  if (columns.length === 0) return 0;
  const rowsPerInsert = Math.max(
    1,
    Math.min(MAX_ROWS_PER_INSERT, Math.floor(MAX_PARAMETERS / columns.length)),
  );
  const columnList = columns.map((c) => `"${c}"`).join(", ");
  let copied = 0;
  let batch: unknown[][] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const values: unknown[] = [];
    const tuples = batch.map((row) => {
      const placeholders = row.map((value) => {
        values.push(value);
        return `$${values.length}`;
      });
      return `(${placeholders.join(", ")})`;
    });
    await target.query(`INSERT INTO "${table}" (${columnList}) VALUES ${tuples.join(", ")}`, values);
    copied += batch.length;
    batch = [];
    onProgress?.(table, copied);
  };
  const rows = source.prepare(transfer.sourceSql).raw().iterate() as IterableIterator<unknown[]>;
  for (const row of rows) {
    batch.push(
      row.map((value, i) => (isLease(table, columns[i] ?? "") ? null : convert(value, types[i] ?? ""))),
    );
    if (batch.length >= rowsPerInsert) await flush();
  }
  await flush();
  return copied;
}

/**
 * Copies everything the embedded store holds into an empty PostgreSQL schema: accounts, keys,
 * endpoints (secrets stay sealed: keep the same master key), events with their exact bytes,
 * deliveries with their state and attempts, idempotency keys, and whatever later migrations added.
 * Both sides are first migrated to this version's schema. The copy is one PostgreSQL transaction: it
 * lands whole or not at all, and row counts are checked before it commits. Leases are given back.
 */
export async function copySqliteToPostgres(input: CopyStoreInput): Promise<CopyStoreOutcome> {
  const schema = input.schema ?? "public";
  if (!existsSync(input.sqliteFile)) {
    throw new Error(`voicehire-webhooks: no embedded store at ${input.sqliteFile}`);
  }
  const upgraded = openSqliteStore({ file: input.sqliteFile });
  try {
    await upgraded.migrate();
  } finally {
    await upgraded.close();
  }
  const targetStore = openPostgresStore({ connectionString: input.connectionString, schema, poolSize: 1 });
  try {
    await targetStore.migrate();
  } finally {
    await targetStore.close();
  }

  const source = new Database(input.sqliteFile, { readonly: true, fileMustExist: true });
  const target = new pg.Client(
    clientConfig({ connectionString: input.connectionString, schema }, "voicehire-webhooks migrate-store"),
  );
  target.on("error", () => {});
  try {
    await target.connect();
    await target.query("BEGIN");
    // Taken before looking, so two copies started at once cannot both find the target empty.
    await target.query("LOCK TABLE accounts IN EXCLUSIVE MODE");
    const existing = await target.query<{ n: number }>("SELECT count(*)::int AS n FROM accounts");
    const accounts = existing.rows[0]?.n ?? 0;
    if (accounts > 0) {
      await target.query("ROLLBACK");
      return { kind: "target_not_empty", accounts };
    }
    const tables: { table: string; rows: number }[] = [];
    for (const transfer of await planTransfer(source, target, schema)) {
      const rows = await copyTable(source, target, transfer, input.onProgress);
      const expected = source.prepare(`SELECT count(*) FROM (${transfer.sourceSql})`).pluck().get() as number;
      const landed = await target.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${transfer.table}"`);
      if (rows !== expected || landed.rows[0]?.n !== expected) {
        throw new Error(
          `voicehire-webhooks: copying ${transfer.table} wrote ${landed.rows[0]?.n} rows, expected ${expected}; nothing was kept`,
        );
      }
      tables.push({ table: transfer.table, rows });
    }
    // Ordered deliveries published after the copy must come after the copied ones of their key.
    await target.query(
      "SELECT setval('delivery_order_seq', COALESCE((SELECT max(order_seq) FROM deliveries), 0) / 1000000 + 1)",
    );
    await target.query("COMMIT");
    return { kind: "copied", tables };
  } catch (error) {
    await target.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    source.close();
    await target.end().catch(() => {});
  }
}
