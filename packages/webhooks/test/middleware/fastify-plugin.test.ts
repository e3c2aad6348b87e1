import {
  createFastifyPlugin,
  createWebhookHandler,
  signStandardWebhooks,
  type VoiceHireEvent,
} from "@voicehire/webhooks";
import Fastify from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { campaignCreatedDelivery, NOW_MS, now, SECRET } from "../support/deliveries.js";

const apps: ReturnType<typeof Fastify>[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

function appWith(plugin: ReturnType<typeof createFastifyPlugin>) {
  const app = Fastify();
  apps.push(app);
  app.register(plugin, { prefix: "/webhooks/voicehire" });
  app.post("/api/other", async (request) => ({ parsed: request.body }));
  return app;
}

/** A webhook POST to `url` (the plugin's default path unless given). */
function post(
  app: ReturnType<typeof Fastify>,
  delivery: { readonly headers: Record<string, string>; readonly body?: string },
  url = "/webhooks/voicehire",
) {
  return app.inject({ method: "POST", url, headers: delivery.headers, payload: delivery.body });
}

describe("createFastifyPlugin (real Fastify, in-process inject)", () => {
  it("verifies the raw bytes and answers 200, while other routes keep parsing JSON", async () => {
    const received: VoiceHireEvent[] = [];
    const webhooks = createWebhookHandler({ secrets: SECRET, now }).onAny((event) => {
      received.push(event);
    });
    const app = appWith(createFastifyPlugin(webhooks));
    const { body, headers } = await campaignCreatedDelivery();
    const response = await post(app, { headers, body });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("application/json");
    expect(response.json()).toEqual({ received: true });
    expect(received.map((event) => event.event)).toEqual(["campaign.created"]);

    const retry = await post(app, { headers, body });
    expect(retry.json()).toEqual({ received: true, duplicate: true });
    const other = await app.inject({ method: "POST", url: "/api/other", payload: { a: 1 } });
    expect(other.json()).toEqual({ parsed: { a: 1 } });
  });

  it("verifies the bytes as sent, even JSON that a parser would re-serialize differently", async () => {
    const received: VoiceHireEvent[] = [];
    const webhooks = createWebhookHandler({ secrets: SECRET, now }).onAny((event) => {
      received.push(event);
    });
    const app = appWith(createFastifyPlugin(webhooks));
    const { body } = await campaignCreatedDelivery();
    const unusual = body
      .replace('"questions_count":6', '"questions_count": 6.0')
      .replace("Développeur", "D\\u00e9veloppeur");
    expect(JSON.stringify(JSON.parse(unusual))).toBe(body);
    const timestamp = NOW_MS / 1000;
    const headers = {
      "content-type": "application/json",
      "webhook-id": "evt_1",
      "webhook-timestamp": String(timestamp),
      "webhook-signature": await signStandardWebhooks({
        id: "evt_1",
        timestamp,
        body: unusual,
        secrets: SECRET,
      }),
    };
    const response = await post(app, { headers, body: unusual });
    expect(response.statusCode).toBe(200);
    expect(received[0]?.data).toMatchObject({ questions_count: 6, job_title: "Développeur Full Stack" });
  });

  it("answers 401 on a bad signature or none, 413 over the limit, at its path option", async () => {
    const webhooks = createWebhookHandler({ secrets: SECRET, now });
    const app = appWith(createFastifyPlugin(webhooks, { path: "/in", maxBodyBytes: 50 }));
    const { body, headers } = await campaignCreatedDelivery();
    const tooLarge = await post(app, { headers, body }, "/webhooks/voicehire/in");
    expect(tooLarge.statusCode).toBe(413);

    const roomy = appWith(createFastifyPlugin(createWebhookHandler({ secrets: "other", now })));
    const bad = await post(roomy, { headers, body });
    expect([bad.statusCode, bad.json().error.code]).toEqual([401, "signature_mismatch"]);
    const empty = await post(roomy, { headers: { "x-voicehire-signature": "x" } });
    expect([empty.statusCode, empty.json().error.code]).toEqual([401, "missing_signature"]);
  });
});
