/**
 * The storage headrooms are deployment settings that reach the guard: the whole service in-process (real
 * SQLite, real HTTP on 127.0.0.1) started with a publish headroom larger than any disk, so the store is
 * "short of room" from the start. Publishes (one, and batches) and the Tester answer 503 problem+json
 * `storage_full` with `Retry-After`, the Tester before sending anything, and `/readyz` is not ready.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eventCatalog } from "@voicehire/webhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningService, startService } from "../../src/app/start-service.js";
import { resolveServiceConfig } from "../../src/config/service-config.js";
import { type RecordingReceiver, startRecordingReceiver } from "../support/recording-receiver.js";

/** About 909 TiB: more than this machine's disk has free. */
const HUGE_HEADROOM = "999999999999999";
const silent = { debug() {}, info() {}, warn() {}, error() {} };

describe("the storage headroom settings, over the API", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "vh-headroom-"));
  let service: RunningService | undefined;
  let receiver: RecordingReceiver;
  let call: (method: string, path: string, body?: unknown) => Promise<Response>;

  beforeAll(async () => {
    receiver = await startRecordingReceiver();
    const config = resolveServiceConfig(
      { dev: true, dataDir, host: "127.0.0.1", port: "0" },
      {
        VOICEHIRE_STORAGE_PUBLISH_HEADROOM_BYTES: HUGE_HEADROOM,
        VOICEHIRE_STORAGE_CLAIM_HEADROOM_BYTES: "0",
      },
    );
    service = await startService(config, { logger: silent, print: () => {} });
    const apiKey = readFileSync(join(dataDir, "dev-api-key"), "utf8").trim();
    call = (method, path, body) =>
      fetch(`${service?.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${apiKey}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
  });
  afterAll(async () => {
    await service?.stop();
    await receiver?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function expectStorageFull(answer: Response): Promise<void> {
    expect(answer.status).toBe(503);
    expect(answer.headers.get("content-type")).toContain("application/problem+json");
    expect(Number(answer.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await answer.json()).code).toBe("storage_full");
  }

  it("publishes answer 503 storage_full, one or in a batch, and /readyz says why", async () => {
    const event = { event: "campaign.created", data: eventCatalog["campaign.created"].sample };
    await expectStorageFull(await call("POST", "/v1/events", event));
    await expectStorageFull(await call("POST", "/v1/events/batch", { events: [event, event] }));
    expect((await (await call("GET", "/v1/events")).json()).data).toEqual([]);
    const readiness = await fetch(`${service?.url}/readyz`);
    expect(readiness.status).toBe(503);
    expect(JSON.stringify(await readiness.json())).toMatch(/below the 953674316\.4 MiB kept/);
  });

  it("the Tester answers the same 503 before sending: nothing reaches the endpoint, nothing is logged", async () => {
    const created = await call("POST", "/v1/endpoints", {
      url: `${receiver.url}/hook`,
      event_types: ["campaign.created"],
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    await expectStorageFull(
      await call("POST", `/v1/endpoints/${id}/test`, { event_type: "campaign.created" }),
    );
    expect(receiver.requests).toEqual([]);
    expect((await (await call("GET", `/v1/deliveries?endpoint_id=${id}`)).json()).data).toEqual([]);
  });
});
