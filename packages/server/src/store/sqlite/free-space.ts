import type Database from "better-sqlite3";

/** SQLite's `auto_vacuum` mode that keeps free pages until asked to give them back. */
const INCREMENTAL = 2;

/**
 * Makes a new store file one whose free pages can be given back to the filesystem (`releaseFreePages`).
 * Only a file with no table yet takes the setting: an existing one keeps its mode (`VACUUM` with the
 * service stopped converts it; docs/operations.md). Call before anything creates a table.
 */
export function useIncrementalVacuumIfNew(db: Database.Database): void {
  const tables = db.prepare("SELECT count(*) FROM sqlite_schema").pluck().get() as number;
  if (tables === 0) db.pragma(`auto_vacuum = ${INCREMENTAL}`);
}

/**
 * Gives back at most `maxBytes` of the file's free pages, keeping an eighth of the pages in use free for
 * the rows to come; answers the bytes given back (0 for a file not in incremental mode). The pages at the
 * end of the file move into the free ones; the file itself shrinks once the WAL is checkpointed.
 */
export function releaseFreePages(db: Database.Database, maxBytes: number): number {
  if (db.pragma("auto_vacuum", { simple: true }) !== INCREMENTAL) return 0;
  const pageSize = db.pragma("page_size", { simple: true }) as number;
  const freeBefore = db.pragma("freelist_count", { simple: true }) as number;
  const inUse = (db.pragma("page_count", { simple: true }) as number) - freeBefore;
  const pages = Math.min(Math.floor(maxBytes / pageSize), freeBefore - Math.ceil(inUse / 8));
  if (!(pages > 0)) return 0;
  db.pragma(`incremental_vacuum(${pages})`);
  return (freeBefore - (db.pragma("freelist_count", { simple: true }) as number)) * pageSize;
}
