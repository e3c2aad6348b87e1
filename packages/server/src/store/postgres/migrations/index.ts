import { initialSchema } from "./001-initial.js";
import { reliabilitySchema } from "./002-reliability.js";
import { managementSchema } from "./003-management.js";
import { retentionIndexes } from "./004-retention.js";
import { requeueAndKeyRetentionSchema } from "./005-requeue-and-key-retention.js";
import { endpointCircuitsSchema } from "./006-endpoint-circuits.js";
import { dashboardSessionsSchema } from "./007-dashboard-sessions.js";
import { compactAttemptsSchema } from "./008-compact-attempts.js";

export interface Migration {
  /** Applied in increasing order, each once; never renumber or edit one that has shipped. */
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const migrations: readonly Migration[] = [
  { version: 1, name: "initial", sql: initialSchema },
  { version: 2, name: "reliability", sql: reliabilitySchema },
  { version: 3, name: "management", sql: managementSchema },
  { version: 4, name: "retention", sql: retentionIndexes },
  { version: 5, name: "requeue-and-key-retention", sql: requeueAndKeyRetentionSchema },
  { version: 6, name: "endpoint-circuits", sql: endpointCircuitsSchema },
  { version: 7, name: "dashboard-sessions", sql: dashboardSessionsSchema },
  { version: 8, name: "compact-attempts", sql: compactAttemptsSchema },
];
