import { BENCH_EVENT_TYPE } from "./payload.js";
import { connectApi, type ServiceApi } from "./service-api.js";
import { type ServiceProcess, startService } from "./service-process.js";

/**
 * A service that only takes publishes (`serve --no-workers`: nothing is delivered, so the figure is the
 * publish path alone), with one endpoint per receiver port subscribed, so that each event is stored
 * with one delivery row per endpoint (the fan-out of the other phases).
 */
export async function startPublishingService(input: {
  readonly ports: readonly number[];
  readonly connections: number;
  readonly tag: string;
}): Promise<{ service: ServiceProcess; api: ServiceApi; stop(): Promise<void> }> {
  const service = await startService({ args: ["--no-workers"] });
  const api = connectApi(service.url, service.apiKey, input.connections);
  try {
    for (const [k, port] of input.ports.entries()) {
      await api.createEndpoint(`http://127.0.0.1:${port}/ok/${input.tag}-${k}`, [BENCH_EVENT_TYPE]);
    }
  } catch (error) {
    await api.close();
    await service.stop();
    throw error;
  }
  return {
    service,
    api,
    async stop() {
      await api.close();
      await service.stop();
    },
  };
}
