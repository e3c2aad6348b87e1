import Database from "better-sqlite3";
import { type CircuitSettings, circuitSettingsProblem } from "../../domain/circuit-rule.js";
import type { Logger } from "../../domain/logger.js";
import { classifyStoreErrors } from "../classify-store-errors.js";
import type { Store } from "../port.js";
import { sqliteAccountMethods } from "./accounts.js";
import { type BackgroundCheckpointSettings, checkpointInBackground } from "./background-checkpoints.js";
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
import { checkpointOnCommits } from "./wal-autocheckpoint.js";

const JOURNAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

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
  /**
   * Checkpoint the WAL on a worker thread instead of inside the commit that fills it (which stalls the
   * event loop for tens of ms). Off by default: a thread per store is too much for code (tests, CLI
   * commands) that opens many short-lived stores; the service turns it on.
   */
  readonly backgroundCheckpoints?: boolean | BackgroundCheckpointSettings;
  /**
   * How many events may wait before a publish indexes their candidate ids
   * (`CANDIDATE_INDEX_BATCH_EVENTS` by default; tests make batches small to see many of them).
   */
  readonly candidateIndexBatchEvents?: number;
  /** Where the store's warnings go (the checkpoint thread's failure); default `process.emitWarning`. */
  readonly logger?: Pick<Logger, "warn" | "info">;
}

/** A warning nobody asked to receive still reaches stderr. */
const processWarnings: Pick<Logger, "warn" | "info"> = {
  warn: (fields, message) =>
    process.emitWarning(`voicehire-webhooks: ${message}`, { detail: JSON.stringify(fields) }),
  info: () => {},
};

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
    checkpointOnCommits(db);
    // A WAL that grew large (a long reader kept it from being reset) is cut back to this when it is.
    db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT_BYTES}`);
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
  } catch (error) {
    db.close();
    throw error;
  }
  const checkpoints =
    options.backgroundCheckpoints === undefined || options.backgroundCheckpoints === false
      ? null
      : checkpointInBackground(db, {
          logger: options.logger ?? processWarnings,
          ...(options.backgroundCheckpoints === true ? {} : { settings: options.backgroundCheckpoints }),
        });
  const context = createSqliteContext(db, options.circuit);
  const store: Store = {
    async migrate() {
      const logger = options.logger ?? processWarnings;
      // A migration that rewrites a table takes about 10 s per million deliveries: say so while it runs.
      applySqliteMigrations(db, sqliteMigrations, ({ version, name }, tookMs) =>
        tookMs === undefined
          ? logger.info({ version, name, file: db.name }, "applying a store migration")
          : logger.info({ version, name, tookMs }, "store migration applied"),
      );
    },
    async close() {
      await checkpoints?.stop();
      if (db.open) db.close();
    },
    // One file per concept of the port, named like the port's (see ../port.ts).
    ...sqliteAccountMethods(context),
    ...sqliteEndpointMethods(context),
    ...sqliteEndpointSecretMethods(context),
    ...sqliteEndpointSigningKeyMethods(context),
    ...sqliteEndpointHealthMethods(context),
    ...sqliteEndpointCircuitMethods(context),
    ...sqlitePublishMethods(context, options),
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
