import type { WebhookEnvelope } from "../catalog/envelope.js";
import type { EventDataMap } from "../catalog/event-data.js";
import type { EventType } from "../catalog/event-types.js";
import { bodyBytes } from "../encoding/bytes.js";
import { importSigningKeys, type SigningSecrets } from "../signing/secrets.js";
import { standardSignatureWithKey, voiceHireSignatureWithKey } from "../signing/sign.js";
import { HEADER_NAMES } from "../wire/header-names.js";

export interface SignedDeliveryInput<T extends EventType> {
  readonly event: T;
  readonly data: EventDataMap[T];
  /** The endpoint secret, or the active ones during a rotation (the first is the newest). */
  readonly secrets: SigningSecrets;
  /** Default: `evt_test_` + a random UUID. */
  readonly id?: string;
  /** When the event happened. Default: now. */
  readonly timestamp?: string;
  /** Marks a test delivery (`"test": true` and `X-VoiceHire-Test: true`). */
  readonly test?: boolean;
  /** Default 1. */
  readonly attempt?: number;
  /** The clock, in epoch milliseconds. Default `Date.now`. */
  readonly now?: () => number;
}

export interface SignedDelivery {
  /** The exact body text (its UTF-8 bytes are what is signed). */
  readonly body: string;
  /** Lowercase header names, as VoiceHire sends them. */
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Builds a delivery exactly as VoiceHire sends one (body and every header, both signature schemes),
 * to test a receiver without the service. Throws a `WebhookVerificationError` on an empty secret.
 */
export async function buildSignedDelivery<T extends EventType>(
  input: SignedDeliveryInput<T>,
): Promise<SignedDelivery> {
  const imported = await importSigningKeys(input.secrets);
  if (!imported.ok) throw imported.error;
  const nowMs = (input.now ?? Date.now)();
  const id = input.id ?? `evt_test_${crypto.randomUUID()}`;
  const envelope: WebhookEnvelope<T> = {
    id,
    event: input.event,
    timestamp: input.timestamp ?? new Date(nowMs).toISOString(),
    ...(input.test === true ? { test: true as const } : {}),
    data: input.data,
  };
  const body = JSON.stringify(envelope);
  const bytes = bodyBytes(body);
  const seconds = Math.floor(nowMs / 1000);
  const [newestKey] = imported.keys;
  const standard = await Promise.all(
    imported.keys.map((key) => standardSignatureWithKey(key, id, seconds, bytes)),
  );
  const headers: Record<string, string> = {
    "content-type": "application/json",
    [HEADER_NAMES.event]: input.event,
    [HEADER_NAMES.eventId]: id,
    [HEADER_NAMES.attempt]: String(input.attempt ?? 1),
    [HEADER_NAMES.signature]: await voiceHireSignatureWithKey(newestKey as CryptoKey, bytes),
    [HEADER_NAMES.webhookId]: id,
    [HEADER_NAMES.webhookTimestamp]: String(seconds),
    [HEADER_NAMES.webhookSignature]: standard.join(" "),
  };
  if (input.test === true) headers[HEADER_NAMES.test] = "true";
  return { body, headers };
}
