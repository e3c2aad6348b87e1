import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { dropSchema, freshSchemaName, postgresTestUrl, requirePostgres } from "../support/postgres.js";
import { type CliProcess, startCliProcess, startServerProcess } from "../support/server-process.js";
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

async function scrape(url: string) {
  const response = await fetch(`${url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
  return parsePrometheus(await response.text());
}

describe("Prometheus default metrics", () => {
  const processes: CliProcess[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  const newDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "vh-metrics-"));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    return dir;
  };

  afterEach(async () => {
    for (const started of processes.splice(0)) {
      started.child.kill("SIGKILL");
      await started.exited;
    }
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it("serve answers them on /metrics, with the service's series", async () => {
    const server = await startServerProcess(["--dev", "--data-dir", newDir()]);
    processes.push(server);
    const parsed = await scrape(server.url);
    for (const name of PROCESS_SERIES)
      expect(
        parsed.samples.some((s) => s.name === name),
        name,
      ).toBe(true);
    expect(parsed.value("voicehire_store_up")).toBe(1);
    expect(parsed.value("voicehire_deliveries_finished_total", { status: "succeeded" })).toBe(0);
    expect(parsed.types.get("voicehire_attempt_duration_seconds")).toBe("histogram");
  });

  it.runIf(availability.run)(
    "worker --metrics-port answers them too, a delivery process without an API",
    async () => {
      const schema = freshSchemaName();
      cleanups.push(() => dropSchema(schema));
      const worker = await startCliProcess(
        ["worker", "--dev", "--data-dir", newDir(), "--host", "127.0.0.1", "--metrics-port", "0"],
        { DATABASE_URL: postgresTestUrl(), VOICEHIRE_DATABASE_SCHEMA: schema, VOICEHIRE_LOG_LEVEL: "info" },
        {
          printed: /metrics on (http:\/\/[^\s"]+)\/metrics/,
          waitingFor: "the worker to print its metrics address",
          endedBefore: "the worker exited before serving its metrics",
        },
      );
      processes.push(worker);
      const parsed = await scrape(worker.printed);
      for (const name of PROCESS_SERIES)
        expect(
          parsed.samples.some((s) => s.name === name),
          name,
        ).toBe(true);
      expect(parsed.value("voicehire_store_up")).toBe(1);
      expect(parsed.value("voicehire_queue_pending_deliveries")).toBe(0);
      // Only /metrics: the worker serves no API.
      expect((await fetch(`${worker.printed}/v1/account`)).status).toBe(404);
    },
  );
});
