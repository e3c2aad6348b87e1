import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  buildSignedDelivery,
  EVENT_TYPES,
  type EventType,
  eventCatalog,
  type SignedDelivery,
} from "@voicehire/webhooks";
import { describe, expect, it, vi } from "vitest";
import { exampleModules } from "../support/example-modules.js";
import { listenFetchOnLoopback } from "../support/fetch-server.js";
import { listenOnLoopback } from "../support/http-server.js";

/**
 * Runs every README example as written, with the real frameworks (express, fastify, hono: dev
 * dependencies of the root). Each block is extracted from README.md; the only edits are the ones
 * listed (`listen(3000)` swapped for an export, so the test listens on 127.0.0.1 itself), and each
 * edit must find its text, so a README change that breaks an example fails here.
 */
const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const examples = new Map(
  [...readme.matchAll(/<!-- example: ([\w-]+) -->\n```ts\n([\s\S]*?)```/g)].map((match) => [
    match[1] as string,
    match[2] as string,
  ]),
);
const edits: Record<string, [string, string][]> = {
  express: [["app.listen(3000);", "export default app;"]],
  fastify: [["await app.listen({ port: 3000 });", "export default app;"]],
  "node-http": [["server.listen(3000);", "export default server;"]],
};

const SECRET = "readme_secret_é";
const modules = exampleModules(new URL("./generated", import.meta.url), SECRET);
const logs = modules.logs;

/** The README's example `name`, with its listed edits, run as a module. */
async function load<T>(name: string): Promise<T> {
  let source = examples.get(name);
  if (source === undefined) throw new Error(`README has no example ${name}`);
  for (const [from, to] of edits[name] ?? []) {
    expect(source, `${name} example should contain ${from}`).toContain(from);
    source = source.replace(from, to);
  }
  return modules.load<T>(name, source);
}

function delivery<T extends EventType>(event: T, secret = SECRET): Promise<SignedDelivery> {
  return buildSignedDelivery({ event, data: eventCatalog[event].sample, secrets: secret });
}

describe("README examples, run as written", () => {
  it("has every example this test knows, and lists every event", () => {
    expect([...examples.keys()].sort()).toEqual(
      [
        "construct-event",
        "express",
        "fastify",
        "hono",
        "nextjs",
        "node-http",
        "ordering",
        "publisher",
        "testing",
      ].sort(),
    );
    for (const type of EVENT_TYPES) {
      const row = readme.split("\n").find((line) => line.includes(`| \`${type}\` `));
      expect(row, type).toBeDefined();
    }
  });

  it("Express", async () => {
    const { default: app } = await load<{ default: import("express").Express }>("express");
    const server = await listenOnLoopback(app);
    try {
      const { body, headers } = await delivery("candidate.interview.completed");
      const response = await fetch(`${server.url}/webhooks/voicehire`, { method: "POST", headers, body });
      expect(response.status).toBe(200);
      expect(logs).toEqual(["Interview completed for Jean Dupont: 8.5/10"]);
      const forged = await fetch(`${server.url}/webhooks/voicehire`, {
        method: "POST",
        headers,
        body: body.replace("8.5", "9.5"),
      });
      expect(forged.status).toBe(401);
    } finally {
      await server.close();
    }
  });

  it("Fastify", async () => {
    const { default: app } = await load<{ default: import("fastify").FastifyInstance }>("fastify");
    try {
      const { body, headers } = await delivery("candidate.interview.failed");
      const response = await app.inject({
        method: "POST",
        url: "/webhooks/voicehire",
        headers,
        payload: body,
      });
      expect(response.statusCode).toBe(200);
      expect(logs).toEqual(["Interview failed for 550e8400-e29b-41d4-a716-446655440000: voicemail"]);
      const wrong = await delivery("candidate.interview.failed", "another secret");
      const rejected = await app.inject({
        method: "POST",
        url: "/webhooks/voicehire",
        headers: wrong.headers,
        payload: wrong.body,
      });
      expect(rejected.statusCode).toBe(401);
    } finally {
      await app.close();
    }
  });

  it("Next.js App Router", async () => {
    const { POST } = await load<{ POST: (request: Request) => Promise<Response> }>("nextjs");
    const { body, headers } = await delivery("campaign.status_changed");
    const response = await POST(
      new Request("http://localhost/api/webhooks/voicehire", { method: "POST", headers, body }),
    );
    expect(response.status).toBe(200);
    expect(logs).toEqual(["Campaign abc123def456: active -> paused"]);
  });

  it("Hono", async () => {
    const { default: app } = await load<{ default: import("hono").Hono }>("hono");
    const server = await listenFetchOnLoopback(app.fetch);
    try {
      const url = `${server.url}/webhooks/voicehire`;
      const { body, headers } = await delivery("credits.low");
      expect((await fetch(url, { method: "POST", headers, body })).status).toBe(200);
      expect(logs).toEqual(["Only 8.5 credits left (threshold 10)"]);
      // The same delivery again: a duplicate, acknowledged without running the handler twice.
      expect((await fetch(url, { method: "POST", headers, body })).status).toBe(200);
      expect(logs).toHaveLength(1);
      const forged = await fetch(url, { method: "POST", headers, body: body.replace("8.5", "9.5") });
      expect(forged.status).toBe(401);
      expect(logs).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it("node:http", async () => {
    const { default: server } = await load<{ default: Server }>("node-http");
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const { body, headers } = await delivery("candidate.added");
      const response = await fetch(`http://127.0.0.1:${port}/webhooks/voicehire`, {
        method: "POST",
        headers,
        body,
      });
      expect(response.status).toBe(200);
      expect(logs).toEqual(["New candidate Jean Dupont, call queued: true"]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("constructEvent", async () => {
    type Receive = (rawBody: Uint8Array, headers: Record<string, string>) => Promise<number>;
    const { receiveVoiceHireWebhook } = await load<{ receiveVoiceHireWebhook: Receive }>("construct-event");
    const real = await delivery("candidate.interview.completed");
    const bytes = (text: string) => new TextEncoder().encode(text);
    expect(await receiveVoiceHireWebhook(bytes(real.body), { ...real.headers })).toBe(200);
    expect(logs).toEqual(["Score: 8.5"]);
    const test = await buildSignedDelivery({
      event: "candidate.interview.completed",
      data: eventCatalog["candidate.interview.completed"].sample,
      secrets: SECRET,
      test: true,
    });
    expect(await receiveVoiceHireWebhook(bytes(test.body), { ...test.headers })).toBe(200);
    expect(logs).toHaveLength(1);
    expect(await receiveVoiceHireWebhook(bytes(`${real.body} `), { ...real.headers })).toBe(401);
  });

  it("ordering", async () => {
    const { webhooks } = await load<{ webhooks: import("@voicehire/webhooks").WebhookHandler }>("ordering");
    const build = (event: "candidate.added" | "candidate.interview.completed", timestamp: string) =>
      buildSignedDelivery({ event, data: eventCatalog[event].sample, secrets: SECRET, timestamp });
    const completed = await build("candidate.interview.completed", "2024-01-15T14:45:00.000Z");
    const lateAdded = await build("candidate.added", "2024-01-15T10:30:00.000Z");
    expect((await webhooks.handle(completed.body, completed.headers)).outcome).toBe("processed");
    expect((await webhooks.handle(lateAdded.body, lateAdded.headers)).outcome).toBe("processed");
    expect(logs).toEqual(["Apply candidate.interview.completed from 2024-01-15T14:45:00.000Z"]);
  });

  it("testing helper", async () => {
    const { sampleDelivery } = await load<{ sampleDelivery: (secret: string) => Promise<SignedDelivery> }>(
      "testing",
    );
    const { body, headers } = await sampleDelivery("my_secret");
    expect(JSON.parse(body)).toMatchObject({ event: "candidate.interview.completed", test: true });
    expect(headers["x-voicehire-test"]).toBe("true");
  });

  it("publisher", async () => {
    const received: { url: string | undefined; authorization: string | undefined; body: unknown }[] = [];
    const api = await listenOnLoopback((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        received.push({
          url: request.url,
          authorization: request.headers.authorization,
          body: JSON.parse(Buffer.concat(chunks).toString()),
        });
        response.writeHead(202, { "content-type": "application/json" }).end("{}");
      });
    });
    process.env.VOICEHIRE_WEBHOOKS_URL = api.url;
    process.env.VOICEHIRE_API_KEY = "vh_test_key";
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      await load("publisher");
      expect(errors).not.toHaveBeenCalled();
      expect(received.map(({ url, authorization }) => [url, authorization])).toEqual([
        ["/v1/events", "Bearer vh_test_key"],
        ["/v1/credits/balance", "Bearer vh_test_key"],
      ]);
      expect(received[0]?.body).toMatchObject({
        event: "candidate.interview.completed",
        data: { responses: [{ score: 9 }] },
      });
      expect(received[1]?.body).toEqual({ credits_remaining: 8.5, last_campaign_id: "abc123def456" });
    } finally {
      await api.close();
    }
  });
});
