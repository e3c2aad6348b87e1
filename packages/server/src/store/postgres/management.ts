import type pg from "pg";
import type { ManagementMethods } from "../management-methods.js";
import { inTransaction } from "./connection.js";
import * as secrets from "./endpoint-secrets.js";
import * as reads from "./management-reads.js";
import * as requeue from "./requeue.js";
import * as tests from "./test-deliveries.js";

/** The management API's methods (helper B1); `wakePayload` (the schema) wakes workers on re-queues. */
export function postgresManagementMethods(pool: pg.Pool, wakePayload: string): ManagementMethods {
  return {
    rotateEndpointSecret: (accountId, endpointId, rotation) =>
      inTransaction(pool, (tx) => secrets.rotateEndpointSecret(tx, accountId, endpointId, rotation)),
    listPreviousSecrets: (accountId, endpointId, now) =>
      secrets.listPreviousSecrets(pool, accountId, endpointId, now),
    recordTestDelivery: (input) => tests.recordTestDelivery(pool, input),
    resendDelivery: (accountId, deliveryId, now) =>
      inTransaction(pool, (tx) => requeue.resendDelivery(tx, accountId, deliveryId, now, wakePayload)),
    startRecovery: (input) => inTransaction(pool, (tx) => requeue.startRecovery(tx, input)),
    advanceRecovery: (accountId, recoveryId, batchSize, now) =>
      inTransaction(pool, (tx) =>
        requeue.advanceRecovery(tx, accountId, recoveryId, batchSize, now, wakePayload),
      ),
    getRecovery: (accountId, recoveryId) => requeue.getRecovery(pool, accountId, recoveryId),
    countEndpointAttempts: (accountId, endpointId, since) =>
      reads.countEndpointAttempts(pool, accountId, endpointId, since),
    countDeliveriesOverTime: (accountId, query) => reads.countDeliveriesOverTime(pool, accountId, query),
    listEvents: (accountId, query) => reads.listEvents(pool, accountId, query),
  };
}
