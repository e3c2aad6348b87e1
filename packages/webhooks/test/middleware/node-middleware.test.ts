import { request as httpRequest } from "node:http";
import {
  createNodeMiddleware,
  createWebhookHandler,
  type NodeMiddleware,
  type VoiceHireEvent,
} from "@voicehire/webhooks";
import { afterEach, describe, expect, it } from "vitest";
import { campaignCreatedDelivery, now, SECRET } from "../support/deliveries.js";
import { listenOnLoopback, type RunningServer, waitFor } from "../support/http-server.js";

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(middleware: NodeMiddleware) {
  server = await listenOnLoopback((request, response) => void middleware(request, response));
  return server.url;
}

describe("createNodeMiddleware (a real node:http server)", () => {
  it("verifies, dispatches and answers 200, then 200 duplicate on a retry", async () => {
    const received: VoiceHireEvent[] = [];
    const webhooks = createWebhookHandler({ secrets: SECRET, now }).onAny((event) => {
      received.push(event);
    });
    const url = await start(createNodeMiddleware(webhooks, { path: "/webhooks/voicehire" }));
    const { body, headers } = await campaignCreatedDelivery();
    const first = await fetch(`${url}/webhooks/voicehire?source=test`, { method: "POST", headers, body });
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toContain("application/json");
    expect(await first.json()).toEqual({ received: true });
    const again = await fetch(`${url}/webhooks/voicehire`, { method: "POST", headers, body });
    expect(await again.json()).toEqual({ received: true, duplicate: true });
    expect(received.map((event) => event.id)).toEqual(["evt_01JHGW7Q9Z8X4M2N6P0R3S5T7V"]);
  });

  it("answers 401 with a stable code on a bad signature, 500 when the handler fails, 409 while in progress", async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let slowStarted = false;
    const webhooks = createWebhookHandler({ secrets: SECRET, now }).onAny(async (event) => {
      if (event.id === "evt_fail") throw new Error("private detail");
      if (event.id === "evt_slow") {
        slowStarted = true;
        await gate;
      }
    });
    const url = await start(createNodeMiddleware(webhooks));
    const good = await campaignCreatedDelivery();
    const bad = await fetch(url, {
      method: "POST",
      headers: good.headers,
      body: good.body.replace("CDI", "CDD"),
    });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ error: { code: "signature_mismatch" } });

    const failing = await campaignCreatedDelivery({ id: "evt_fail" });
    const failed = await fetch(url, { method: "POST", headers: failing.headers, body: failing.body });
    expect(failed.status).toBe(500);
    expect(await failed.text()).not.toContain("private detail");

    const slow = await campaignCreatedDelivery({ id: "evt_slow" });
    const first = fetch(url, { method: "POST", headers: slow.headers, body: slow.body });
    await waitFor(() => slowStarted);
    const second = await fetch(url, { method: "POST", headers: slow.headers, body: slow.body });
    expect(second.status).toBe(409);
    release();
    expect((await first).status).toBe(200);
  });

  it("accepts a request stream already switched to text by setEncoding", async () => {
    const webhooks = createWebhookHandler({ secrets: SECRET, now });
    const middleware = createNodeMiddleware(webhooks);
    server = await listenOnLoopback((request, response) => {
      request.setEncoding("utf8");
      void middleware(request, response);
    });
    const { body, headers } = await campaignCreatedDelivery();
    expect((await fetch(server.url, { method: "POST", headers, body })).status).toBe(200);
  });

  it("answers 405 to other methods, 404 off its path, or passes to next", async () => {
    const webhooks = createWebhookHandler({ secrets: SECRET, now });
    const middleware = createNodeMiddleware(webhooks, { path: "/hooks" });
    let url = await start(middleware);
    const get = await fetch(`${url}/hooks`);
    expect([get.status, get.headers.get("allow")]).toEqual([405, "POST"]);
    expect((await fetch(`${url}/elsewhere`, { method: "POST", body: "{}" })).status).toBe(404);
    await server?.close();

    server = await listenOnLoopback((request, response) => {
      void middleware(request, response, () => {
        response.statusCode = 204;
        response.end();
      });
    });
    url = server.url;
    expect((await fetch(`${url}/elsewhere`)).status).toBe(204);
  });

  it("answers 413 to a body over the limit, declared or streamed", async () => {
    const webhooks = createWebhookHandler({ secrets: SECRET, now });
    const url = await start(createNodeMiddleware(webhooks, { maxBodyBytes: 100 }));
    const declared = await fetch(url, { method: "POST", body: "x".repeat(101) });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ error: { code: "body_too_large" } });

    const streamed = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(
        `${url}/`,
        { method: "POST", headers: { "transfer-encoding": "chunked" } },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      request.on("error", reject);
      for (let i = 0; i < 5; i++) request.write("y".repeat(50));
      request.end();
    });
    expect(streamed).toBe(413);
  });

  it("settles when the client goes away mid-body (never hangs)", async () => {
    const webhooks = createWebhookHandler({ secrets: SECRET, now });
    const middleware = createNodeMiddleware(webhooks);
    const settled: string[] = [];
    let started = false;
    server = await listenOnLoopback((request, response) => {
      started = true;
      void middleware(request, response).then(() => settled.push("settled"));
    });
    const request = httpRequest(`${server.url}/`, { method: "POST", headers: { "content-length": "1000" } });
    request.on("error", () => undefined);
    request.write("partial");
    await waitFor(() => started);
    request.destroy();
    await waitFor(() => settled.length === 1);
    expect(settled).toEqual(["settled"]);
  });
});
