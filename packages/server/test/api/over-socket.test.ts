import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, startApiHarness } from "./support/api-harness.js";
import { PROBLEM_JSON, sampleData } from "./support/samples.js";

let h: ApiHarness;
let baseUrl: string;

beforeAll(async () => {
  h = await startApiHarness({ bodyLimitBytes: 4096 });
  await h.app.listen({ port: 0, host: "127.0.0.1" });
  const address = h.app.server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${address.port}`;
});
afterAll(async () => {
  await h.close();
});

/** Sends a body in chunks without Content-Length (chunked transfer encoding). */
function postChunked(path: string, chunks: readonly string[], headers: Record<string, string>) {
  return new Promise<{ status: number; contentType: string; body: string }>((resolve, reject) => {
    const url = new URL(path, baseUrl);
    const req = httpRequest(
      { host: "127.0.0.1", port: url.port, path: url.pathname, method: "POST", headers },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          body += chunk;
        });
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, contentType: res.headers["content-type"] ?? "", body }),
        );
      },
    );
    req.on("error", reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

describe("the API over a real loopback socket", () => {
  it("publishes, then reads the event back", async () => {
    const auth = { authorization: `Bearer ${h.alice.apiKey}`, "content-type": "application/json" };
    const endpoint = await fetch(`${baseUrl}/v1/endpoints`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ url: "https://hooks.example.com/h", event_types: ["candidate.added"] }),
    });
    expect(endpoint.status).toBe(201);
    const published = await fetch(`${baseUrl}/v1/events`, {
      method: "POST",
      headers: { ...auth, "idempotency-key": "socket-1" },
      body: JSON.stringify({ event: "candidate.added", data: sampleData("candidate.added") }),
    });
    expect(published.status).toBe(202);
    expect(published.headers.get("x-request-id")).toMatch(/^req_[0-9a-f]{16}$/);
    const { id, deliveries } = (await published.json()) as { id: string; deliveries: number };
    expect(deliveries).toBe(1);
    const read = await fetch(`${baseUrl}/v1/events/${id}`, { headers: auth });
    expect(read.status).toBe(200);
    expect(((await read.json()) as { envelope: { data: unknown } }).envelope.data).toEqual(
      sampleData("candidate.added"),
    );
  });

  it("answers 401 problem+json without a key", async () => {
    const answer = await fetch(`${baseUrl}/v1/endpoints`);
    expect(answer.status).toBe(401);
    expect(answer.headers.get("content-type")).toContain(PROBLEM_JSON);
    expect(((await answer.json()) as { errors: unknown }).errors).toEqual([
      { field: "Authorization", message: expect.any(String) },
    ]);
  });

  it("answers 413 to a chunked body over the limit, storing nothing", async () => {
    const counts = await h.deliveryCounts();
    const prefix = `{"event":"candidate.added","data":{"first_name":"`;
    const answer = await postChunked("/v1/events", [prefix, "x".repeat(3000), "y".repeat(3000), '"}}'], {
      authorization: `Bearer ${h.alice.apiKey}`,
      "content-type": "application/json",
    });
    expect(answer.status).toBe(413);
    expect(answer.contentType).toContain(PROBLEM_JSON);
    expect(JSON.parse(answer.body)).toMatchObject({ code: "payload_too_large", errors: [{ field: "body" }] });
    expect(await h.deliveryCounts()).toEqual(counts);
  });

  it("answers 400 invalid_json to a truncated body", async () => {
    const answer = await fetch(`${baseUrl}/v1/events`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${h.alice.apiKey}`,
        "content-type": "application/json; charset=utf-8",
      },
      body: '{"event":"candidate.added","data":{',
    });
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { code: string }).code).toBe("invalid_json");
  });
});

describe("a fault of the service", () => {
  it("answers 500 problem+json with the request id, and logs it (never the key)", async () => {
    const broken = await startApiHarness();
    try {
      await broken.store.close(); // every store call now throws
      const answer = await broken.as(broken.alice.auth).get("/v1/account");
      expect(answer.statusCode).toBe(500);
      expect(answer.headers["content-type"]).toContain(PROBLEM_JSON);
      const requestId = answer.headers["x-request-id"];
      expect(answer.json()).toMatchObject({ status: 500, code: "internal_error", request_id: requestId });
      const logged = broken.logged.filter((line) => line.level === "error");
      expect(logged).toHaveLength(1);
      expect(logged[0]?.fields.request_id).toBe(requestId);
      expect(JSON.stringify(broken.logged)).not.toContain(broken.alice.apiKey);
    } finally {
      await broken.close();
    }
  });
});
