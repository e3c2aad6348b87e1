/** What a delivery's request headers are made of, but its signatures. */
export interface DeliveryRequestFacts {
  readonly eventId: string;
  readonly eventType: string;
  /** 1 for the first try, 2, 3, ... for retries. */
  readonly attemptNumber: number;
  /** Unix time in seconds, for `webhook-timestamp`. */
  readonly timestampSeconds: number;
  /** A "Tester" delivery: adds `X-VoiceHire-Test: true`. */
  readonly test: boolean;
  /** `VoiceHire-Webhooks/<version>`. */
  readonly userAgent: string;
}

/**
 * The two signature header values; absent when the endpoint does not sign. `voiceHire` is absent for an
 * `ed25519` endpoint without an HMAC secret (its `webhook-signature` needs none).
 */
export interface DeliverySignatures {
  readonly voiceHire: string | undefined;
  readonly standard: string;
}

/**
 * The headers of one delivery attempt (the wire contract in README.md), in their documented casing
 * (HTTP/1.1 names are case-insensitive; the source doc's spelling reads best in a receiver's request
 * log). Written once: the sender signs with it, and the attempt log rebuilds what was sent with it
 * (signatures redacted) instead of storing the same headers with every attempt.
 */
export function deliveryRequestHeaders(
  facts: DeliveryRequestFacts,
  signatures: DeliverySignatures | undefined,
): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "User-Agent": facts.userAgent,
    "X-VoiceHire-Event": facts.eventType,
    "X-VoiceHire-Event-Id": facts.eventId,
    "X-VoiceHire-Attempt": String(facts.attemptNumber),
  };
  if (facts.test) headers["X-VoiceHire-Test"] = "true";
  if (signatures !== undefined) {
    if (signatures.voiceHire !== undefined) headers["X-VoiceHire-Signature"] = signatures.voiceHire;
    headers["webhook-id"] = facts.eventId;
    headers["webhook-timestamp"] = String(Math.floor(facts.timestampSeconds));
    headers["webhook-signature"] = signatures.standard;
  }
  return headers;
}
