import { StoreUnavailableError } from "../store-unavailable-error.js";

/**
 * The one place where SQLite's errors are sorted: a write refused because the disk (or the database's
 * page limit) is full becomes `StoreUnavailableError` with reason `storage_full`; every other error is
 * returned unchanged. An embedded file has no connection to lose, so nothing here is `unreachable`.
 */
export function classifySqliteError(error: unknown): unknown {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return code === "SQLITE_FULL" ? new StoreUnavailableError("storage_full", { cause: error }) : error;
}
