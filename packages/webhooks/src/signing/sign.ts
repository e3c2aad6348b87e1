import { bodyBytes, concatBytes, type RawBody, toBase64, toHex, utf8Encode } from "../encoding/bytes.js";
import { hmacSha256 } from "./hmac-sha256.js";
import { importSigningKeys, type SigningSecrets } from "./secrets.js";

/** The bytes Standard Webhooks signs: `<id>.<timestamp>.<body>`. */
export function standardSignedContent(id: string, timestampSeconds: number, body: Uint8Array): Uint8Array {
  return concatBytes(utf8Encode(`${id}.${timestampSeconds}.`), body);
}

export async function voiceHireSignatureWithKey(key: CryptoKey, body: Uint8Array): Promise<string> {
  return `sha256=${toHex(await hmacSha256(key, body))}`;
}

export async function standardSignatureWithKey(
  key: CryptoKey,
  id: string,
  timestampSeconds: number,
  body: Uint8Array,
): Promise<string> {
  return `v1,${toBase64(await hmacSha256(key, standardSignedContent(id, timestampSeconds, body)))}`;
}

async function keysOf(secrets: SigningSecrets): Promise<readonly CryptoKey[]> {
  const imported = await importSigningKeys(secrets);
  if (!imported.ok) throw imported.error;
  return imported.keys;
}

/**
 * The `X-VoiceHire-Signature` value of a body: `sha256=` + lowercase hex HMAC-SHA256, key = the
 * secret's UTF-8 bytes. Throws a `WebhookVerificationError` (`invalid_secret`) on an empty secret.
 */
export async function signVoiceHire(body: RawBody, secret: string | Uint8Array): Promise<string> {
  const [key] = await keysOf(secret);
  return voiceHireSignatureWithKey(key as CryptoKey, bodyBytes(body));
}

export interface StandardSignatureInput {
  readonly id: string;
  /** Unix seconds, as sent in `webhook-timestamp`. */
  readonly timestamp: number;
  readonly body: RawBody;
  /** One secret, or all the active ones during a rotation (one signature each, in this order). */
  readonly secrets: SigningSecrets;
}

/** The `webhook-signature` value: `v1,<base64>` per secret, space-separated. */
export async function signStandardWebhooks(input: StandardSignatureInput): Promise<string> {
  const keys = await keysOf(input.secrets);
  const body = bodyBytes(input.body);
  const signatures = await Promise.all(
    keys.map((key) => standardSignatureWithKey(key, input.id, input.timestamp, body)),
  );
  return signatures.join(" ");
}
