import type { Store } from "./port.js";

/** The management API's methods (helper B1), which each store adapter provides. */
export type ManagementMethods = Pick<
  Store,
  | "rotateEndpointSecret"
  | "listPreviousSecrets"
  | "recordTestDelivery"
  | "resendDelivery"
  | "startRecovery"
  | "advanceRecovery"
  | "getRecovery"
  | "countEndpointAttempts"
  | "countDeliveriesOverTime"
  | "listEvents"
>;
