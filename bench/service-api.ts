import { Pool } from "undici";
import { BENCH_SECRET, publishBody } from "./payload.js";

export interface ApiAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** A keep-alive client of the service's REST API. */
export interface ServiceApi {
  post(path: string, body: unknown): Promise<ApiAnswer>;
  /** Creates an endpoint for `url` subscribed to `eventTypes`, signed with the bench secret; answers its id. */
  createEndpoint(url: string, eventTypes: readonly string[]): Promise<string>;
  /** Publishes the bench event number `index` (payload.ts); answers how many deliveries it created. */
  publishEvent(index: number): Promise<number>;
  close(): Promise<void>;
}

export function connectApi(baseUrl: string, apiKey: string, connections: number): ServiceApi {
  const pool = new Pool(baseUrl, { connections, pipelining: 1, keepAliveTimeout: 30_000 });
  const headers = { "content-type": "application/json", authorization: `Bearer ${apiKey}` };

  async function post(path: string, body: unknown): Promise<ApiAnswer> {
    const response = await pool.request({ path, method: "POST", headers, body: JSON.stringify(body) });
    const text = await response.body.text();
    return { status: response.statusCode, body: text === "" ? null : (JSON.parse(text) as unknown) };
  }

  return {
    post,
    async createEndpoint(url, eventTypes) {
      const answer = await post("/v1/endpoints", { url, event_types: eventTypes, secret: BENCH_SECRET });
      const id = (answer.body as { id?: unknown } | null)?.id;
      if (answer.status !== 201 || typeof id !== "string") {
        throw new Error(
          `bench: creating an endpoint for ${url} answered ${answer.status} ${JSON.stringify(answer.body)}`,
        );
      }
      return id;
    },
    async publishEvent(index) {
      const answer = await post("/v1/events", publishBody(index));
      const deliveries = (answer.body as { deliveries?: unknown } | null)?.deliveries;
      if (answer.status !== 202 || typeof deliveries !== "number") {
        throw new Error(`bench: publish answered ${answer.status} ${JSON.stringify(answer.body)}`);
      }
      return deliveries;
    },
    close: () => pool.close(),
  };
}
