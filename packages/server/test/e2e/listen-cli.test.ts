import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { constructEvent, type EventType, eventCatalog } from "@voicehire/webhooks";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ApiAnswer, apiClient } from "../support/api-client.js";
import { closedLoopbackPort } from "../support/closed-port.js";
import { type RecordingReceiver, startRecordingReceiver } from "../support/recording-receiver.js";
import {
  type CliProcess,
  readDevApiKey,
  runCli,
  type ServerProcess,
  startCliProcess,
  startServerProcess,
} from "../support/server-process.js";
import { waitFor } from "../support/wait-for.js";

/**
 * The built `voicehire-webhooks listen` command receiving deliveries from a real server in development
 * mode, as the README quickstart runs them.
 */
const SECRET = "my-shared-secret";

interface ListenProcess extends CliProcess {
  readonly url: string;
}

async function startListen(args: readonly string[]): Promise<ListenProcess> {
  // An empty VOICEHIRE_WEBHOOK_SECRET: the tests say which secret listen uses, not the environment.
  const { printed, ...started } = await startCliProcess(
    ["listen", "--port", "0", ...args],
    { VOICEHIRE_WEBHOOK_SECRET: "" },
    {
      printed: /listening on (http:\/\/[^\s]+)/,
      waitingFor: "listen to print its address",
      endedBefore: "listen exited before listening",
    },
  );
  return { url: printed, ...started };
}

/** The printed block of the delivery of event `eventId`, once it is complete. */
function blockOf(listen: ListenProcess, eventId: string): string | undefined {
  return listen
    .output()
    .split(/\n(?=── )/)
    .find((block) => block.includes(`\n  id         ${eventId}\n`) && /\n {2}answered {3}\d{3}/.test(block));
}

describe("voicehire-webhooks listen, receiving from a real server", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "vh-listen-"));
  const listens: ListenProcess[] = [];
  const apps: RecordingReceiver[] = [];
  let server: ServerProcess;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    server = await startServerProcess(["--dev", "--data-dir", dataDir]);
    api = apiClient(server.url, readDevApiKey(dataDir));
  });

  afterEach(async () => {
    for (const listen of listens.splice(0)) {
      listen.child.kill("SIGTERM");
      expect(await listen.exited).toBe(0);
    }
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  afterAll(async () => {
    server?.child.kill("SIGTERM");
    await server?.exited;
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function listen(args: readonly string[]): Promise<ListenProcess> {
    const started = await startListen(args);
    listens.push(started);
    return started;
  }

  /** An endpoint for `types` (each test uses its own types, so it only gets its own deliveries). */
  async function endpoint(url: string, types: EventType[], secret = SECRET): Promise<string> {
    const created = await api.post("/v1/endpoints", { url, event_types: types, secret });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id as string;
  }

  async function publish(type: EventType): Promise<string> {
    const answer = await api.post("/v1/events", { event: type, data: eventCatalog[type].sample });
    expect(answer.status, JSON.stringify(answer.body)).toBe(202);
    return answer.body.id as string;
  }

  /** The delivery of `eventId` once its first attempt is recorded. */
  async function deliveryOf(eventId: string): Promise<ApiAnswer["body"]> {
    return waitFor(`a recorded attempt for ${eventId}`, async () => {
      const list = await api.get(`/v1/deliveries?event_id=${eventId}`);
      const [delivery] = list.body.data;
      return delivery?.last_status_code === null ? undefined : delivery;
    });
  }

  it("the README quickstart: verifies and prints the server's delivery, and the server logs it succeeded", async () => {
    const receiver = await listen(["--secret", SECRET]);
    expect(receiver.output()).toContain(
      "verifying signatures (X-VoiceHire-Signature or Standard Webhooks) with 1 secret",
    );
    const endpointId = await endpoint(`${receiver.url}/webhooks`, [
      "campaign.created",
      "candidate.interview.failed",
    ]);

    const eventId = await publish("campaign.created");
    const block = await waitFor("listen to print the delivery", () => blockOf(receiver, eventId));
    expect(block).toContain("POST /webhooks ");
    expect(block).toMatch(/\n {2}event {6}campaign\.created\n/);
    expect(block).toMatch(/\n {2}attempt {4}1\n/);
    expect(block).toMatch(/\n {2}test {7}no\n/);
    expect(block).toContain("signature  verified\n");
    expect(block).toContain("- webhook-signature (Standard Webhooks) is valid\n");
    expect(block).toContain("- X-VoiceHire-Signature is valid\n");
    expect(block).toMatch(/User-Agent: VoiceHire-Webhooks\/\d+\.\d+\.\d+/);
    expect(block).toContain('"job_title": "Développeur Full Stack",');
    expect(block).toMatch(/answered {3}200 \{"status":"received"\}/);
    expect(await deliveryOf(eventId)).toMatchObject({ status: "succeeded", last_status_code: 200 });

    // The dashboard's "Tester" button: a sample, flagged as a test.
    const tested = await api.post(`/v1/endpoints/${endpointId}/test`, {
      event_type: "candidate.interview.failed",
    });
    expect(tested.status, JSON.stringify(tested.body)).toBe(200);
    expect(tested.body).toMatchObject({ succeeded: true, status_code: 200 });
    const testBlock = await waitFor("listen to print the test delivery", () =>
      blockOf(receiver, tested.body.event_id),
    );
    expect(testBlock).toMatch(/\n {2}test {7}yes: a test delivery/);
    expect(testBlock).toContain('"failure_reason": "voicemail"');
    expect(testBlock).toContain("signature  verified\n");
  });

  it("with a wrong secret, answers 401 and says why; the server records the failed attempt", async () => {
    const receiver = await listen(["--secret", "not-the-endpoint-secret"]);
    await endpoint(receiver.url, ["candidate.added"]);
    const eventId = await publish("candidate.added");
    const block = await waitFor("listen to print the refused delivery", () => blockOf(receiver, eventId));
    expect(block).toContain(
      "signature  NOT VERIFIED: signature_mismatch: webhook-signature does not match the body",
    );
    expect(block).toContain("- X-VoiceHire-Signature does not verify (signature_mismatch:");
    expect(block).toMatch(/answered {3}401 /);
    const delivery = await deliveryOf(eventId);
    expect(delivery.last_status_code).toBe(401);
    expect(delivery.status).not.toBe("succeeded");
  });

  it("--forward-to passes the same bytes and headers to the app, and answers with the app's status", async () => {
    const app = await startRecordingReceiver((_request, response) => {
      response.writeHead(202, { "content-type": "application/json" }).end('{"queued":true}');
    });
    apps.push(app);
    const receiver = await listen(["--secret", SECRET, "--forward-to", `${app.url}/app/webhooks`]);
    expect(receiver.output()).toContain(`forwarding verified deliveries to ${app.url}/app/webhooks`);
    await endpoint(`${receiver.url}/webhooks`, ["candidate.sourced"]);

    const eventId = await publish("candidate.sourced");
    const forwarded = await waitFor("the app to get the delivery", () => app.requests[0]);
    expect(forwarded.path).toBe("/app/webhooks");
    // The server's own signatures still verify: the body is byte for byte the one the server signed.
    const event = await constructEvent(forwarded.body, forwarded.headers, SECRET);
    expect(event).toMatchObject({ id: eventId, event: "candidate.sourced" });
    const voicehireOnly = await constructEvent(forwarded.body, forwarded.headers, SECRET, {
      scheme: "voicehire",
    });
    expect(voicehireOnly.id).toBe(eventId);
    // Every delivery header listen received (it prints them) reached the app with the same value.
    const block = await waitFor("listen to print the delivery", () => blockOf(receiver, eventId));
    const printedHeaders = (/\n {2}headers {4}([\s\S]*?)\n {2}data/.exec(block)?.[1] ?? "")
      .split("\n")
      .map((line) => line.trim());
    expect(printedHeaders.length).toBeGreaterThanOrEqual(9);
    for (const line of printedHeaders) {
      const [name = "", ...value] = line.split(": ");
      expect(forwarded.headers[name.toLowerCase()], name).toBe(value.join(": "));
    }
    expect(block).toMatch(
      new RegExp(`forwarded {2}to ${app.url}/app/webhooks: the app answered 202 in \\d+ ms`),
    );
    expect(block).toMatch(/answered {3}202 \{"queued":true\}/);
    expect(await deliveryOf(eventId)).toMatchObject({ status: "succeeded", last_status_code: 202 });
  });

  it("--forward-to an app that is down answers 502, which the server records", async () => {
    const receiver = await listen([
      "--secret",
      SECRET,
      "--forward-to",
      `http://127.0.0.1:${await closedLoopbackPort()}/`,
    ]);
    await endpoint(receiver.url, ["campaign.status_changed"]);
    const eventId = await publish("campaign.status_changed");
    const block = await waitFor("listen to print the delivery", () => blockOf(receiver, eventId));
    expect(block).toMatch(/the app is unreachable \(connect ECONNREFUSED/);
    expect(block).toMatch(/answered {3}502 /);
    expect((await deliveryOf(eventId)).last_status_code).toBe(502);
  });

  it("refuses bad flags, naming the flag, and a port in use, naming the address", async () => {
    const badPort = await runCli(["listen", "--port", "nine"]);
    expect(badPort.code).toBe(1);
    expect(badPort.output).toContain("voicehire-webhooks: --port must be a whole number from 0 to 65535");
    const badForward = await runCli(["listen", "--forward-to", "localhost:3000"]);
    expect(badForward.code).toBe(1);
    expect(badForward.output).toContain("--forward-to must be an http:// or https:// URL");
    const taken = await listen([]);
    const port = new URL(taken.url).port;
    const inUse = await runCli(["listen", "--port", port]);
    expect(inUse.code).toBe(1);
    expect(inUse.output).toContain(
      `voicehire-webhooks: cannot listen on 127.0.0.1:${port} (listen EADDRINUSE`,
    );
    expect(taken.output()).toContain(
      "no --secret (nor VOICEHIRE_WEBHOOK_SECRET): deliveries are printed without verifying",
    );
  });
});
