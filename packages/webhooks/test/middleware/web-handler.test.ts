import { createWebHandler, createWebhookHandler, type VoiceHireEvent } from "@voicehire/webhooks";
import { describe, expect, it } from "vitest";
import { campaignCreatedDelivery, now, SECRET } from "../support/deliveries.js";

const URL_ = "http://127.0.0.1/api/webhooks/voicehire";

function streamOf(chunks: Uint8Array[], failAfter = false): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream({
    pull(controller) {
      const chunk = chunks[index++];
      if (chunk !== undefined) controller.enqueue(chunk);
      else if (failAfter) controller.error(new Error("connection lost"));
      else controller.close();
    },
  });
}

describe("createWebHandler (Web Request → Response: Next.js, Hono, Workers)", () => {
  it("verifies and dispatches a delivery, answering 200 JSON", async () => {
    const received: VoiceHireEvent[] = [];
    const webhooks = createWebhookHandler({ secrets: SECRET, now }).on("campaign.created", (event) => {
      received.push(event);
    });
    const handler = createWebHandler(webhooks);
    const { body, headers } = await campaignCreatedDelivery();
    const response = await handler(new Request(URL_, { method: "POST", headers, body }));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(await response.json()).toEqual({ received: true });
    expect(received).toHaveLength(1);
  });

  it("reads a streamed body as bytes (a multi-byte character split across chunks)", async () => {
    const webhooks = createWebhookHandler({ secrets: SECRET, now });
    const handler = createWebHandler(webhooks);
    const { body, headers } = await campaignCreatedDelivery();
    const bytes = new TextEncoder().encode(body);
    const split = bytes.indexOf(0xc3) + 1; // inside "é"
    const request = new Request(URL_, {
      method: "POST",
      headers,
      body: streamOf([bytes.slice(0, split), bytes.slice(split)]),
      duplex: "half",
    } as RequestInit);
    expect((await handler(request)).status).toBe(200);
  });

  it("answers 405, 401, 413 and 400 as it should", async () => {
    const webhooks = createWebhookHandler({ secrets: SECRET, now });
    const handler = createWebHandler(webhooks, { maxBodyBytes: 64 });
    const get = await handler(new Request(URL_));
    expect([get.status, get.headers.get("allow")]).toEqual([405, "POST"]);

    const { body, headers } = await campaignCreatedDelivery();
    const oversized = await handler(new Request(URL_, { method: "POST", headers, body }));
    expect([oversized.status, (await oversized.json()).error.code]).toEqual([413, "body_too_large"]);
    const declared = await handler(
      new Request(URL_, { method: "POST", headers: { "content-length": "1000" }, body: "{}" }),
    );
    expect(declared.status).toBe(413);

    const streamed = await handler(
      new Request(URL_, {
        method: "POST",
        body: streamOf([new Uint8Array(40), new Uint8Array(40)]),
        duplex: "half",
      } as RequestInit),
    );
    expect(streamed.status).toBe(413);

    const broken = await handler(
      new Request(URL_, {
        method: "POST",
        body: streamOf([new Uint8Array(4)], true),
        duplex: "half",
      } as RequestInit),
    );
    expect([broken.status, (await broken.json()).error.code]).toEqual([400, "body_read_failed"]);

    const empty = await handler(
      new Request(URL_, { method: "POST", headers: { "x-voicehire-signature": "sha256=00" } }),
    );
    expect([empty.status, (await empty.json()).error.code]).toEqual([401, "missing_signature"]);
  });
});
