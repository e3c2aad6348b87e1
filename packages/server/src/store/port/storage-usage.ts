/** The space the store takes, and the room its writes have left. */
export interface StorageUsageStore {
  /** Cheap and read-only (no table scan): read by `/metrics` and before the writes that need room. */
  storageUsage(): Promise<StorageUsage>;
}

export interface StorageUsage {
  /** Bytes the store takes: SQLite's file and its WAL; PostgreSQL's tables of the schema, indexes and TOAST included. */
  readonly usedBytes: number;
  /**
   * Bytes the store's writes may still add before it is full: on SQLite the free space of the file's
   * filesystem, or what the page limit (`max_page_count`) leaves if less. Null when the engine cannot
   * tell (PostgreSQL's disk is its server's): then only a refused write says it is full.
   */
  readonly availableBytes: number | null;
}
