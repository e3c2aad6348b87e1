import type { IncomingHttpHeaders } from "node:http";
import { HEADER_NAMES, verifySignature, verifyWebhook, type WebhookKey } from "@voicehire/webhooks";

/** What one signature header says, checked on its own. */
export type SchemeCheck =
  | { readonly scheme: "voicehire" | "standard"; readonly ok: true; readonly secretIndex: number }
  | {
      readonly scheme: "voicehire" | "standard";
      readonly ok: false;
      readonly code: string;
      readonly message: string;
    };

/** Whether the delivery is accepted, and why in words. */
export type Verification =
  /** Verified with the SDK (either scheme accepted); `checks` has each signature header present. */
  | { readonly kind: "verified"; readonly checks: readonly SchemeCheck[] }
  /** A secret was given and the SDK refused the delivery. */
  | {
      readonly kind: "rejected";
      readonly code: string;
      readonly message: string;
      readonly status: number;
      readonly checks: readonly SchemeCheck[];
    }
  /** No secret nor public key was given: nothing is verified; `signatureHeaders` lists the signature headers present. */
  | { readonly kind: "not_checked"; readonly signatureHeaders: readonly string[] };

/** The envelope's fields as far as the body has them (read loosely, for display). */
export interface EnvelopeView {
  readonly id?: string;
  readonly event?: string;
  readonly timestamp?: string;
  readonly test: boolean;
  readonly data?: unknown;
}

export interface DeliveryInspection {
  readonly verification: Verification;
  /** Undefined when the body is not a JSON object. */
  readonly envelope?: EnvelopeView;
  /** The status to answer when the delivery is not forwarded (or is refused before forwarding). */
  readonly status: number;
  /** The JSON body to answer with that status. */
  readonly answer: string;
}

const RECEIVED = JSON.stringify({ status: "received" });

function headerText(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}

function stringField(record: Record<string, unknown>, key: string): { [key: string]: string } {
  const value = record[key];
  return typeof value === "string" ? { [key]: value } : {};
}

/** Reads the envelope loosely: whatever of `{ id, event, timestamp, test, data }` the body has. */
export function readEnvelopeView(body: Uint8Array): EnvelopeView | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return undefined;
  const record = parsed as Record<string, unknown>;
  return {
    ...stringField(record, "id"),
    ...stringField(record, "event"),
    ...stringField(record, "timestamp"),
    test: record.test === true,
    ...("data" in record ? { data: record.data } : {}),
  };
}

function presentSchemes(headers: IncomingHttpHeaders): ("voicehire" | "standard")[] {
  const schemes: ("voicehire" | "standard")[] = [];
  if (headers[HEADER_NAMES.webhookSignature] !== undefined) schemes.push("standard");
  if (headers[HEADER_NAMES.signature] !== undefined) schemes.push("voicehire");
  return schemes;
}

/** What `listen` verifies with: HMAC secrets, then Ed25519 public keys (the order of `secretIndex`). */
export interface ListenKeys {
  readonly secrets: readonly string[];
  readonly publicKeys: readonly string[];
}

function sdkKeys(keys: ListenKeys): WebhookKey[] {
  return [...keys.secrets, ...keys.publicKeys.map((publicKey) => ({ publicKey }))];
}

async function checkEachScheme(
  body: Uint8Array,
  headers: IncomingHttpHeaders,
  keys: ListenKeys,
): Promise<SchemeCheck[]> {
  // X-VoiceHire-Signature is an HMAC of the secret: a public key cannot check it, so without a
  // secret it is not reported as failing.
  const schemes = presentSchemes(headers).filter(
    (scheme) => scheme === "standard" || keys.secrets.length > 0,
  );
  return Promise.all(
    schemes.map(async (scheme): Promise<SchemeCheck> => {
      // Secrets first in both lists, so `secretIndex` means the same key either way.
      const result = await verifySignature(
        body,
        headers,
        scheme === "voicehire" ? [...keys.secrets] : sdkKeys(keys),
        { scheme },
      );
      if (result.ok) return { scheme, ok: true, secretIndex: result.secretIndex };
      return { scheme, ok: false, code: result.error.code, message: stripPrefix(result.error.message) };
    }),
  );
}

function stripPrefix(message: string): string {
  return message.replace(/^@voicehire\/webhooks: /, "");
}

/**
 * Verifies a delivery with the SDK, accepting either signature scheme (`scheme: "any"`), and checks
 * each signature header present on its own so the printout can say which ones hold. Public keys
 * check `v1a,` entries of webhook-signature. Without secrets nor public keys nothing is verified and
 * every JSON body is accepted. Never throws.
 */
export async function inspectDelivery(
  body: Uint8Array,
  headers: IncomingHttpHeaders,
  keys: ListenKeys,
): Promise<DeliveryInspection> {
  const envelope = readEnvelopeView(body);
  const withEnvelope = envelope === undefined ? {} : { envelope };
  if (keys.secrets.length === 0 && keys.publicKeys.length === 0) {
    const signatureHeaders = [HEADER_NAMES.signature, HEADER_NAMES.webhookSignature].filter(
      (name) => headerText(headers, name) !== undefined,
    );
    const verification: Verification = { kind: "not_checked", signatureHeaders };
    if (envelope === undefined) {
      const answer = { error: { code: "invalid_body", message: "the body is not a JSON object" } };
      return { verification, status: 400, answer: JSON.stringify(answer) };
    }
    return { verification, ...withEnvelope, status: 200, answer: RECEIVED };
  }
  const [verified, checks] = await Promise.all([
    // With public keys only, X-VoiceHire-Signature alone cannot be checked: the Standard headers are required.
    verifyWebhook(body, headers, sdkKeys(keys), { scheme: keys.secrets.length === 0 ? "standard" : "any" }),
    checkEachScheme(body, headers, keys),
  ]);
  if (verified.ok)
    return { verification: { kind: "verified", checks }, ...withEnvelope, status: 200, answer: RECEIVED };
  const { code, status } = verified.error;
  const message = stripPrefix(verified.error.message);
  return {
    verification: { kind: "rejected", code, message, status, checks },
    ...withEnvelope,
    status,
    answer: JSON.stringify({ error: { code, message } }),
  };
}

/** The delivery headers worth showing: `X-VoiceHire-*`, `webhook-*`, `User-Agent` and `Content-Type`. */
export function isDeliveryHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return (
    lower.startsWith("x-voicehire-") ||
    lower.startsWith("webhook-") ||
    lower === "user-agent" ||
    lower === "content-type"
  );
}
