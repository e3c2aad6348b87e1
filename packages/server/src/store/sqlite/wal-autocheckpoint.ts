import type { Database } from "better-sqlite3";

/**
 * Checkpoint every ~40 MB of WAL, not every 4 MB: a page rewritten by many commits (an index's hot
 * leaves, one per endpoint when an event fans out widely) is copied into the file once per checkpoint.
 */
export const WAL_AUTOCHECKPOINT_PAGES = 10_000;

/**
 * The WAL is checkpointed by the commit that crosses `WAL_AUTOCHECKPOINT_PAGES`, inside that commit:
 * the default, and what the store falls back to when no checkpoint thread runs.
 */
export function checkpointOnCommits(db: Database): void {
  db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
}

/** Commits no longer checkpoint: someone else (the checkpoint thread) does. */
export function stopCheckpointingOnCommits(db: Database): void {
  db.pragma("wal_autocheckpoint = 0");
}
