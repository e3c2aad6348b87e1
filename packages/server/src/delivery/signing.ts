import { createHmac, createSecretKey, type KeyObject, sign } from "node:crypto";
import { type DeliveryRequestFacts, deliveryRequestHeaders } from "../domain/delivery-request-headers.js";

export interface DeliveryHeadersInput {
  readonly eventId: string;
  readonly eventType: string;
  /** 1 for the first try, 2, 3, ... for retries. */
  readonly attemptNumber: number;
  /** The exact bytes that are POSTed; they are signed as they are. */
  readonly body: Uint8Array;
  /**
   * The endpoint's active secrets, newest first (as text, or as their `hmacKeyOf` keys); empty when the
   * endpoint does not sign.
   */
  readonly secrets: readonly HmacSecret[];
  /**
   * An `ed25519` endpoint's private keys, current first (several during a rotation): `webhook-signature`
   * then carries their `v1a,` signatures instead of the HMAC ones. Absent or empty for `hmac`.
   */
  readonly signingKeys?: readonly KeyObject[];
  /** Unix time in seconds, for `webhook-timestamp`. */
  readonly nowSeconds: number;
  /** A "Tester" delivery: adds `X-VoiceHire-Test: true`. */
  readonly test: boolean;
  /** `VoiceHire-Webhooks/<version>`. */
  readonly userAgent: string;
}

/**
 * An endpoint secret as HMAC takes it: its text, or the key of its UTF-8 bytes (`hmacKeyOf`), made once
 * per secret by the worker instead of encoding the text again for each of an attempt's signatures.
 */
export type HmacSecret = string | KeyObject;

/** The HMAC key of a secret: the UTF-8 bytes of its text, as both signature schemes key it. */
export function hmacKeyOf(secret: string): KeyObject {
  return createSecretKey(secret, "utf8");
}

/** The lowercase hex HMAC-SHA256 of `body` keyed by the UTF-8 bytes of `secret`: the source doc's scheme. */
export function voiceHireSignature(secret: HmacSecret, body: Uint8Array): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** A Standard Webhooks v1 signature: `v1,` + base64 HMAC-SHA256 of `id.timestamp.body`, raw UTF-8 key. */
export function standardWebhookSignature(
  secret: HmacSecret,
  id: string,
  timestampSeconds: number,
  body: Uint8Array,
): string {
  const hmac = createHmac("sha256", secret);
  hmac.update(`${id}.${timestampSeconds}.`);
  hmac.update(body);
  return `v1,${hmac.digest("base64")}`;
}

/** A Standard Webhooks v1a signature: `v1a,` + base64 Ed25519 signature of `id.timestamp.body`. */
export function ed25519WebhookSignature(
  privateKey: KeyObject,
  id: string,
  timestampSeconds: number,
  body: Uint8Array,
): string {
  const content = Buffer.concat([Buffer.from(`${id}.${timestampSeconds}.`), body]);
  return `v1a,${sign(null, content, privateKey).toString("base64")}`;
}

/**
 * The headers of one delivery attempt (`deliveryRequestHeaders`). With secrets, `X-VoiceHire-Signature`
 * uses the first (newest) one, and `webhook-signature` carries one signature per secret, space-separated,
 * so a receiver still holding the previous secret keeps verifying during a rotation.
 */
export function deliveryHeaders(input: DeliveryHeadersInput): Record<string, string> {
  const timestamp = Math.floor(input.nowSeconds);
  const newestSecret = input.secrets[0];
  const signingKeys = input.signingKeys ?? [];
  if (signingKeys.length > 0) {
    // X-VoiceHire-Signature stays the source document's HMAC whenever there is a secret.
    return deliveryRequestHeaders(facts(input, timestamp), {
      voiceHire: newestSecret === undefined ? undefined : voiceHireSignature(newestSecret, input.body),
      standard: signingKeys
        .map((key) => ed25519WebhookSignature(key, input.eventId, timestamp, input.body))
        .join(" "),
    });
  }
  return deliveryRequestHeaders(
    facts(input, timestamp),
    newestSecret === undefined
      ? undefined
      : {
          voiceHire: voiceHireSignature(newestSecret, input.body),
          standard: input.secrets
            .map((secret) => standardWebhookSignature(secret, input.eventId, timestamp, input.body))
            .join(" "),
        },
  );
}

function facts(input: DeliveryHeadersInput, timestampSeconds: number): DeliveryRequestFacts {
  return {
    eventId: input.eventId,
    eventType: input.eventType,
    attemptNumber: input.attemptNumber,
    timestampSeconds,
    test: input.test,
    userAgent: input.userAgent,
  };
}
