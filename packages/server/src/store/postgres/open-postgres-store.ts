import {
  type CircuitSettings,
  circuitSettingsProblem,
  defaultCircuitSettings,
} from "../../domain/circuit-rule.js";
import { classifyStoreErrors } from "../classify-store-errors.js";
import type { Store } from "../port.js";
import * as accounts from "./accounts.js";
import { classifyPostgresError } from "./classify-postgres-error.js";
import { checkSchemaName, createPool, inTransaction } from "./connection.js";
import { postgresDashboardSessionMethods } from "./dashboard-sessions.js";
import * as deliveries from "./deliveries.js";
import * as circuits from "./endpoint-circuit.js";
import * as endpointHealth from "./endpoint-health.js";
import * as endpoints from "./endpoints.js";
import { listenForWork, type WorkListener } from "./listen-for-work.js";
import { postgresManagementMethods } from "./management.js";
import { migrateSchema } from "./migrate.js";
import { notifyChannel } from "./notify-channel.js";
import { claimWithCircuits } from "./probe-claim.js";
import * as publishing from "./publish.js";
import * as queue from "./queue-stats.js";
import * as reads from "./reads.js";
import * as retention from "./retention.js";
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
  // Publishes wake workers after they commit, coalesced (a NOTIFY inside each would serialize commits).
  const workNotifier = createWorkNotifier(() =>
    pool.query("SELECT pg_notify($1, $2)", [notifyChannel, schema]),
  );
  const wakeWorkersIfNeeded = <T extends { readonly events: readonly { readonly deliveryCount: number }[] }>(
    outcome: T,
  ): T => {
    if (outcome.events.some((event) => event.deliveryCount > 0)) workNotifier.nudge();
    return outcome;
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

    createAccount: (account) => accounts.createAccount(pool, account),
    getAccount: (accountId) => accounts.getAccount(pool, accountId),
    listAccounts: () => accounts.listAccounts(pool),
    setCreditsThreshold: (accountId, threshold) => accounts.setCreditsThreshold(pool, accountId, threshold),
    createApiKey: (key) => accounts.createApiKey(pool, key),
    findApiKeyByHash: (hash) => accounts.findApiKeyByHash(pool, hash),
    listApiKeys: (accountId) => accounts.listApiKeys(pool, accountId),
    revokeApiKey: (accountId, keyId, now) => accounts.revokeApiKey(pool, accountId, keyId, now),

    createEndpoint: (endpoint) => inTransaction(pool, (tx) => endpoints.createEndpoint(tx, endpoint)),
    getEndpoint: (accountId, endpointId) => endpoints.getEndpoint(pool, accountId, endpointId),
    listEndpoints: (accountId) => endpoints.listEndpoints(pool, accountId),
    updateEndpoint: (accountId, endpointId, patch, now) =>
      inTransaction(pool, (tx) => endpoints.updateEndpoint(tx, accountId, endpointId, patch, now)),
    deleteEndpoint: (accountId, endpointId, now) =>
      inTransaction(pool, (tx) => endpoints.deleteEndpoint(tx, accountId, endpointId, now)),

    publish: async (input) => {
      const outcome = await inTransaction(pool, (tx) => publishing.publish(tx, input, null));
      return outcome.kind === "published" ? wakeWorkersIfNeeded(outcome) : outcome;
    },
    reportCreditBalance: (input) =>
      inTransaction(pool, (tx) => publishing.reportCreditBalance(tx, input, null)).then(wakeWorkersIfNeeded),

    claimDueDeliveries: (input) => claimWithCircuits(pool, input, deliveries.claimDueDeliveries),
    recordAttemptResults: (results) =>
      circuits.recordWithCircuits(pool, results, circuit, deliveries.recordAttemptResults),
    releaseLeases: (workerId) => deliveries.releaseLeases(pool, workerId, schema),
    releaseAllLeases: () => deliveries.releaseLeases(pool, null, schema),
    nextDueAt: () => deliveries.nextDueAt(pool),
    releaseClaims: (workerId, deliveryIds) =>
      endpointHealth.releaseClaims(pool, workerId, deliveryIds, schema),
    disableEndpointsFailingSince: (before, now) =>
      endpointHealth.disableEndpointsFailingSince(pool, before, now),

    getEvent: (accountId, eventId) => reads.getEvent(pool, accountId, eventId),
    getDelivery: (accountId, deliveryId) => reads.getDelivery(pool, accountId, deliveryId),
    listDeliveries: (accountId, query) => reads.listDeliveries(pool, accountId, query),
    listAttempts: (accountId, deliveryId) => reads.listAttempts(pool, accountId, deliveryId),
    countDeliveriesByStatus: () => reads.countDeliveriesByStatus(pool),
    ...postgresManagementMethods(pool, schema),
    deleteExpired: (input) => inTransaction(pool, (tx) => retention.deleteExpired(tx, input)),
    queueStats: (now) => queue.queueStats(pool, now),
    ...postgresDashboardSessionMethods(pool),
    endCircuitPauseForResend: (deliveryId, now) => circuits.endPauseForResend(pool, deliveryId, now),
    countOpenCircuits: () => circuits.countOpenCircuits(pool),
  };
  return classifyStoreErrors(store, classifyPostgresError);
}
