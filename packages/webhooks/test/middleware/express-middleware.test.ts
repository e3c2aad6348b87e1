import { createExpressMiddleware, createWebhookHandler, type VoiceHireEvent } from "@voicehire/webhooks";
import express, { type Express, type RequestHandler } from "express";
import { afterEach, describe, expect, it } from "vitest";
import { campaignCreatedDelivery, now, SECRET } from "../support/deliveries.js";
import { listenOnLoopback, type RunningServer } from "../support/http-server.js";

// The middleware in a real Express 5 app (a dev dependency of the root only: the SDK imports nothing
// from it), served by a real node:http server on 127.0.0.1.

const ROUTE = "/webhooks/voicehire";

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

async function serve(app: Express): Promise<string> {
  await server?.close();
  server = await listenOnLoopback(app);
  return server.url;
}

async function post(app: Express, contentType = "application/json") {
  const url = await serve(app);
  const { body, headers } = await campaignCreatedDelivery();
  const response = await fetch(`${url}${ROUTE}`, {
    method: "POST",
    headers: { ...headers, "content-type": contentType },
    body,
  });
  return {
    status: response.status,
    json: (await response.json()) as { received?: boolean; error?: { code: string; message: string } },
  };
}

describe("createExpressMiddleware (real Express)", () => {
  it("reads the raw body itself when no body parser ran, and express.json() after it still serves other routes", async () => {
    const { received, middleware } = receiver();
    const app = express();
    app.post(ROUTE, middleware);
    app.use(express.json());
    app.post("/other", (request, response) => {
      response.json({ parsed: request.body });
    });
    expect(await post(app)).toEqual({ status: 200, json: { received: true } });
    expect(received.map((event) => event.event)).toEqual(["campaign.created"]);

    const other = await fetch(`${server?.url}/other`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ a: 1 }),
    });
    expect(await other.json()).toEqual({ parsed: { a: 1 } });
  });

  it("uses the bytes left by express.raw(), express.text() or express.json({ verify })", async () => {
    type Middleware = ReturnType<typeof receiver>["middleware"];
    const setups: Record<string, (app: Express, middleware: Middleware) => void> = {
      'express.raw({ type: "application/json" })': (app, middleware) =>
        app.post(ROUTE, express.raw({ type: "application/json" }), middleware),
      'express.raw({ type: "*/*" })': (app, middleware) =>
        app.post(ROUTE, express.raw({ type: "*/*" }), middleware),
      "express.raw() (octet-stream only: skips JSON, the middleware reads the stream)": (app, middleware) =>
        app.post(ROUTE, express.raw(), middleware),
      'express.text({ type: "*/*" })': (app, middleware) =>
        app.post(ROUTE, express.text({ type: "*/*" }), middleware),
      "express.json({ verify }) keeping req.rawBody": (app, middleware) => {
        const keepRawBody: RequestHandler = express.json({
          verify: (request, _response, buffer) => {
            (request as typeof request & { rawBody?: Buffer }).rawBody = buffer;
          },
        });
        app.use(keepRawBody);
        app.post(ROUTE, middleware);
      },
    };
    for (const [name, setup] of Object.entries(setups)) {
      const { received, middleware } = receiver();
      const app = express();
      setup(app, middleware);
      expect(await post(app), name).toEqual({ status: 200, json: { received: true } });
      expect(received, name).toHaveLength(1);
    }
  });

  it("reads the stream when express.json() skipped the request (another content type)", async () => {
    const { received, middleware } = receiver();
    const app = express();
    app.use(express.json());
    app.post(ROUTE, middleware);
    expect(await post(app, "text/plain")).toEqual({ status: 200, json: { received: true } });
    expect(received).toHaveLength(1);
  });

  it("fails with a message saying how to fix it when express.json() already parsed the body", async () => {
    const { received, middleware } = receiver();
    const app = express();
    app.use(express.json());
    app.post(ROUTE, middleware);
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
    app.post(ROUTE, createExpressMiddleware(webhooks));
    expect(await post(app)).toMatchObject({ status: 401, json: { error: { code: "signature_mismatch" } } });

    const small = express();
    small.post(ROUTE, createExpressMiddleware(webhooks, { maxBodyBytes: 10 }));
    expect(await post(small)).toMatchObject({ status: 413, json: { error: { code: "body_too_large" } } });
  });
});
