import Database from "better-sqlite3";
import { type CircuitSettings, circuitSettingsProblem } from "../../domain/circuit-rule.js";
import { classifyStoreErrors } from "../classify-store-errors.js";
import type { Store } from "../port.js";
import { sqliteAccountMethods } from "./accounts.js";
import { classifySqliteError } from "./classify-sqlite-error.js";
import { sqliteDashboardSessionMethods } from "./dashboard-sessions.js";
import { sqliteDeliveryLogMethods } from "./delivery-log.js";
import { sqliteDeliveryQueueMethods } from "./delivery-queue.js";
import { sqliteDeliveryStatisticsMethods } from "./delivery-statistics.js";
import { sqliteEndpointCircuitMethods } from "./endpoint-circuit.js";
import { sqliteEndpointHealthMethods } from "./endpoint-health.js";
import { sqliteEndpointSecretMethods } from "./endpoint-secrets.js";
import { sqliteEndpointSigningKeyMethods } from "./endpoint-signing-keys.js";
import { sqliteEndpointMethods } from "./endpoints.js";
import { applySqliteMigrations } from "./migrate.js";
import { sqliteMigrations } from "./migrations/index.js";
import { sqlitePublishMethods } from "./publish.js";
import { sqlitePullReadMethods } from "./pull-reads.js";
import { sqliteQueueStatsMethods } from "./queue-stats.js";
import { sqliteRequeueMethods } from "./requeue.js";
import { sqliteRetentionMethods } from "./retention.js";
import { createSqliteContext } from "./sqlite-context.js";
import { sqliteStorageUsageMethods } from "./storage-usage.js";
import { sqliteTestDeliveryMethods } from "./test-deliveries.js";

export interface SqliteStoreOptions {
  /** Path of the database file (created when missing). */
  readonly file: string;
  /**
   * `full` (default) makes every commit durable against power loss; `normal` only against a crash of
   * the process (WAL), which is faster. Group commit keeps `full` affordable.
   */
  readonly synchronous?: "normal" | "full";
  /** How long a write waits for another connection's lock before failing. Default 5000 ms. */
  readonly busyTimeoutMs?: number;
  /** The circuit breaker's thresholds (default `defaultCircuitSettings`). */
  readonly circuit?: CircuitSettings;
}

/**
 * The embedded store: one SQLite file in WAL mode, foreign keys on. Call `migrate()` before anything
 * else (statements are prepared on first use, once the tables exist).
 */
export function openSqliteStore(options: SqliteStoreOptions): Store {
  const circuitProblem = options.circuit && circuitSettingsProblem(options.circuit);
  if (circuitProblem) throw new Error(circuitProblem);
  const db = new Database(options.file);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma(`synchronous = ${options.synchronous === "normal" ? "NORMAL" : "FULL"}`);
    db.pragma("foreign_keys = ON");
    db.pragma("temp_store = MEMORY");
    db.pragma("cache_size = -16000"); // 16 MB of page cache
    // Checkpoint every ~40 MB of WAL, not every 4 MB: a page rewritten by many commits (an index's hot
    // leaves, one per endpoint when an event fans out widely) is copied into the file once per checkpoint.
    db.pragma("wal_autocheckpoint = 10000");
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
  } catch (error) {
    db.close();
    throw error;
  }
  const context = createSqliteContext(db, options.circuit);
  const store: Store = {
    async migrate() {
      applySqliteMigrations(db, sqliteMigrations);
    },
    async close() {
      if (db.open) db.close();
    },
    // One file per concept of the port, named like the port's (see ../port.ts).
    ...sqliteAccountMethods(context),
    ...sqliteEndpointMethods(context),
    ...sqliteEndpointSecretMethods(context),
    ...sqliteEndpointSigningKeyMethods(context),
    ...sqliteEndpointHealthMethods(context),
    ...sqliteEndpointCircuitMethods(context),
    ...sqlitePublishMethods(context),
    ...sqlitePullReadMethods(context),
    ...sqliteTestDeliveryMethods(context),
    ...sqliteDeliveryQueueMethods(context),
    ...sqliteDeliveryLogMethods(context),
    ...sqliteDeliveryStatisticsMethods(context),
    ...sqliteQueueStatsMethods(context),
    ...sqliteRequeueMethods(context),
    ...sqliteRetentionMethods(context),
    ...sqliteStorageUsageMethods(context),
    ...sqliteDashboardSessionMethods(context),
  };
  return classifyStoreErrors(store, classifySqliteError);
}
