import { accountAdminRouteDocs } from "../routes/accounts-admin-routes.js";
import { apiKeyRouteDocs } from "../routes/api-keys-routes.js";
import { eventTypeRouteDocs } from "../routes/event-types-routes.js";
import type { RouteDoc } from "./route-doc.js";
import { accountRouteDocs } from "./route-docs/account-route-docs.js";
import { dashboardRouteDocs } from "./route-docs/dashboard-route-docs.js";
import { deliveryRouteDocs } from "./route-docs/delivery-route-docs.js";
import { endpointRouteDocs } from "./route-docs/endpoint-route-docs.js";
import { eventBatchRouteDocs } from "./route-docs/event-batch-route-docs.js";
import { eventRouteDocs } from "./route-docs/event-route-docs.js";
import { serviceRouteDocs } from "./route-docs/service-route-docs.js";

/**
 * Every route of the API, documented. A route module that owns its docs exports them next to its
 * handlers (`apiKeyRouteDocs`); the others are described in route-docs/. A test fails when a registered
 * route is missing here (or a documented one is not registered).
 */
export const allRouteDocs: readonly RouteDoc[] = [
  ...serviceRouteDocs,
  ...eventRouteDocs,
  ...eventBatchRouteDocs,
  ...accountRouteDocs,
  ...endpointRouteDocs,
  ...deliveryRouteDocs,
  ...accountAdminRouteDocs,
  ...apiKeyRouteDocs,
  ...eventTypeRouteDocs,
  ...dashboardRouteDocs,
];
