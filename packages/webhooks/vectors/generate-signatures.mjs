// Regenerates signatures.json with node:crypto (an implementation independent of the SDK):
//   node packages/webhooks/vectors/generate-signatures.mjs > packages/webhooks/vectors/signatures.json
// It checks the two published vectors (GitHub, Standard Webhooks) before writing anything.
import { createHmac } from "node:crypto";

const vh = (secret, body) =>
  "sha256=" +
  createHmac("sha256", Buffer.from(secret, "utf8")).update(Buffer.from(body, "utf8")).digest("hex");
const sw = (key, id, ts, body) =>
  "v1," +
  createHmac("sha256", key)
    .update(Buffer.from(`${id}.${ts}.${body}`, "utf8"))
    .digest("base64");
const envelope =
  '{"id":"evt_01JHGW7Q9Z8X4M2N6P0R3S5T7V","event":"campaign.created","timestamp":"2024-01-15T10:30:00.000Z","data":{"campaign_id":"abc123def456","job_title":"Développeur Full Stack","contract_type":"CDI","candidate_link":"https://app.voicehire.io/candidate/abc123def456","questions_count":6,"status":"active"}}';
const testEnvelope =
  '{"id":"evt_01JHGW7Q9Z8X4M2N6P0R3S5T7W","event":"credits.low","timestamp":"2024-01-15T10:00:00.000Z","test":true,"data":{"credits_remaining":8.5,"threshold":10}}';
const reserialized = '{"a":1.0,"b":"\\u00e9"}';
const voicehire = [
  {
    description: "GitHub's published X-Hub-Signature-256 example (same scheme)",
    secret: "It's a Secret to Everybody",
    body: "Hello, World!",
  },
  {
    description: "the source document's secret and a VoiceHire envelope with non-ASCII text",
    secret: "votre_secret_partage",
    body: envelope,
  },
  { description: "a non-ASCII secret (key = its UTF-8 bytes)", secret: "sécret-partagé-🔑", body: envelope },
  {
    description:
      "a body a JSON parser would change when re-serialized: sign the bytes, never JSON.stringify(JSON.parse(body))",
    secret: "votre_secret_partage",
    body: reserialized,
  },
  {
    description: 'a test delivery envelope ("test": true)',
    secret: "whsec_not_base64_just_utf8",
    body: testEnvelope,
  },
  { description: "an empty body", secret: "votre_secret_partage", body: "" },
].map((v) => ({ ...v, signature: vh(v.secret, v.body) }));
if (voicehire[0].signature !== "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")
  throw new Error("GitHub vector mismatch");
const official = {
  description:
    "the Standard Webhooks specification's example (whsec_ secret: base64 key, NOT how VoiceHire keys are made)",
  secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  secretFormat: "whsec",
  id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
};
official.signature = sw(
  Buffer.from("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "base64"),
  official.id,
  official.timestamp,
  official.body,
);
if (official.signature !== "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
  throw new Error("Standard vector mismatch");
const raw = [
  {
    description: "the same whsec_ string used as VoiceHire does: its raw UTF-8 bytes are the key",
    secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
    timestamp: 1614265330,
    body: '{"test": 2432232314}',
  },
  {
    description: "a VoiceHire envelope with non-ASCII text",
    secret: "votre_secret_partage",
    id: "evt_01JHGW7Q9Z8X4M2N6P0R3S5T7V",
    timestamp: 1705314600,
    body: envelope,
  },
  {
    description: "a non-ASCII secret (key = its UTF-8 bytes)",
    secret: "sécret-partagé-🔑",
    id: "evt_01JHGW7Q9Z8X4M2N6P0R3S5T7V",
    timestamp: 1705314600,
    body: envelope,
  },
  {
    description: "a body a JSON parser would change when re-serialized",
    secret: "votre_secret_partage",
    id: "evt_reserialized",
    timestamp: 1705314600,
    body: reserialized,
  },
].map((v) => ({
  ...v,
  secretFormat: "raw",
  signature: sw(Buffer.from(v.secret, "utf8"), v.id, v.timestamp, v.body),
}));
const rotationSecrets = ["new_secret_after_rotation", "old_secret_before_rotation"];
const rotation = {
  description:
    "secret rotation: one v1 signature per active secret, space-separated, in the order of `secrets`",
  secrets: rotationSecrets,
  id: "evt_01JHGW7Q9Z8X4M2N6P0R3S5T7V",
  timestamp: 1705314600,
  body: envelope,
  voicehireSignatures: rotationSecrets.map((s) => vh(s, envelope)),
  signature: rotationSecrets
    .map((s) => sw(Buffer.from(s, "utf8"), "evt_01JHGW7Q9Z8X4M2N6P0R3S5T7V", 1705314600, envelope))
    .join(" "),
};
const out = {
  description:
    "Known-answer vectors for VoiceHire webhook signatures. Bodies are UTF-8 text: the signed bytes are exactly the UTF-8 encoding of `body`. voicehire: X-VoiceHire-Signature = sha256= + lowercase hex HMAC-SHA256(key = UTF-8 bytes of secret, body). standard: webhook-signature = v1, + base64 HMAC-SHA256(key, '<id>.<timestamp>.<body>'), key = UTF-8 bytes of secret when secretFormat is raw (VoiceHire), base64 after whsec_ when whsec (the spec's own example, for reference). standardRotation: several active secrets.",
  voicehire,
  standard: [official, ...raw],
  standardRotation: [rotation],
};
process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
