import type { VoiceHireEvent } from "../catalog/envelope.js";
import { bodyBytes, type RawBody } from "../encoding/bytes.js";
import { importVerificationKeys, type SigningKeys, type WebhookSecrets } from "../signing/secrets.js";
import type { HeadersLike } from "./headers-like.js";
import { parseEnvelope } from "./parse-envelope.js";
import { type VerifyOptions, verifySignatureWithKeys } from "./verify-signature.js";
import type { WebhookVerificationError } from "./webhook-error.js";

export interface ConstructEventOptions extends VerifyOptions {
  /** Also check `data` against the catalog's schema. Default false (the signature already vouches for it). */
  readonly validateData?: boolean;
}

export type WebhookVerification =
  | {
      readonly ok: true;
      readonly event: VoiceHireEvent;
      readonly scheme: "standard" | "voicehire";
      readonly secretIndex: number;
    }
  | { readonly ok: false; readonly error: WebhookVerificationError };

/** `verifyWebhook` with keys already imported. Never throws. */
export async function verifyWebhookWithKeys(
  rawBody: RawBody,
  headers: unknown,
  keys: SigningKeys,
  options: ConstructEventOptions = {},
): Promise<WebhookVerification> {
  const body = bodyBytes(rawBody);
  const signature = await verifySignatureWithKeys(body, headers, keys, options);
  if (!signature.ok) return signature;
  const parsed = parseEnvelope(body, options);
  if (!parsed.ok) return parsed;
  return { ok: true, event: parsed.event, scheme: signature.scheme, secretIndex: signature.secretIndex };
}

/**
 * Verifies the signature on the exact body bytes, then parses the typed envelope.
 * Returns an outcome value; never throws.
 */
export async function verifyWebhook(
  rawBody: RawBody,
  headers: HeadersLike,
  secrets: WebhookSecrets,
  options: ConstructEventOptions = {},
): Promise<WebhookVerification> {
  const imported = await importVerificationKeys(secrets);
  if (!imported.ok) return imported;
  return verifyWebhookWithKeys(rawBody, headers, imported.keys, options);
}

/**
 * Like `verifyWebhook`, Stripe-style: resolves to the typed event (narrow it on `event.event`), or
 * rejects with a `WebhookVerificationError` whose `code` says why. It rejects with nothing else.
 */
export async function constructEvent(
  rawBody: RawBody,
  headers: HeadersLike,
  secrets: WebhookSecrets,
  options: ConstructEventOptions = {},
): Promise<VoiceHireEvent> {
  const verified = await verifyWebhook(rawBody, headers, secrets, options);
  if (!verified.ok) throw verified.error;
  return verified.event;
}
