import type { FastifyInstance } from "fastify";

/** One method of one route, as fastify spells its path (`/v1/endpoints/:id`, `/dashboard/*`). */
export interface RouteUnderTest {
  readonly method: string;
  readonly path: string;
}

const NODE = /^(?<indent>(?:[│ ] {3})*)[├└]── (?<segment>.*?)(?: \((?<methods>[A-Z, ]+)\))?$/u;

/**
 * Every route the app registered, read from `printRoutes()` (fastify's radix tree: each node prints its
 * segment, children are indented by 4 characters under it). So routes added later by other parts of
 * the service are covered without this test knowing them.
 */
export function routesOf(app: FastifyInstance): RouteUnderTest[] {
  const routes: RouteUnderTest[] = [];
  const prefixes: string[] = [];
  for (const line of app.printRoutes().split("\n")) {
    if (line.trim() === "") continue;
    const match = NODE.exec(line);
    if (match?.groups === undefined)
      throw new Error(`cannot read the route tree line ${JSON.stringify(line)}`);
    const depth = (match.groups.indent ?? "").length / 4;
    prefixes.length = depth;
    const path = `${prefixes.join("")}${match.groups.segment ?? ""}`;
    prefixes.push(match.groups.segment ?? "");
    for (const method of (match.groups.methods ?? "").split(", ").filter((m) => m !== "")) {
      routes.push({ method, path });
    }
  }
  return routes;
}
