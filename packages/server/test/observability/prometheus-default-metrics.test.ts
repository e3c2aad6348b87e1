import { describe, expect, it } from "vitest";
import { afterEachTest } from "../support/after-each-test.js";
import { dropSchema, freshSchemaName, postgresTestUrl, requirePostgres } from "../support/postgres.js";
import { startCliProcess, startServerProcess } from "../support/server-process.js";
import { parsePrometheus } from "./support/parse-prometheus.js";

const availability = await requirePostgres(
  "packages/server/test/observability/prometheus-default-metrics.test.ts",
);

/** prom-client's default metrics of the process, beside the service's own series. */
const PROCESS_SERIES = [
  "process_cpu_user_seconds_total",
  "process_resident_memory_bytes",
  "process_start_time_seconds",
  "nodejs_heap_size_used_bytes",
  "nodejs_eventloop_lag_seconds",
  "nodejs_active_handles_total",
];

/** Scrapes `url`/metrics: the process series and a reachable store, whichever process serves them. */
async function scrape(url: string) {
  const response = await fetch(`${url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
  const parsed = parsePrometheus(await response.text());
  for (const name of PROCESS_SERIES)
    expect(
      parsed.samples.some((s) => s.name === name),
      name,
    ).toBe(true);
  expect(parsed.value("voicehire_store_up")).toBe(1);
  return parsed;
}

describe("Prometheus default metrics", () => {
  const teardown = afterEachTest();

  it("serve answers them on /metrics, with the service's series", async () => {
    const server = await startServerProcess(["--dev", "--data-dir", teardown.dir("vh-metrics-")]);
    teardown.kill(server);
    const parsed = await scrape(server.url);
    expect(parsed.value("voicehire_deliveries_finished_total", { status: "succeeded" })).toBe(0);
    expect(parsed.types.get("voicehire_attempt_duration_seconds")).toBe("histogram");
  });

  it.runIf(availability.run)(
    "worker --metrics-port answers them too, a delivery process without an API",
    async () => {
      const schema = freshSchemaName();
      teardown.later(() => dropSchema(schema));
      const worker = await startCliProcess(
        [
          "worker",
          "--dev",
          "--data-dir",
          teardown.dir("vh-metrics-"),
          "--host",
          "127.0.0.1",
          "--metrics-port",
          "0",
        ],
        { DATABASE_URL: postgresTestUrl(), VOICEHIRE_DATABASE_SCHEMA: schema, VOICEHIRE_LOG_LEVEL: "info" },
        {
          printed: /metrics on (http:\/\/[^\s"]+)\/metrics/,
          waitingFor: "the worker to print its metrics address",
          endedBefore: "the worker exited before serving its metrics",
        },
      );
      teardown.kill(worker);
      const parsed = await scrape(worker.printed);
      expect(parsed.value("voicehire_queue_pending_deliveries")).toBe(0);
      // Only /metrics: the worker serves no API.
      expect((await fetch(`${worker.printed}/v1/account`)).status).toBe(404);
    },
  );
});
