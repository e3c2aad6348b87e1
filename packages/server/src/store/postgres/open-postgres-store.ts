import {
  type CircuitSettings,
  circuitSettingsProblem,
  defaultCircuitSettings,
} from "../../domain/circuit-rule.js";
import { classifyStoreErrors } from "../classify-store-errors.js";
import type { Store } from "../port.js";
import { createSubscriptionCache } from "../subscription-cache.js";
import { postgresAccountMethods } from "./accounts.js";
import { classifyPostgresError } from "./classify-postgres-error.js";
import { checkSchemaName, createPool } from "./connection.js";
import { postgresDashboardSessionMethods } from "./dashboard-sessions.js";
import { postgresDeliveryLogMethods } from "./delivery-log.js";
import { postgresDeliveryQueueMethods } from "./delivery-queue.js";
import { postgresDeliveryStatisticsMethods } from "./delivery-statistics.js";
import { postgresEndpointCircuitMethods } from "./endpoint-circuit.js";
import { postgresEndpointHealthMethods } from "./endpoint-health.js";
import { postgresEndpointSecretMethods } from "./endpoint-secrets.js";
import { postgresEndpointSigningKeyMethods } from "./endpoint-signing-keys.js";
import { postgresEndpointMethods } from "./endpoints.js";
import { listenForWork, type WorkListener } from "./listen-for-work.js";
import { migrateSchema } from "./migrate.js";
import { notifyChannel } from "./notify-channel.js";
import type { PostgresContext } from "./postgres-context.js";
import { postgresPublishMethods } from "./publish.js";
import { postgresPullReadMethods } from "./pull-reads.js";
import { postgresQueueStatsMethods } from "./queue-stats.js";
import { postgresRequeueMethods } from "./requeue.js";
import { postgresRetentionMethods } from "./retention.js";
import { postgresStorageUsageMethods } from "./storage-usage.js";
import { postgresTestDeliveryMethods } from "./test-deliveries.js";
import { createWorkNotifier } from "./work-notifier.js";

export interface PostgresStoreOptions {
  /** e.g. `postgres://user@host:5432/db` (the `DATABASE_URL`). */
  readonly connectionString: string;
  /** Every table lives in this schema (default `public`); `migrate()` creates it. */
  readonly schema?: string;
  /** Connections kept by this process (default 10). */
  readonly poolSize?: number;
  /** The circuit breaker's thresholds (default `defaultCircuitSettings`). */
  readonly circuit?: CircuitSettings;
}

/** The Store, plus what only PostgreSQL offers: waking workers of other processes. */
export interface PostgresStore extends Store {
  readonly schema: string;
  /**
   * Calls `onWake` whenever work is published or leases are released in this schema, by any process.
   * Resolves once listening. See `listenForWork`.
   */
  listenForWork(
    onWake: () => void,
    onError?: (error: Error) => void,
    onReconnected?: () => void,
  ): Promise<WorkListener>;
}

/**
 * Opens a pool on the database; no connection is made until the first call. Call `migrate()` first.
 * Time is always passed in: no query reads the database clock. A lost connection is replaced on the
 * next call; while the server cannot be reached, calls reject with `StoreUnavailableError`.
 */
export function openPostgresStore(options: PostgresStoreOptions): PostgresStore {
  const schema = checkSchemaName(options.schema ?? "public");
  const circuit = options.circuit ?? defaultCircuitSettings;
  const circuitProblem = circuitSettingsProblem(circuit);
  if (circuitProblem !== undefined) throw new Error(circuitProblem);
  const pool = createPool({
    connectionString: options.connectionString,
    schema,
    poolSize: options.poolSize ?? 10,
  });
  const listeners = new Set<WorkListener>();
  let closing: Promise<void> | undefined;
  const workNotifier = createWorkNotifier(() =>
    pool.query("SELECT pg_notify($1, $2)", [notifyChannel, schema]),
  );
  const context: PostgresContext = {
    pool,
    schema,
    circuit,
    workNotifier,
    subscriptions: createSubscriptionCache(),
  };

  const store: PostgresStore = {
    schema,
    async listenForWork(onWake, onError, onReconnected) {
      const listener = await listenForWork({
        connectionString: options.connectionString,
        schema,
        onWake,
        ...(onError ? { onError } : {}),
        ...(onReconnected ? { onReconnected } : {}),
      });
      const tracked: WorkListener = {
        ping: () => listener.ping(),
        async close() {
          listeners.delete(tracked);
          await listener.close();
        },
      };
      listeners.add(tracked);
      return tracked;
    },

    async migrate() {
      await migrateSchema(pool, schema);
    },
    close() {
      closing ??= (async () => {
        await Promise.all([...listeners].map((listener) => listener.close()));
        await workNotifier.flush();
        await pool.end();
      })();
      return closing;
    },

    // One file per concept of the port, named like the port's (see ../port.ts).
    ...postgresAccountMethods(context),
    ...postgresEndpointMethods(context),
    ...postgresEndpointSecretMethods(context),
    ...postgresEndpointSigningKeyMethods(context),
    ...postgresEndpointHealthMethods(context),
    ...postgresEndpointCircuitMethods(context),
    ...postgresPublishMethods(context),
    ...postgresPullReadMethods(context),
    ...postgresTestDeliveryMethods(context),
    ...postgresDeliveryQueueMethods(context),
    ...postgresDeliveryLogMethods(context),
    ...postgresDeliveryStatisticsMethods(context),
    ...postgresQueueStatsMethods(context),
    ...postgresRequeueMethods(context),
    ...postgresRetentionMethods(context),
    ...postgresStorageUsageMethods(context),
    ...postgresDashboardSessionMethods(context),
  };
  return classifyStoreErrors(store, classifyPostgresError);
}
