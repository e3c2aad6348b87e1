import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eventCatalog } from "@voicehire/webhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningService, startService } from "../../src/app/start-service.js";
import { resolveServiceConfig } from "../../src/config/service-config.js";
import { createJsonLogger } from "../../src/observability/json-logger.js";
import { type RecordingReceiver, startRecordingReceiver } from "../support/recording-receiver.js";
import { waitFor } from "../support/wait-for.js";
import { parsePrometheus } from "./support/parse-prometheus.js";

/**
 * The whole service in-process (real SQLite, real worker, real HTTP on 127.0.0.1), logging at debug
 * level through the real JSON logger into memory: publish → deliver → every attempt fails → failed.
 */
const ENDPOINT_SECRET = "endpoint-secret-Zq8Lr2Vx9Kp4";
const METRICS_TOKEN = "metrics-token-Hh3Nw7Ty1Gd5";

interface Cycle {
  readonly lines: string[];
  readonly receiver: RecordingReceiver;
  readonly apiKey: string;
  readonly masterKey: string;
  readonly deliveryId: string;
  readonly requestIds: string[];
  readonly metricsText: string;
  readonly readiness: { status: number; body: unknown };
}

async function runCycle(dataDir: string): Promise<Cycle> {
  const lines: string[] = [];
  const logger = createJsonLogger({
    level: "debug",
    destination: { write: (line: string) => void lines.push(line) },
  });
  const receiver = await startRecordingReceiver((_request, response) => {
    response.writeHead(500, { "content-type": "text/plain" }).end("receiver is down");
  });
  const config = resolveServiceConfig(
    { dev: true, dataDir, host: "127.0.0.1", port: "0" },
    { VOICEHIRE_RETRY_DELAYS: "20ms,20ms,20ms", VOICEHIRE_METRICS_TOKEN: METRICS_TOKEN },
  );
  let service: RunningService | undefined;
  try {
    service = await startService(config, { logger, print: () => {} });
    const base = service.url ?? "";
    const apiKey = readFileSync(join(dataDir, "dev-api-key"), "utf8").trim();
    const requestIds: string[] = [];
    const call = async (method: string, path: string, body?: unknown, authorization = `Bearer ${apiKey}`) => {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: { authorization, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      requestIds.push(response.headers.get("x-request-id") ?? "");
      return { status: response.status, body: (await response.text()) as string };
    };

    // Refused requests that carry secrets: a bad key, and a secret in a body that fails validation.
    expect((await call("GET", "/v1/endpoints", undefined, "Bearer vh_not-a-real-key-0000")).status).toBe(401);
    const refused = await call("POST", "/v1/endpoints", {
      url: "ftp://nope",
      event_types: ["campaign.created"],
      secret: ENDPOINT_SECRET,
    });
    expect(refused.status).toBe(422);

    const endpoint = await call("POST", "/v1/endpoints", {
      url: `${receiver.url}/hook`,
      event_types: ["campaign.created"],
      secret: ENDPOINT_SECRET,
    });
    expect(endpoint.status, endpoint.body).toBe(201);
    const published = await call("POST", "/v1/events", {
      event: "campaign.created",
      data: eventCatalog["campaign.created"].sample,
    });
    expect(published.status, published.body).toBe(202);

    const metricsText = await waitFor(
      "the delivery to fail after its 4 attempts",
      async () => {
        const scraped = await fetch(`${base}/metrics`, {
          headers: { authorization: `Bearer ${METRICS_TOKEN}` },
        });
        const text = await scraped.text();
        return parsePrometheus(text).value("voicehire_deliveries_finished_total", { status: "failed" }) === 1
          ? text
          : undefined;
      },
      15_000,
    );
    const deliveries = JSON.parse((await call("GET", "/v1/deliveries?status=failed")).body) as {
      data: { id: string }[];
    };
    const readyz = await fetch(`${base}/readyz`);
    const readiness = { status: readyz.status, body: await readyz.json() };
    const deliveryId = deliveries.data[0]?.id ?? "";
    return {
      lines,
      receiver,
      apiKey,
      masterKey: readFileSync(join(dataDir, "master.key"), "utf8").trim(),
      deliveryId,
      requestIds,
      metricsText,
      readiness,
    };
  } finally {
    await service?.stop();
    await receiver.close();
  }
}

describe("logs and metrics of a publish → deliver → fail cycle", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "vh-cycle-"));
  let cycle: Cycle;
  beforeAll(async () => {
    cycle = await runCycle(dataDir);
  }, 30_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const parsedLines = () => cycle.lines.map((line) => JSON.parse(line) as Record<string, unknown>);

  it("the receiver got 4 signed attempts of one delivery", () => {
    expect(cycle.receiver.requests).toHaveLength(4);
    expect(cycle.receiver.requests.every((r) => typeof r.headers["x-voicehire-signature"] === "string")).toBe(
      true,
    );
    expect(cycle.deliveryId).toMatch(/^dlv_/);
  });

  it("no endpoint secret, API key, master key, metrics token or signature appears in the logs", () => {
    const output = cycle.lines.join("");
    expect(output.length).toBeGreaterThan(0);
    const forbidden = [ENDPOINT_SECRET, cycle.apiKey, cycle.masterKey, METRICS_TOKEN];
    for (const request of cycle.receiver.requests) {
      const legacy = String(request.headers["x-voicehire-signature"]);
      forbidden.push(legacy, legacy.replace(/^sha256=/, ""));
      for (const signature of String(request.headers["webhook-signature"]).split(" ")) {
        forbidden.push(signature, signature.replace(/^v1,/, ""));
      }
    }
    for (const value of forbidden) {
      expect(value.length).toBeGreaterThan(8);
      expect(output.includes(value), `a log line contains ${value.slice(0, 6)}…`).toBe(false);
    }
  });

  it("every line is one JSON object with a level name, an ISO time, the service and a message", () => {
    for (const line of parsedLines()) {
      expect(["debug", "info", "warn", "error"]).toContain(line.level);
      expect(String(line.time)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(line.service).toBe("voicehire-webhooks");
      expect(typeof line.msg).toBe("string");
    }
  });

  it("every API request line carries fastify's request id, the one answered in x-request-id", () => {
    const requestLines = parsedLines().filter((line) => line.msg === "request");
    expect(requestLines.length).toBeGreaterThanOrEqual(cycle.requestIds.length);
    for (const line of requestLines) expect(String(line.request_id)).toMatch(/^req_[0-9a-f]{16}$/);
    const logged = new Set(requestLines.map((line) => line.request_id));
    for (const id of cycle.requestIds) expect(logged.has(id), id).toBe(true);
  });

  it("every line about a delivery carries its delivery id; each attempt is logged with it", () => {
    const aboutDeliveries = parsedLines().filter(
      (line) => "endpointId" in line || "attemptNumber" in line || "statusCode" in line,
    );
    for (const line of aboutDeliveries) expect(line.deliveryId, JSON.stringify(line)).toBe(cycle.deliveryId);
    const attempts = aboutDeliveries.filter((line) => "attemptNumber" in line);
    expect(attempts.map((line) => line.attemptNumber)).toEqual([1, 2, 3, 4]);
  });

  it("/metrics counted the 4 failed attempts, their latency, the 3 retries, the failure and the API calls", () => {
    const parsed = parsePrometheus(cycle.metricsText);
    expect(parsed.value("voicehire_attempts_total", { outcome: "failed", error_kind: "http_status" })).toBe(
      4,
    );
    expect(parsed.value("voicehire_attempt_duration_seconds_count")).toBe(4);
    expect(parsed.value("voicehire_retries_scheduled_total")).toBe(3);
    expect(parsed.value("voicehire_deliveries_finished_total", { status: "failed" })).toBe(1);
    expect(parsed.value("voicehire_queue_pending_deliveries")).toBe(0);
    expect(
      parsed.value("voicehire_api_requests_total", { method: "POST", route: "/v1/events", status: "202" }),
    ).toBe(1);
    expect(
      parsed.value("voicehire_api_requests_total", { method: "POST", route: "/v1/endpoints", status: "422" }),
    ).toBe(1);
  });

  it("/readyz was ready while the service ran, its workers included", () => {
    expect(cycle.readiness).toEqual({
      status: 200,
      body: {
        status: "ready",
        checks: {
          store: { status: "ok" },
          migrations: { status: "ok" },
          storage: { status: "ok" },
          workers: { status: "ok" },
        },
      },
    });
  });
});
