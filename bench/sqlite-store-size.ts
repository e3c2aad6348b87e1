import { statSync } from "node:fs";
import Database from "better-sqlite3";

/** The space a SQLite store takes, read through its own read-only connection (WAL content included). */
export interface SqliteStoreSize {
  /** The database file plus its WAL on disk. */
  readonly fileBytes: number;
  /** Pages holding data: (page_count - freelist_count) × page_size. */
  readonly usedBytes: number;
  /** Free pages kept in the file for reuse (SQLite gives space back to the filesystem only on VACUUM). */
  readonly freeBytes: number;
  /** Bytes by table, its indexes included (from the `dbstat` table; empty when SQLite lacks it). */
  readonly byTable: Readonly<Record<string, number>>;
  /** Bytes by table or index on its own (the table's own b-tree, each index's), from `dbstat` too. */
  readonly byTree: Readonly<Record<string, number>>;
}

function sizeOnDisk(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

export function sqliteStoreSize(databaseFile: string): SqliteStoreSize {
  const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    const pageSize = db.pragma("page_size", { simple: true }) as number;
    const pages = db.pragma("page_count", { simple: true }) as number;
    const free = db.pragma("freelist_count", { simple: true }) as number;
    let byTable: Record<string, number> = {};
    let byTree: Record<string, number> = {};
    try {
      const rows = db
        .prepare(
          `SELECT s.name AS tree, COALESCE(m.tbl_name, s.name) AS name, SUM(s.pgsize) AS bytes
           FROM dbstat s LEFT JOIN sqlite_master m ON m.name = s.name GROUP BY 1 ORDER BY 3 DESC`,
        )
        .all() as { tree: string; name: string; bytes: number }[];
      for (const row of rows) byTable[row.name] = (byTable[row.name] ?? 0) + row.bytes;
      byTree = Object.fromEntries(rows.map((row) => [row.tree, row.bytes]));
    } catch {
      // built without SQLITE_ENABLE_DBSTAT_VTAB: the totals above still hold
      byTable = {};
      byTree = {};
    }
    return {
      fileBytes: sizeOnDisk(databaseFile) + sizeOnDisk(`${databaseFile}-wal`),
      usedBytes: (pages - free) * pageSize,
      freeBytes: free * pageSize,
      byTable,
      byTree,
    };
  } finally {
    db.close();
  }
}

/** `after - before` per unit, by table (bytes, rounded), for the tables that grew. */
export function growthPer(
  before: Readonly<Record<string, number>>,
  after: Readonly<Record<string, number>>,
  units: number,
): Record<string, number> {
  if (units <= 0) return {};
  return Object.fromEntries(
    Object.entries(after)
      .map(([name, bytes]) => [name, Math.round((bytes - (before[name] ?? 0)) / units)] as const)
      .filter(([, perUnit]) => perUnit > 0),
  );
}
