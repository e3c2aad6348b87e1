import { createExpressMiddleware, createWebhookHandler, type VoiceHireEvent } from "@voicehire/webhooks";
import { afterEach, describe, expect, it } from "vitest";
import { campaignCreatedDelivery, now, SECRET } from "../support/deliveries.js";
import express, { type ExpressLikeApp } from "../support/express-like.js";
import { listenOnLoopback, type RunningServer } from "../support/http-server.js";

// Express is not installed: these tests run the middleware in a minimal Express-like app
// (../support/express-like.ts) over a real node:http server on 127.0.0.1.

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function receiver() {
  const received: VoiceHireEvent[] = [];
  const webhooks = createWebhookHandler({ secrets: SECRET, now, dedup: false }).onAny((event) => {
    received.push(event);
  });
  return { received, middleware: createExpressMiddleware(webhooks) };
}

async function post(app: ExpressLikeApp, contentType = "application/json") {
  server = await listenOnLoopback(app);
  const { body, headers } = await campaignCreatedDelivery();
  const response = await fetch(`${server.url}/webhooks/voicehire`, {
    method: "POST",
    headers: { ...headers, "content-type": contentType },
    body,
  });
  return {
    status: response.status,
    json: (await response.json()) as { error?: { code: string; message: string } },
  };
}

describe("createExpressMiddleware", () => {
  it("reads the raw body itself when no body parser ran", async () => {
    const { received, middleware } = receiver();
    const app = express();
    app.post("/webhooks/voicehire", middleware);
    app.use(express.json());
    expect(await post(app)).toEqual({ status: 200, json: { received: true } });
    expect(received).toHaveLength(1);
  });

  it("uses the bytes left by express.raw(), express.text() or express.json({ verify })", async () => {
    const setups: ((app: ExpressLikeApp, middleware: ReturnType<typeof receiver>["middleware"]) => void)[] = [
      (app, middleware) => app.post("/webhooks/voicehire", express.raw({ type: "*/*" }), middleware),
      (app, middleware) => app.post("/webhooks/voicehire", express.text({ type: "*/*" }), middleware),
      (app, middleware) => {
        app.use(
          express.json({
            verify: (request: { rawBody?: unknown }, _response, buffer) => {
              request.rawBody = buffer;
            },
          }),
        );
        app.post("/webhooks/voicehire", middleware);
      },
    ];
    for (const setup of setups) {
      const { received, middleware } = receiver();
      const app = express();
      setup(app, middleware);
      expect((await post(app)).status).toBe(200);
      expect(received).toHaveLength(1);
      await server?.close();
      server = undefined;
    }
  });

  it("reads the stream when a JSON parser skipped the request (another content type)", async () => {
    const { received, middleware } = receiver();
    const app = express();
    app.use(express.json());
    app.post("/webhooks/voicehire", middleware);
    expect((await post(app, "text/plain")).status).toBe(200);
    expect(received).toHaveLength(1);
  });

  it("fails with a message saying how to fix it when express.json() already parsed the body", async () => {
    const { received, middleware } = receiver();
    const app = express();
    app.use(express.json());
    app.post("/webhooks/voicehire", middleware);
    const { status, json } = await post(app);
    expect(status).toBe(500);
    expect(json.error?.code).toBe("body_already_parsed");
    expect(json.error?.message).toContain("express.raw(");
    expect(json.error?.message).toContain("before app.use(express.json())");
    expect(json.error?.message).toContain("req.rawBody = buf");
    expect(received).toHaveLength(0);
  });

  it("answers 401 on a bad signature and 413 over the size limit", async () => {
    const webhooks = createWebhookHandler({ secrets: "other", now });
    const app = express();
    app.post("/webhooks/voicehire", createExpressMiddleware(webhooks));
    expect(await post(app)).toMatchObject({ status: 401, json: { error: { code: "signature_mismatch" } } });
    await server?.close();

    const small = express();
    small.post("/webhooks/voicehire", createExpressMiddleware(webhooks, { maxBodyBytes: 10 }));
    expect(await post(small)).toMatchObject({ status: 413, json: { error: { code: "body_too_large" } } });
  });
});
