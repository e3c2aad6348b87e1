/**
 * The Store conformance suite: the one definition of what a Store must do, run on every adapter.
 *
 * How an adapter runs it: in the adapter's own `*.test.ts`, call
 *
 *     describeStoreConformance("SQLite", async () => {
 *       const dir = await mkdtemp(join(tmpdir(), "voicehire-store-"));
 *       return { store: openSqliteStore({ file: join(dir, "db.sqlite") }), cleanup: () => rm(dir, { recursive: true, force: true }) };
 *     });
 *
 * `makeStore` is called before EVERY test and must answer a new, empty store that shares nothing with
 * the others (a new file, a new database or schema). The suite itself calls `migrate()` before each
 * test and `close()` after it, then `cleanup()`, which removes whatever `makeStore` created.
 *
 * The suite only uses the Store port (src/store/port.ts) and fixed times (no clock), so it cannot
 * know or care which engine is underneath. Every rule written in the port's comments has a test here.
 */
import { describe } from "vitest";
import { describeAccountIsolation } from "./conformance/account-isolation.js";
import { describeAccountsAndKeys } from "./conformance/accounts-and-keys.js";
import { describeClaimFairness } from "./conformance/claim-fairness.js";
import { describeClaims } from "./conformance/claims.js";
import { describeCreditReports } from "./conformance/credit-reports.js";
import { describeDashboardSessions } from "./conformance/dashboard-sessions.js";
import { describeDeliveryLog } from "./conformance/delivery-log.js";
import { describeDeliveryReads } from "./conformance/delivery-reads.js";
import { describeEndpointCircuitModel } from "./conformance/endpoint-circuit-model.js";
import { describeEndpointCircuits } from "./conformance/endpoint-circuits.js";
import { describeEndpointDeletion } from "./conformance/endpoint-deletion.js";
import { describeEndpointHealth } from "./conformance/endpoint-health.js";
import { describeEndpointSecrets } from "./conformance/endpoint-secrets.js";
import { describeEndpointSigningKeys } from "./conformance/endpoint-signing-keys.js";
import { describeEndpoints } from "./conformance/endpoints.js";
import type { MakeStore } from "./conformance/harness.js";
import { describeIdempotency } from "./conformance/idempotency.js";
import { describeLeasesAndDueTimes } from "./conformance/leases-and-due-times.js";
import { describeOrderedDelivery } from "./conformance/ordered-delivery.js";
import { describeOrderedDeliveryModel } from "./conformance/ordered-delivery-model.js";
import { describePublishMany } from "./conformance/publish-many.js";
import { describePublishing } from "./conformance/publishing.js";
import { describePullReads } from "./conformance/pull-reads.js";
import { describePullStatistics } from "./conformance/pull-statistics.js";
import { describeQueueStats } from "./conformance/queue-stats.js";
import { describeRecordingAttempts } from "./conformance/recording-attempts.js";
import { describeRecoveriesAndStats } from "./conformance/recoveries-and-stats.js";
import { describeRequeue } from "./conformance/requeue.js";
import { describeRequeueInFlight } from "./conformance/requeue-in-flight.js";
import { describeResultsOfDeletedDeliveries } from "./conformance/results-of-deleted-deliveries.js";
import { describeRetention } from "./conformance/retention.js";
import { describeRetentionKeepsKeysWithEvents } from "./conformance/retention-keys.js";
import { describeSubscriptionChanges } from "./conformance/subscription-changes.js";
import { describeTestDeliveries } from "./conformance/test-deliveries.js";

export type { MakeStore } from "./conformance/harness.js";

const NEVER_OPENS = { failureThreshold: Number.MAX_SAFE_INTEGER, cooldownMs: 1, maxCooldownMs: 1 };

export function describeStoreConformance(name: string, makeStore: MakeStore): void {
  describe(`Store conformance: ${name}`, () => {
    describeAccountsAndKeys(makeStore);
    describeEndpoints(makeStore);
    describePublishing(makeStore);
    describePublishMany(makeStore);
    describeSubscriptionChanges(makeStore);
    describeIdempotency(makeStore);
    describeCreditReports(makeStore);
    describeClaims(makeStore);
    describeRecordingAttempts(makeStore);
    describeLeasesAndDueTimes(makeStore);
    describeEndpointDeletion(makeStore);
    describeDeliveryReads(makeStore);
    describeAccountIsolation(makeStore);
    describeEndpointSecrets(makeStore);
    describeEndpointSigningKeys(makeStore);
    describeTestDeliveries(makeStore);
    describeDeliveryLog(makeStore);
    describeRequeue(makeStore);
    describeOrderedDelivery(makeStore);
    // Its random failures would open the circuit and pause the endpoint: circuits are tested apart.
    describeOrderedDeliveryModel((options) => makeStore({ ...options, circuit: NEVER_OPENS }));
    // Its fixtures fail one endpoint 7 times and then expect it served: circuits are tested apart.
    describeRecoveriesAndStats((options) => makeStore({ ...options, circuit: NEVER_OPENS }));
    describeRetention(makeStore);
    describeRetentionKeepsKeysWithEvents(makeStore);
    describeRequeueInFlight(makeStore);
    describeResultsOfDeletedDeliveries(makeStore);
    describeQueueStats(makeStore);
    describeDashboardSessions(makeStore);
    describeClaimFairness(makeStore);
    describeEndpointHealth(makeStore);
    describeEndpointCircuits(makeStore);
    describePullReads(makeStore);
    describePullStatistics(makeStore);
    describeEndpointCircuitModel(makeStore);
  });
}
