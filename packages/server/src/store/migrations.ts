import { initialSchema as postgresInitial } from "./postgres/migrations/001-initial.js";
import { reliabilitySchema as postgresReliability } from "./postgres/migrations/002-reliability.js";
import { managementSchema as postgresManagement } from "./postgres/migrations/003-management.js";
import { retentionIndexes as postgresRetention } from "./postgres/migrations/004-retention.js";
import { requeueAndKeyRetentionSchema as postgresRequeue } from "./postgres/migrations/005-requeue-and-key-retention.js";
import { endpointCircuitsSchema as postgresCircuits } from "./postgres/migrations/006-endpoint-circuits.js";
import { dashboardSessionsSchema as postgresSessions } from "./postgres/migrations/007-dashboard-sessions.js";
import { compactAttemptsSchema as postgresCompactAttempts } from "./postgres/migrations/008-compact-attempts.js";
import { indexKeysWithoutIdsSchema as postgresIndexKeys } from "./postgres/migrations/009-index-keys-without-ids.js";
import { pullEndpointsSchema as postgresPullEndpoints } from "./postgres/migrations/010-pull-endpoints.js";
import { endpointSigningKeysSchema as postgresSigningKeys } from "./postgres/migrations/011-endpoint-signing-keys.js";
import { orderedDeliverySchema as postgresOrderedDelivery } from "./postgres/migrations/012-ordered-delivery.js";
import { deliveryIndexesForSizeSchema as postgresIndexesForSize } from "./postgres/migrations/013-delivery-indexes-for-size.js";
import { leaseOwnersSchema as postgresLeaseOwners } from "./postgres/migrations/014-lease-owners.js";
import { attemptUserAgentsSchema as postgresUserAgents } from "./postgres/migrations/015-attempt-user-agents.js";
import { deliveriesWithoutEventTypeSchema as postgresWithoutEventType } from "./postgres/migrations/016-deliveries-without-event-type.js";
import { deliveriesKeyedByNumberSchema as postgresKeyedByNumber } from "./postgres/migrations/017-deliveries-keyed-by-number.js";
import { candidatesIndexedInBatchesSchema as postgresCandidatesInBatches } from "./postgres/migrations/018-candidates-indexed-in-batches.js";
import { initialSchema as sqliteInitial } from "./sqlite/migrations/001-initial.js";
import { reliabilitySchema as sqliteReliability } from "./sqlite/migrations/002-reliability.js";
import { managementSchema as sqliteManagement } from "./sqlite/migrations/003-management.js";
import { retentionIndexes as sqliteRetention } from "./sqlite/migrations/004-retention.js";
import { requeueAndKeyRetentionSchema as sqliteRequeue } from "./sqlite/migrations/005-requeue-and-key-retention.js";
import { endpointCircuitsSchema as sqliteCircuits } from "./sqlite/migrations/006-endpoint-circuits.js";
import { dashboardSessionsSchema as sqliteSessions } from "./sqlite/migrations/007-dashboard-sessions.js";
import { compactAttemptsSchema as sqliteCompactAttempts } from "./sqlite/migrations/008-compact-attempts.js";
import { indexKeysWithoutIdsSchema as sqliteIndexKeys } from "./sqlite/migrations/009-index-keys-without-ids.js";
import { pullEndpointsSchema as sqlitePullEndpoints } from "./sqlite/migrations/010-pull-endpoints.js";
import { endpointSigningKeysSchema as sqliteSigningKeys } from "./sqlite/migrations/011-endpoint-signing-keys.js";
import { orderedDeliverySchema as sqliteOrderedDelivery } from "./sqlite/migrations/012-ordered-delivery.js";
import { deliveryIndexesForSizeSchema as sqliteIndexesForSize } from "./sqlite/migrations/013-delivery-indexes-for-size.js";
import { leaseOwnersSchema as sqliteLeaseOwners } from "./sqlite/migrations/014-lease-owners.js";
import { attemptUserAgentsSchema as sqliteUserAgents } from "./sqlite/migrations/015-attempt-user-agents.js";
import { deliveriesWithoutEventTypeSchema as sqliteWithoutEventType } from "./sqlite/migrations/016-deliveries-without-event-type.js";
import { deliveriesKeyedByNumberSchema as sqliteKeyedByNumber } from "./sqlite/migrations/017-deliveries-keyed-by-number.js";
import { candidatesIndexedInBatchesSchema as sqliteCandidatesInBatches } from "./sqlite/migrations/018-candidates-indexed-in-batches.js";

export interface Migration {
  /** Applied in increasing order, each once; never renumber or edit one that has shipped. */
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * Every schema version once, with its SQL for each engine: both stores go through the same versions,
 * so a migration written for one engine only does not compile. Append only.
 */
const VERSIONS: readonly { version: number; name: string; postgres: string; sqlite: string }[] = [
  { version: 1, name: "initial", postgres: postgresInitial, sqlite: sqliteInitial },
  { version: 2, name: "reliability", postgres: postgresReliability, sqlite: sqliteReliability },
  { version: 3, name: "management", postgres: postgresManagement, sqlite: sqliteManagement },
  { version: 4, name: "retention", postgres: postgresRetention, sqlite: sqliteRetention },
  { version: 5, name: "requeue-and-key-retention", postgres: postgresRequeue, sqlite: sqliteRequeue },
  { version: 6, name: "endpoint-circuits", postgres: postgresCircuits, sqlite: sqliteCircuits },
  { version: 7, name: "dashboard-sessions", postgres: postgresSessions, sqlite: sqliteSessions },
  { version: 8, name: "compact-attempts", postgres: postgresCompactAttempts, sqlite: sqliteCompactAttempts },
  { version: 9, name: "index-keys-without-ids", postgres: postgresIndexKeys, sqlite: sqliteIndexKeys },
  { version: 10, name: "pull-endpoints", postgres: postgresPullEndpoints, sqlite: sqlitePullEndpoints },
  { version: 11, name: "endpoint-signing-keys", postgres: postgresSigningKeys, sqlite: sqliteSigningKeys },
  { version: 12, name: "ordered-delivery", postgres: postgresOrderedDelivery, sqlite: sqliteOrderedDelivery },
  {
    version: 13,
    name: "delivery-indexes-for-size",
    postgres: postgresIndexesForSize,
    sqlite: sqliteIndexesForSize,
  },
  { version: 14, name: "lease-owners", postgres: postgresLeaseOwners, sqlite: sqliteLeaseOwners },
  { version: 15, name: "attempt-user-agents", postgres: postgresUserAgents, sqlite: sqliteUserAgents },
  {
    version: 16,
    name: "deliveries-without-event-type",
    postgres: postgresWithoutEventType,
    sqlite: sqliteWithoutEventType,
  },
  {
    version: 17,
    name: "deliveries-keyed-by-number",
    postgres: postgresKeyedByNumber,
    sqlite: sqliteKeyedByNumber,
  },
  {
    version: 18,
    name: "candidates-indexed-in-batches",
    postgres: postgresCandidatesInBatches,
    sqlite: sqliteCandidatesInBatches,
  },
];

export const postgresMigrations: readonly Migration[] = VERSIONS.map(({ version, name, postgres }) => ({
  version,
  name,
  sql: postgres,
}));

export const sqliteMigrations: readonly Migration[] = VERSIONS.map(({ version, name, sqlite }) => ({
  version,
  name,
  sql: sqlite,
}));
