import { signStandardWebhooks, signVoiceHire, verifySignature } from "@voicehire/webhooks";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { verifyWithDocPython } from "../support/python.js";
import { vectors } from "../support/vectors.js";

const utf8 = (text: string) => new TextEncoder().encode(text);

describe("known-answer vectors (vectors/signatures.json, shared with the server's tests)", () => {
  it("include GitHub's published sha256= vector and the Standard Webhooks specification's one", () => {
    expect(vectors.voicehire).toContainEqual(
      expect.objectContaining({
        secret: "It's a Secret to Everybody",
        body: "Hello, World!",
        signature: "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
      }),
    );
    expect(vectors.standard).toContainEqual(
      expect.objectContaining({
        secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        secretFormat: "whsec",
        id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
        timestamp: 1614265330,
        body: '{"test": 2432232314}',
        signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
      }),
    );
  });

  it("signVoiceHire reproduces every X-VoiceHire-Signature vector, from text or bytes", async () => {
    for (const vector of vectors.voicehire) {
      expect(await signVoiceHire(vector.body, vector.secret), vector.description).toBe(vector.signature);
      expect(await signVoiceHire(utf8(vector.body), utf8(vector.secret))).toBe(vector.signature);
    }
    const [github] = vectors.voicehire;
    const shared = new Uint8Array(new SharedArrayBuffer(utf8(github?.body ?? "").length));
    shared.set(utf8(github?.body ?? ""));
    expect(await signVoiceHire(shared, github?.secret ?? "")).toBe(github?.signature);
  });

  it("the source document's Python snippet accepts every X-VoiceHire-Signature vector", () => {
    const cases = vectors.voicehire.map((vector) => ({
      headers: { "X-VoiceHire-Signature": vector.signature },
      body: vector.body,
      secret: vector.secret,
    }));
    expect(verifyWithDocPython(cases)).toEqual(cases.map(() => true));
    expect(verifyWithDocPython(cases.map((c) => ({ ...c, secret: `${c.secret}x` })))).toEqual(
      cases.map(() => false),
    );
  });

  it("signStandardWebhooks reproduces every raw-key vector, and the rotation vector", async () => {
    for (const vector of vectors.standard.filter((v) => v.secretFormat === "raw")) {
      const { id, timestamp, body, secret } = vector;
      expect(await signStandardWebhooks({ id, timestamp, body, secrets: secret }), vector.description).toBe(
        vector.signature,
      );
    }
    for (const vector of vectors.standardRotation) {
      const { id, timestamp, body, secrets } = vector;
      expect(await signStandardWebhooks({ id, timestamp, body, secrets })).toBe(vector.signature);
      expect(await Promise.all(secrets.map((secret) => signVoiceHire(body, secret)))).toEqual(
        vector.voicehireSignatures,
      );
    }
  });

  it("the standardwebhooks library agrees with every vector (raw keys given as their UTF-8 bytes)", () => {
    for (const vector of vectors.standard) {
      const webhook =
        vector.secretFormat === "whsec"
          ? new Webhook(vector.secret)
          : new Webhook(utf8(vector.secret), { format: "raw" });
      const signature = webhook.sign(vector.id, new Date(vector.timestamp * 1000), vector.body);
      expect(signature, vector.description).toBe(vector.signature);
    }
    for (const vector of vectors.standardRotation) {
      const signatures = vector.secrets.map((secret) =>
        new Webhook(utf8(secret), { format: "raw" }).sign(
          vector.id,
          new Date(vector.timestamp * 1000),
          vector.body,
        ),
      );
      expect(signatures.join(" ")).toBe(vector.signature);
    }
  });

  it("verifySignature accepts every vector under its own secret and the right scheme", async () => {
    for (const vector of vectors.voicehire) {
      const verified = await verifySignature(
        vector.body,
        { "x-voicehire-signature": vector.signature },
        vector.secret,
        {
          scheme: "voicehire",
        },
      );
      expect(verified, vector.description).toEqual({ ok: true, scheme: "voicehire", secretIndex: 0 });
    }
    for (const vector of vectors.standard.filter((v) => v.secretFormat === "raw")) {
      const headers = {
        "webhook-id": vector.id,
        "webhook-timestamp": String(vector.timestamp),
        "webhook-signature": vector.signature,
      };
      const verified = await verifySignature(vector.body, headers, vector.secret, {
        now: () => vector.timestamp * 1000,
      });
      expect(verified, vector.description).toEqual({ ok: true, scheme: "standard", secretIndex: 0 });
    }
    for (const vector of vectors.standardRotation) {
      const headers = {
        "webhook-id": vector.id,
        "webhook-timestamp": String(vector.timestamp),
        "webhook-signature": vector.signature,
      };
      const now = () => vector.timestamp * 1000;
      const oldSecretOnly = vector.secrets.at(-1) as string;
      expect(await verifySignature(vector.body, headers, oldSecretOnly, { now })).toMatchObject({
        ok: true,
        secretIndex: 0,
      });
      expect(
        await verifySignature(vector.body, headers, ["unrelated", oldSecretOnly], { now }),
      ).toMatchObject({ ok: true, secretIndex: 1 });
    }
  });

  it("documents why a string secret must be given to standardwebhooks as bytes when it is not ASCII", () => {
    const vector = vectors.standard.find((v) => v.secretFormat === "raw" && /[^\p{ASCII}]/u.test(v.secret));
    if (vector === undefined) throw new Error("expected a non-ASCII raw-secret vector");
    // The library's raw string form takes one byte per UTF-16 unit (not UTF-8), so it disagrees.
    const fromString = new Webhook(vector.secret, { format: "raw" }).sign(
      vector.id,
      new Date(vector.timestamp * 1000),
      vector.body,
    );
    expect(fromString).not.toBe(vector.signature);
  });
});
