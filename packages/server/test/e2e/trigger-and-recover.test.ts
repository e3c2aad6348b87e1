import { createHmac } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eventCatalog } from "@voicehire/webhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient } from "../support/api-client.js";
import {
  type ReceivedRequest,
  type RecordingReceiver,
  startRecordingReceiver,
} from "../support/recording-receiver.js";
import { readDevApiKey, runCli, type ServerProcess, startServerProcess } from "../support/server-process.js";
import { waitFor } from "../support/wait-for.js";

/**
 * `voicehire-webhooks trigger` and `recover` against a spawned `serve --dev` and a loopback receiver.
 * Two attempts per delivery, 50 ms apart, so that failed deliveries are final within a second (and too
 * few failures in a row to open the endpoint's circuit breaker: 5).
 */
const SECRET = "e2e-endpoint-secret-0123456789";

let dataDir: string;
let server: ServerProcess;
let receiver: RecordingReceiver;
let apiKey: string;
let endpointId: string;
let failing = false;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "vh-trigger-"));
  receiver = await startRecordingReceiver((request, response) => {
    const status = failing && request.path === "/recover" ? 500 : 200;
    response.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "ok" : "down");
  });
  server = await startServerProcess(["--dev", "--data-dir", dataDir], {
    VOICEHIRE_RETRY_DELAYS: "50ms",
  });
  apiKey = readDevApiKey(dataDir);
  const created = await apiClient(server.url, apiKey).post("/v1/endpoints", {
    url: `${receiver.url}/hooks`,
    event_types: [
      "campaign.created",
      "candidate.interview.completed.extended",
      "credits.low",
      "credits.depleted",
    ],
    secret: SECRET,
  });
  expect(created.status).toBe(201);
  endpointId = created.body.id;
}, 60_000);

afterAll(async () => {
  server?.child.kill("SIGKILL");
  if (server !== undefined) await server.exited;
  await receiver?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const trigger = (...args: string[]) =>
  runCli(["trigger", ...args, "--url", server.url], { VOICEHIRE_API_KEY: apiKey });

function envelopeOf(request: ReceivedRequest): { id: string; event: string; data: Record<string, unknown> } {
  return JSON.parse(request.body.toString("utf8"));
}

async function received(eventId: string): Promise<ReceivedRequest> {
  return waitFor(`the receiver to get ${eventId}`, () =>
    receiver.requests.find((r) => r.headers["x-voicehire-event-id"] === eventId),
  );
}

function idOf(output: string, type: string): string {
  const match = new RegExp(`^${type.replaceAll(".", "\\.")} (evt_[0-9A-Z]+) \\((\\d+) deliver`, "m").exec(
    output,
  );
  if (match?.[1] === undefined) throw new Error(`no ${type} event in:\n${output}`);
  return match[1];
}

describe("voicehire-webhooks trigger", () => {
  it("publishes the catalog sample, prints the event and its delivery, and the endpoint gets it signed", async () => {
    const result = await trigger("campaign.created");
    expect(result.code, result.output).toBe(0);
    const eventId = idOf(result.output, "campaign.created");
    expect(result.output).toMatch(new RegExp(`dlv_[0-9A-Z]+  endpoint ${endpointId}  (pending|succeeded)`));
    const request = await received(eventId);
    expect(envelopeOf(request)).toMatchObject({
      id: eventId,
      event: "campaign.created",
      data: eventCatalog["campaign.created"].sample,
    });
    const expected = createHmac("sha256", SECRET).update(request.body).digest("hex");
    expect(request.headers["x-voicehire-signature"]).toBe(`sha256=${expected}`);
  });

  it("for .extended, publishes a completed interview with responses: the subscriber gets the extended event", async () => {
    const result = await trigger("candidate.interview.completed.extended");
    expect(result.code, result.output).toBe(0);
    expect(idOf(result.output, "candidate.interview.completed")).toMatch(/^evt_/);
    expect(result.output).toContain("no enabled endpoint subscribes to candidate.interview.completed\n");
    const extended = await received(idOf(result.output, "candidate.interview.completed.extended"));
    expect(envelopeOf(extended).data).toEqual(eventCatalog["candidate.interview.completed.extended"].sample);
  });

  it("for credits.low, reports a balance that crosses the threshold", async () => {
    const result = await trigger("credits.low");
    expect(result.code, result.output).toBe(0);
    const low = await received(idOf(result.output, "credits.low"));
    expect(envelopeOf(low).data).toEqual({ credits_remaining: 8.5, threshold: 10 });
  });

  it("for credits.depleted, reports a balance reaching 0", async () => {
    const result = await trigger("credits.depleted");
    expect(result.code, result.output).toBe(0);
    const depleted = await received(idOf(result.output, "credits.depleted"));
    expect(envelopeOf(depleted).data).toEqual({ credits_remaining: 0, last_campaign_id: "abc123def456" });
  });

  it("refuses an unknown event type, a missing key and an unreachable service, each with a plain message", async () => {
    const unknown = await trigger("campaign.deleted");
    expect(unknown.code).toBe(1);
    expect(unknown.output).toContain('voicehire-webhooks: unknown event type "campaign.deleted"');
    expect(unknown.output).toContain("candidate.interview.failed");

    const refusals: { args: string[]; env?: Record<string, string>; says: string }[] = [
      { args: ["--url", server.url], env: { VOICEHIRE_API_KEY: "" }, says: "VOICEHIRE_API_KEY" },
      { args: ["--url", server.url, "--api-key", "vhk_wrong"], says: "401 unauthorized" },
      { args: ["--url", "http://127.0.0.1:9", "--api-key", apiKey], says: "cannot reach http://127.0.0.1:9" },
    ];
    for (const refusal of refusals) {
      const refused = await runCli(["trigger", "campaign.created", ...refusal.args], refusal.env);
      expect(refused.code, refusal.says).toBe(1);
      expect(refused.output).toContain(refusal.says);
      expect(refused.output).not.toMatch(/\n\s+at /); // no stack trace
    }
  });

  it("the endpoint secret is in the database files only as ciphertext", async () => {
    const files = ["voicehire.sqlite", "voicehire.sqlite-wal"]
      .map((f) => join(dataDir, f))
      .filter(existsSync);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const bytes = readFileSync(file);
      expect(bytes.includes(Buffer.from(SECRET)), file).toBe(false);
      expect(bytes.includes(Buffer.from(Buffer.from(SECRET).toString("base64"))), file).toBe(false);
    }
    const listing = await apiClient(server.url, apiKey).get("/v1/endpoints");
    expect(JSON.stringify(listing.body)).not.toContain(SECRET);
  });
});

describe("voicehire-webhooks recover", () => {
  it("re-queues an endpoint's failed deliveries with a progress bar, and they are delivered", async () => {
    failing = true;
    const api = apiClient(server.url, apiKey);
    const endpoint = await api.post("/v1/endpoints", {
      url: `${receiver.url}/recover`,
      event_types: ["candidate.sourced"],
    });
    expect(endpoint.status).toBe(201);
    const recoverId: string = endpoint.body.id;
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const published = await api.post("/v1/events", {
        event: "candidate.sourced",
        data: { ...eventCatalog["candidate.sourced"].sample, candidate_id: `recover-${i}` },
      });
      expect(published.status).toBe(202);
      ids.push(published.body.id);
    }
    await waitFor("both deliveries to fail for good", async () => {
      const failed = await api.get(`/v1/deliveries?status=failed&endpoint_id=${recoverId}`);
      return failed.body.data.length === 2;
    });
    failing = false;
    const healedAt = Date.now();

    const result = await runCli(["recover", "--endpoint", recoverId, "--since", "1h", "--url", server.url], {
      VOICEHIRE_API_KEY: apiKey,
    });
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/\[█+\] 100% 2\/2 re-queued/);
    expect(result.output).toContain(`: 2 of 2 failed deliveries of ${recoverId} re-queued`);

    for (const id of ids) {
      await waitFor(`${id} to be delivered after the recovery`, () =>
        receiver.requests.some((r) => r.headers["x-voicehire-event-id"] === id && r.receivedAt >= healedAt),
      );
    }
    // Again: nothing is left to recover.
    const again = await runCli(["recover", "--endpoint", recoverId, "--since", "1h", "--url", server.url], {
      VOICEHIRE_API_KEY: apiKey,
    });
    expect(again.code, again.output).toBe(0);
    expect(again.output).toMatch(/0 of 0 failed deliveries/);
  });

  it("names a bad time and an unknown endpoint", async () => {
    const badTime = await runCli(
      ["recover", "--endpoint", endpointId, "--since", "yesterday", "--url", server.url],
      {
        VOICEHIRE_API_KEY: apiKey,
      },
    );
    expect(badTime.code).toBe(1);
    expect(badTime.output).toContain("--since must be an ISO 8601 time");
    const unknown = await runCli(
      ["recover", "--endpoint", "ep_unknown", "--since", "1h", "--url", server.url],
      {
        VOICEHIRE_API_KEY: apiKey,
      },
    );
    expect(unknown.code).toBe(1);
    expect(unknown.output).toContain("404 not_found");
  });
});
