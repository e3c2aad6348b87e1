import type { ServerResponse } from "node:http";
import { type FaultServer, startFaultServer, streamFiller } from "./fault-server.js";

/** The path of the one endpoint that answers well. */
export const HEALTHY_PATH = "/healthy";

/** The paths whose requests hold their connection until the attempt deadline (or longer). */
export const SLOW_PATHS = ["/hang", "/slow-headers", "/slow-body"] as const;

/**
 * Ten ways to misbehave, one per endpoint, all on one host:port (the customers of one integration
 * platform share its host). `stallMs` is how long the slow ones stall: past the attempt deadline.
 */
function misbehaviours(stallMs: number): Record<string, (response: ServerResponse) => void> {
  let flakyCount = 0;
  return {
    "/hang": () => {}, // reads the request, never answers
    "/slow-headers": (response) => {
      const timer = setTimeout(() => response.writeHead(200).end("too late"), stallMs);
      response.on("close", () => clearTimeout(timer));
    },
    "/slow-body": (response) => {
      response.writeHead(200, { "content-type": "text/plain" });
      response.flushHeaders();
      const timer = setInterval(() => response.write("x"), 200);
      response.on("close", () => clearInterval(timer));
    },
    "/reset": (response) => response.socket?.destroy(),
    "/redirect": (response) => response.writeHead(302, { location: HEALTHY_PATH }).end(),
    "/gone": (response) => response.writeHead(410).end("gone"),
    "/too-many": (response) => response.writeHead(429, { "retry-after": "3600" }).end(),
    "/unavailable": (response) => response.writeHead(503, { "retry-after": "120" }).end(),
    "/huge": (response) => {
      response.writeHead(200, { "content-type": "application/octet-stream" });
      streamFiller(response, 100 * 1024 * 1024); // streamed: the sender must stop reading early
    },
    "/flaky": (response) => {
      const turn = flakyCount++ % 3;
      if (turn === 0) response.writeHead(200).end("ok");
      else if (turn === 1) setTimeout(() => response.writeHead(500).end("oops"), 50);
      else response.socket?.destroy();
    },
  };
}

/** The misbehaving endpoints' paths, in a fixed order. */
export const MISBEHAVING_PATHS = Object.keys(misbehaviours(0));

export interface SharedHostServer extends FaultServer {
  /** Requests to the slow paths whose answer is not over yet: the connections they hold now. */
  stalled(): number;
}

/** One loopback server for the eleven endpoints: the healthy one answers 204 at once. */
export async function startSharedHostServer(stallMs: number): Promise<SharedHostServer> {
  const behaviours = misbehaviours(stallMs);
  let stalled = 0;
  const server = await startFaultServer((request, response) => {
    const path = request.url ?? "";
    if ((SLOW_PATHS as readonly string[]).includes(path)) {
      stalled++;
      response.on("close", () => stalled--);
    }
    if (path === HEALTHY_PATH) response.writeHead(204).end();
    else (behaviours[path] ?? ((r: ServerResponse) => r.writeHead(404).end()))(response);
  });
  return { ...server, stalled: () => stalled };
}
