import type { ManagementMethods } from "../management-methods.js";
import { sqliteEndpointSecretMethods } from "./endpoint-secrets.js";
import { sqliteManagementReadMethods } from "./management-reads.js";
import { sqliteRequeueMethods } from "./requeue.js";
import type { SqliteContext } from "./sqlite-context.js";
import { sqliteTestDeliveryMethods } from "./test-deliveries.js";

/** The management API's methods (helper B1), one file per concern. */
export function sqliteManagementMethods(context: SqliteContext): ManagementMethods {
  return {
    ...sqliteEndpointSecretMethods(context),
    ...sqliteTestDeliveryMethods(context),
    ...sqliteRequeueMethods(context),
    ...sqliteManagementReadMethods(context),
  };
}
