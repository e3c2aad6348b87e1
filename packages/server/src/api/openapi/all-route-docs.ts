import type { RouteDoc } from "./route-doc.js";
import { accountAdminRouteDocs } from "./route-docs/account-admin-route-docs.js";
import { accountRouteDocs } from "./route-docs/account-route-docs.js";
import { apiKeyRouteDocs } from "./route-docs/api-key-route-docs.js";
import { dashboardRouteDocs } from "./route-docs/dashboard-route-docs.js";
import { deliveryRouteDocs } from "./route-docs/delivery-route-docs.js";
import { endpointRouteDocs } from "./route-docs/endpoint-route-docs.js";
import { eventBatchRouteDocs } from "./route-docs/event-batch-route-docs.js";
import { eventRouteDocs } from "./route-docs/event-route-docs.js";
import { eventTypeRouteDocs } from "./route-docs/event-type-route-docs.js";
import { pullEventsRouteDocs } from "./route-docs/pull-events-route-docs.js";
import { serviceRouteDocs } from "./route-docs/service-route-docs.js";
import { signingKeyRouteDocs } from "./route-docs/signing-key-route-docs.js";

/**
 * Every route of the API, documented: each route file's documentation is in route-docs/, under the
 * same concept's name. A test fails when a registered route is missing here (or a documented one is
 * not registered).
 */
export const allRouteDocs: readonly RouteDoc[] = [
  ...serviceRouteDocs,
  ...eventRouteDocs,
  ...eventBatchRouteDocs,
  ...accountRouteDocs,
  ...endpointRouteDocs,
  ...signingKeyRouteDocs,
  ...pullEventsRouteDocs,
  ...deliveryRouteDocs,
  ...accountAdminRouteDocs,
  ...apiKeyRouteDocs,
  ...eventTypeRouteDocs,
  ...dashboardRouteDocs,
];
