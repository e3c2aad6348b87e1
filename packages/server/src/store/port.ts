import type { AccountStore } from "./port/accounts.js";
import type { DashboardSessionStore } from "./port/dashboard-sessions.js";
import type { DeliveryLogStore } from "./port/delivery-log.js";
import type { DeliveryQueueStore } from "./port/delivery-queue.js";
import type { DeliveryStatisticsStore } from "./port/delivery-statistics.js";
import type { EndpointCircuitStore } from "./port/endpoint-circuit.js";
import type { EndpointHealthStore } from "./port/endpoint-health.js";
import type { EndpointSecretStore } from "./port/endpoint-secrets.js";
import type { EndpointSigningKeyStore } from "./port/endpoint-signing-keys.js";
import type { EndpointStore } from "./port/endpoints.js";
import type { PublishStore } from "./port/publish.js";
import type { PullReadStore } from "./port/pull-reads.js";
import type { QueueStatsStore } from "./port/queue-stats.js";
import type { RequeueStore } from "./port/requeue.js";
import type { RetentionStore } from "./port/retention.js";
import type { StorageUsageStore } from "./port/storage-usage.js";
import type { TestDeliveryStore } from "./port/test-deliveries.js";

export type { AttemptErrorKind } from "../domain/types.js";
export type * from "./port/accounts.js";
export type * from "./port/dashboard-sessions.js";
export type * from "./port/delivery-log.js";
export type * from "./port/delivery-queue.js";
export type * from "./port/delivery-statistics.js";
export type * from "./port/endpoint-circuit.js";
export type * from "./port/endpoint-health.js";
export type * from "./port/endpoint-secrets.js";
export type * from "./port/endpoint-signing-keys.js";
export type * from "./port/endpoints.js";
export type * from "./port/publish.js";
export type * from "./port/pull-reads.js";
export type * from "./port/queue-stats.js";
export type * from "./port/requeue.js";
export type * from "./port/retention.js";
export type * from "./port/storage-usage.js";
export type * from "./port/test-deliveries.js";

/** Opening and closing a store: the one part each adapter answers in its `open-*-store.ts`. */
export interface StoreLifecycle {
  /** Creates or upgrades the schema with the numbered migrations. Safe to call on every start. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The Store port: everything the service keeps, in the service's words, one interface per concept in
 * `port/`. Each adapter (`sqlite/`, `postgres/`) answers a concept in the file of the same name, and
 * the conformance suite tests it in `test/store/conformance/` under that name too. No SQL leaks
 * through it, and no clock is read behind it: every time is passed in.
 *
 * Every method that takes an `accountId` only sees that account's rows: another account's id behaves
 * exactly like an id that does not exist.
 */
export interface Store
  extends StoreLifecycle,
    AccountStore,
    EndpointStore,
    EndpointSecretStore,
    EndpointSigningKeyStore,
    EndpointHealthStore,
    EndpointCircuitStore,
    PublishStore,
    PullReadStore,
    TestDeliveryStore,
    DeliveryQueueStore,
    DeliveryLogStore,
    DeliveryStatisticsStore,
    QueueStatsStore,
    RequeueStore,
    RetentionStore,
    StorageUsageStore,
    DashboardSessionStore {}
