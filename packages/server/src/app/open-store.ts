import { join } from "node:path";
import type { ServiceConfig } from "../config/service-config.js";
import type { Logger } from "../domain/logger.js";
import type { Store } from "../store/port.js";
import { openPostgresStore, type PostgresStore } from "../store/postgres/index.js";
import { openSqliteStore } from "../store/sqlite/index.js";

export type StoreKind = "sqlite" | "postgres";

/** The opened store; on PostgreSQL it also wakes workers of other processes (`listenForWork`). */
export type OpenedStore =
  | { readonly kind: "sqlite"; readonly store: Store; readonly description: string }
  | { readonly kind: "postgres"; readonly store: PostgresStore; readonly description: string };

export interface StoreOpeningOptions {
  /** Where the store's own warnings go. */
  readonly logger?: Pick<Logger, "warn" | "info">;
  /**
   * SQLite: checkpoint the WAL on a thread of its own, so no commit stalls the service's event loop
   * (default on; a command that opens the store for a moment has no use for the thread).
   */
  readonly backgroundCheckpoints?: boolean;
}

/** Opens and migrates the store the configuration names: PostgreSQL when a URL is set, else SQLite. */
export async function openConfiguredStore(
  config: Pick<ServiceConfig, "databaseUrl" | "dataDir"> &
    Partial<Pick<ServiceConfig, "sqliteSynchronous" | "databaseSchema" | "databasePoolSize">>,
  options: StoreOpeningOptions = {},
): Promise<OpenedStore> {
  const opened: OpenedStore =
    config.databaseUrl !== null
      ? {
          store: openPostgresStore({
            connectionString: config.databaseUrl,
            schema: config.databaseSchema ?? "public",
            poolSize: config.databasePoolSize ?? 10,
          }),
          kind: "postgres" as const,
          description: `PostgreSQL (schema ${config.databaseSchema ?? "public"})`,
        }
      : {
          store: openSqliteStore({
            file: join(config.dataDir, "voicehire.sqlite"),
            synchronous: config.sqliteSynchronous ?? "normal",
            backgroundCheckpoints: options.backgroundCheckpoints ?? true,
            ...(options.logger === undefined ? {} : { logger: options.logger }),
          }),
          kind: "sqlite" as const,
          description: `SQLite at ${join(config.dataDir, "voicehire.sqlite")}`,
        };
  await opened.store.migrate();
  return opened;
}
