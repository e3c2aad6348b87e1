import { readFileSync } from "node:fs";
import { verifySignature } from "@voicehire/webhooks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RecordingReceiver, startRecordingReceiver } from "../support/recording-receiver.js";
import { type ApiHarness, startApiHarness } from "./support/api-harness.js";
import { PROBLEM_JSON } from "./support/samples.js";

let h: ApiHarness;
let receiver: RecordingReceiver;
const answers: string[] = [];
beforeEach(async () => {
  answers.length = 0;
  h = await startApiHarness({ developmentMode: true, testSender: { timeoutMs: 2000 } });
  receiver = await startRecordingReceiver();
});
afterEach(async () => {
  await receiver.close();
  await h.close();
});

const PUBLIC_KEY = /^whpk_[A-Za-z0-9+/]{43}=$/;

async function call(method: "GET" | "POST" | "PATCH", url: string, payload?: unknown) {
  const answer = await h.app.inject({
    method,
    url,
    headers: h.alice.auth,
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
  answers.push(answer.body);
  return answer;
}

async function createEndpoint(body: Record<string, unknown>) {
  const answer = await call("POST", "/v1/endpoints", {
    url: `${receiver.url}/hooks`,
    event_types: ["campaign.created"],
    ...body,
  });
  expect(answer.statusCode, answer.body).toBe(201);
  return answer.json() as {
    id: string;
    signature_scheme: string;
    public_key: string | null;
    has_secret: boolean;
  };
}

/** Alice presses "Tester": the request the receiver got. */
async function testedRequest(endpointId: string) {
  const before = receiver.requests.length;
  const answer = await call("POST", `/v1/endpoints/${endpointId}/test`, { event_type: "campaign.created" });
  expect(answer.json()).toMatchObject({ succeeded: true });
  const request = receiver.requests[before];
  if (request === undefined) throw new Error("the Tester sent nothing");
  return request;
}

describe("signature_scheme on endpoints", () => {
  it("hmac by default; ed25519 gets a generated key pair whose public key every read shows", async () => {
    const plain = await createEndpoint({});
    expect(plain).toMatchObject({ signature_scheme: "hmac", public_key: null, has_secret: true });
    const signed = await createEndpoint({ signature_scheme: "ed25519" });
    expect(signed).toMatchObject({ signature_scheme: "ed25519", has_secret: true });
    expect(signed.public_key).toMatch(PUBLIC_KEY);
    expect((await call("GET", `/v1/endpoints/${signed.id}`)).json().public_key).toBe(signed.public_key);
    const listed = (await call("GET", "/v1/endpoints")).json().data as { id: string; public_key: unknown }[];
    expect(listed.map((e) => [e.id, e.public_key])).toEqual([
      [plain.id, null],
      [signed.id, signed.public_key],
    ]);
  });

  it("refuses an unknown scheme naming the field, and creates nothing", async () => {
    const answer = await call("POST", "/v1/endpoints", {
      url: `${receiver.url}/hooks`,
      event_types: ["campaign.created"],
      signature_scheme: "rsa",
    });
    expect(answer.statusCode).toBe(422);
    expect(answer.headers["content-type"]).toContain(PROBLEM_JSON);
    expect(answer.json().errors.map((e: { field: string }) => e.field)).toEqual(["signature_scheme"]);
    expect(await h.store.listEndpoints(h.alice.account.id)).toEqual([]);
  });

  it("a pull endpoint signs nothing: ed25519 is refused naming the field, on create and on PATCH", async () => {
    const pullBody = { kind: "pull", event_types: ["campaign.created"] };
    const created = await call("POST", "/v1/endpoints", { ...pullBody, signature_scheme: "ed25519" });
    expect(created.statusCode).toBe(422);
    expect(created.headers["content-type"]).toContain(PROBLEM_JSON);
    expect(created.json().errors.map((e: { field: string }) => e.field)).toEqual(["signature_scheme"]);
    expect(await h.store.listEndpoints(h.alice.account.id)).toEqual([]);

    const pull = (await call("POST", "/v1/endpoints", pullBody)).json();
    expect(pull).toMatchObject({ kind: "pull", signature_scheme: "hmac", public_key: null });
    const patched = await call("PATCH", `/v1/endpoints/${pull.id}`, {
      signature_scheme: "ed25519",
      description: "half-written?",
    });
    expect(patched.statusCode).toBe(422);
    expect(patched.json().errors.map((e: { field: string }) => e.field)).toEqual(["signature_scheme"]);
    expect((await call("GET", `/v1/endpoints/${pull.id}`)).json()).toMatchObject({
      signature_scheme: "hmac",
      public_key: null,
      description: "",
    });
    expect((await h.store.getEndpoint(h.alice.account.id, pull.id))?.signingKey).toBeUndefined();
    const rotated = await call("POST", `/v1/endpoints/${pull.id}/signing-key/rotate`);
    expect(rotated.statusCode).toBe(409);
  });

  it("a PATCH to the same scheme keeps the key; a switch makes a new one or drops it", async () => {
    const { id, public_key } = await createEndpoint({ signature_scheme: "ed25519" });
    const same = await call("PATCH", `/v1/endpoints/${id}`, {
      signature_scheme: "ed25519",
      description: "x",
    });
    expect(same.json()).toMatchObject({ signature_scheme: "ed25519", public_key, description: "x" });
    const back = await call("PATCH", `/v1/endpoints/${id}`, { signature_scheme: "hmac" });
    expect(back.json()).toMatchObject({ signature_scheme: "hmac", public_key: null, has_secret: true });
    const again = (await call("PATCH", `/v1/endpoints/${id}`, { signature_scheme: "ed25519" })).json();
    expect(again.public_key).toMatch(PUBLIC_KEY);
    expect(again.public_key).not.toBe(public_key);
  });

  it("the Tester signs an ed25519 endpoint with v1a, which the SDK verifies from the public key", async () => {
    const { id, public_key } = await createEndpoint({
      signature_scheme: "ed25519",
      secret: "the-hmac-secret",
    });
    const request = await testedRequest(id);
    expect(request.headers["webhook-signature"]).toMatch(/^v1a,\S+$/);
    expect(
      await verifySignature(
        request.body,
        request.headers,
        { publicKey: public_key ?? "" },
        { now: h.clock.now },
      ),
    ).toMatchObject({
      ok: true,
    });
    expect(
      await verifySignature(request.body, request.headers, "the-hmac-secret", { scheme: "voicehire" }),
    ).toMatchObject({ ok: true });
  });

  it("a rotation keeps the previous key signing during its grace period, the new one first", async () => {
    const { id, public_key: previous } = await createEndpoint({ signature_scheme: "ed25519" });
    const rotated = await call("POST", `/v1/endpoints/${id}/signing-key/rotate`);
    expect(rotated.statusCode).toBe(200);
    const { public_key: current, previous_expires_at } = rotated.json();
    expect(current).toMatch(PUBLIC_KEY);
    expect(current).not.toBe(previous);
    expect(previous_expires_at).toBe(new Date(h.clock.now() + 86_400_000).toISOString());
    expect((await call("GET", `/v1/endpoints/${id}`)).json().public_key).toBe(current);
    const request = await testedRequest(id);
    const entries = (request.headers["webhook-signature"] as string).split(" ");
    expect(entries).toHaveLength(2);
    for (const [index, key] of [current, previous].entries()) {
      const one = { ...request.headers, "webhook-signature": entries[index] };
      expect(
        await verifySignature(request.body, one, { publicKey: key }, { now: h.clock.now }),
      ).toMatchObject({ ok: true });
    }
    const immediate = await call("POST", `/v1/endpoints/${id}/signing-key/rotate`, {
      grace_period_seconds: 0,
    });
    expect(immediate.json().previous_expires_at).toBeNull();
    // Replaced without grace, `current` stops signing at once; the first key's grace period goes on.
    const after = await testedRequest(id);
    const keys = [immediate.json().public_key, previous, current];
    const accepted = [];
    for (const key of keys) {
      accepted.push(
        (await verifySignature(after.body, after.headers, { publicKey: key }, { now: h.clock.now })).ok,
      );
    }
    expect(accepted).toEqual([true, true, false]);
    expect((after.headers["webhook-signature"] as string).split(" ")).toHaveLength(2);
  });

  it("rotation: 409 on an hmac endpoint, 404 on an unknown one, 422 naming a bad grace period", async () => {
    const plain = await createEndpoint({});
    const conflict = await call("POST", `/v1/endpoints/${plain.id}/signing-key/rotate`);
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().detail).toContain("hmac");
    expect((await call("POST", "/v1/endpoints/ep_missing/signing-key/rotate")).statusCode).toBe(404);
    const signed = await createEndpoint({ signature_scheme: "ed25519" });
    const bad = await call("POST", `/v1/endpoints/${signed.id}/signing-key/rotate`, {
      grace_period_seconds: -1,
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(["grace_period_seconds"]);
    expect((await call("GET", `/v1/endpoints/${signed.id}`)).json().public_key).toBe(signed.public_key);
  });

  it("the private key is never in an answer, a log line, or in clear in the database file", async () => {
    const { id } = await createEndpoint({ signature_scheme: "ed25519" });
    await call("POST", `/v1/endpoints/${id}/signing-key/rotate`);
    await testedRequest(id);
    const endpoint = await h.store.getEndpoint(h.alice.account.id, id);
    const der = Buffer.from(h.secretBox.open(endpoint?.signingKey?.sealedPrivateKey ?? ""), "base64");
    expect(der).toHaveLength(48);
    const seed = der.subarray(16);
    const traces = [...answers, JSON.stringify(h.logged)].join("\n");
    for (const form of [
      der.toString("base64"),
      seed.toString("base64"),
      seed.toString("base64url"),
      seed.toString("hex"),
    ]) {
      expect(traces).not.toContain(form.slice(0, 40));
    }
    const file = Buffer.concat([readFileSync(h.databaseFile), readFileSync(`${h.databaseFile}-wal`)]);
    expect(file.includes(seed)).toBe(false);
    expect(file.includes(Buffer.from(der.toString("base64")))).toBe(false);
  });
});
