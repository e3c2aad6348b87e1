import type { FastifyInstance } from "fastify";
import type { RouteAccess } from "../acting-account.js";

/**
 * The routes a fastify instance registered (fastify's `onRoute` hook), so that a test can check that
 * each is in the OpenAPI document. Must be called before any route is registered. The HEAD routes that
 * fastify adds by itself for each GET are left out.
 */
export interface RegisteredRoute {
  readonly method: string;
  /** Fastify's spelling: `/v1/endpoints/:id`. */
  readonly url: string;
  /** The route's `config.access`, when it sets one. */
  readonly access: RouteAccess | undefined;
}

const registered = new WeakMap<FastifyInstance, RegisteredRoute[]>();

export function collectRegisteredRoutes(app: FastifyInstance): void {
  const routes: RegisteredRoute[] = [];
  registered.set(app, routes);
  app.addHook("onRoute", (options) => {
    const methods = Array.isArray(options.method) ? options.method : [options.method];
    const access = (options.config as { access?: RouteAccess } | undefined)?.access;
    for (const method of methods) {
      if (method === "HEAD") continue;
      routes.push({ method, url: options.url, access });
    }
  });
}

export function registeredRoutesOf(app: FastifyInstance): readonly RegisteredRoute[] {
  const routes = registered.get(app);
  if (routes === undefined) throw new Error("this fastify instance does not collect its routes");
  return routes;
}
