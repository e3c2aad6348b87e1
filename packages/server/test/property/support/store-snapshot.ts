import { createHash } from "node:crypto";
import Database from "better-sqlite3";

/** A fingerprint of every row of every table of a store, per table. */
export type Snapshot = Readonly<Record<string, string>>;

/** Takes snapshots of one store through a connection of its own. */
export interface Snapshotter {
  snapshot(): Promise<Snapshot>;
  close(): Promise<void>;
}

/**
 * Reads the store's file through a second, read-only connection (WAL: it sees every committed write),
 * so the comparison does not depend on the Store port offering a listing of everything.
 */
export function openSqliteSnapshotter(file: string): Snapshotter {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const tables = () =>
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
  return {
    async snapshot() {
      const fingerprint: Record<string, string> = {};
      for (const table of tables()) {
        const hash = createHash("sha256");
        for (const row of db.prepare(`SELECT * FROM "${table.replace(/"/g, '""')}"`).iterate()) {
          hash.update(
            JSON.stringify(row, (_key, value: unknown) =>
              Buffer.isBuffer(value)
                ? value.toString("base64")
                : typeof value === "bigint"
                  ? String(value)
                  : value,
            ),
          );
          hash.update("\n");
        }
        fingerprint[table] = hash.digest("hex");
      }
      return fingerprint;
    },
    async close() {
      db.close();
    },
  };
}

/** The tables whose rows differ between two snapshots. */
export function changedTables(before: Snapshot, after: Snapshot): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((name) => before[name] !== after[name]).sort();
}
