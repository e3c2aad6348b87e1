import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eventCatalog } from "@voicehire/webhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient } from "../support/api-client.js";
import {
  type CliProcess,
  readDevApiKey,
  type ServerProcess,
  startCliProcess,
  startServerProcess,
} from "../support/server-process.js";
import { waitFor } from "../support/wait-for.js";

/**
 * The built `listen --public-key` receiving from a real server whose endpoint signs with Ed25519: it
 * verifies the service's v1a signature with the endpoint's `whpk_` key alone (no secret given), and
 * refuses it with another endpoint's key.
 */
describe("voicehire-webhooks listen --public-key, receiving from a real server", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "vh-listen-ed25519-"));
  const listens: CliProcess[] = [];
  let server: ServerProcess;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    server = await startServerProcess(["--dev", "--data-dir", dataDir]);
    api = apiClient(server.url, readDevApiKey(dataDir));
  });

  afterAll(async () => {
    for (const listen of listens) {
      listen.child.kill("SIGTERM");
      await listen.exited;
    }
    server?.child.kill("SIGTERM");
    await server?.exited;
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function listen(publicKey: string): Promise<CliProcess & { url: string }> {
    // Empty variables: the flag alone says what listen verifies with.
    const { printed, ...started } = await startCliProcess(
      ["listen", "--port", "0", "--public-key", publicKey],
      { VOICEHIRE_WEBHOOK_SECRET: "", VOICEHIRE_WEBHOOK_PUBLIC_KEY: "" },
      {
        printed: /listening on (http:\/\/[^\s]+)/,
        waitingFor: "listen to print its address",
        endedBefore: "listen exited before listening",
      },
    );
    listens.push(started);
    return { url: printed, ...started };
  }

  async function ed25519Endpoint(url: string, type: string): Promise<{ id: string; publicKey: string }> {
    const created = await api.post("/v1/endpoints", {
      url,
      event_types: [type],
      signature_scheme: "ed25519",
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.public_key).toMatch(/^whpk_/);
    return { id: created.body.id as string, publicKey: created.body.public_key as string };
  }

  async function publishAndWait(type: "campaign.created" | "campaign.status_changed") {
    const answer = await api.post("/v1/events", { event: type, data: eventCatalog[type].sample });
    expect(answer.status, JSON.stringify(answer.body)).toBe(202);
    const eventId = answer.body.id as string;
    return waitFor(`a recorded attempt for ${eventId}`, async () => {
      const [delivery] = (await api.get(`/v1/deliveries?event_id=${eventId}`)).body.data;
      return delivery?.last_status_code === null ? undefined : { eventId, delivery };
    });
  }

  it("verifies the service's v1a signature with the endpoint's public key alone", async () => {
    // The endpoint is made first (its key is needed to start listen), then pointed at listen.
    const { id, publicKey } = await ed25519Endpoint("http://127.0.0.1:9/none", "campaign.created");
    const receiver = await listen(publicKey);
    expect(receiver.output()).toContain(
      "verifying v1a signatures (webhook-signature, Ed25519) with 1 public key",
    );
    expect((await api.patch(`/v1/endpoints/${id}`, { url: `${receiver.url}/hooks` })).status).toBe(200);

    const { eventId, delivery } = await publishAndWait("campaign.created");
    expect(delivery).toMatchObject({ status: "succeeded", last_status_code: 200 });
    const output = receiver.output();
    expect(output).toContain(`\n  id         ${eventId}\n`);
    expect(output).toContain("signature  verified\n");
    expect(output).toContain(
      `- webhook-signature (Standard Webhooks) is valid with public key ${publicKey.slice(0, 13)}…`,
    );
  });

  it("refuses it with another endpoint's public key: the server records the 401", async () => {
    const other = await ed25519Endpoint("http://127.0.0.1:9/none", "credits.low");
    const { id } = await ed25519Endpoint("http://127.0.0.1:9/none", "campaign.status_changed");
    const receiver = await listen(other.publicKey);
    expect((await api.patch(`/v1/endpoints/${id}`, { url: `${receiver.url}/hooks` })).status).toBe(200);

    const { delivery } = await publishAndWait("campaign.status_changed");
    expect(delivery).toMatchObject({ last_status_code: 401 });
    expect(receiver.output()).toContain("NOT VERIFIED: signature_mismatch");
  });
});
