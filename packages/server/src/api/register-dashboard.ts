import type { FastifyInstance } from "fastify";
import type { ApiDeps } from "./api-deps.js";
import { registerAssetRoutes } from "./dashboard-assets/asset-routes.js";
import { registerSessionRoutes } from "./dashboard-session/session-routes.js";

/** The dashboard: its session routes and its built page, served by the API process itself. */
export function registerDashboard(
  app: FastifyInstance,
  deps: ApiDeps,
  options: { readonly dir?: string } = {},
): void {
  registerSessionRoutes(app, deps);
  registerAssetRoutes(app, options);
}
