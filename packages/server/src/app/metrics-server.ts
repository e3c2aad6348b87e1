import Fastify from "fastify";
import { registerMetricsRoutes } from "../api/routes/metrics-routes.js";
import type { Clock } from "../domain/clock.js";
import type { Logger } from "../domain/logger.js";
import type { ApiObservability } from "../observability/api-observability.js";
import type { Store } from "../store/port.js";

export interface MetricsServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * `worker --metrics-port`: a process without the API still answers `GET /metrics` (same series, same
 * optional bearer token), so that Prometheus can scrape every delivery process.
 */
export async function startMetricsServer(
  deps: { store: Store; clock: Clock; logger: Logger; observability: ApiObservability },
  address: { host: string; port: number },
): Promise<MetricsServer> {
  const app = Fastify({ logger: false });
  registerMetricsRoutes(app, deps);
  const url = (await app.listen(address)).replace("[::1]", "127.0.0.1");
  return { url, close: () => app.close() };
}
