import { bodyBytes, fromBase64, fromHex, type RawBody } from "../encoding/bytes.js";
import { hmacSha256, timingSafeEqual } from "../signing/hmac-sha256.js";
import { importSigningKeys, type SigningKeys, type WebhookSecrets } from "../signing/secrets.js";
import { standardSignedContent } from "../signing/sign.js";
import { HEADER_NAMES } from "../wire/header-names.js";
import { type HeadersLike, type HeaderValue, readHeader } from "./headers-like.js";
import { WebhookVerificationError } from "./webhook-error.js";

/**
 * Which signature to require:
 * - `standard` (default): the Standard Webhooks headers, with the timestamp tolerance (replay protection);
 * - `voicehire`: `X-VoiceHire-Signature` alone, the source document's scheme (no timestamp, so no
 *   replay protection beyond deduplication by event id);
 * - `any`: Standard Webhooks when its headers are present, else `X-VoiceHire-Signature`.
 */
export type SignatureScheme = "standard" | "voicehire" | "any";

export interface VerifyOptions {
  readonly scheme?: SignatureScheme;
  /** How far `webhook-timestamp` may be from now, either way. Default 300 (5 minutes). */
  readonly toleranceSeconds?: number;
  /** The clock, in epoch milliseconds. Default `Date.now`. */
  readonly now?: () => number;
}

export type SignatureVerification =
  | {
      readonly ok: true;
      readonly scheme: "standard" | "voicehire";
      /** Which of the secrets matched (0 = the first). */
      readonly secretIndex: number;
    }
  | { readonly ok: false; readonly error: WebhookVerificationError };

type Failure = { readonly ok: false; readonly error: WebhookVerificationError };

const DEFAULT_TOLERANCE_SECONDS = 300;
/** At most this many signatures are considered in one `webhook-signature` header. */
const MAX_SIGNATURES = 16;
const VOICEHIRE_SIGNATURE = /^sha256=([0-9a-fA-F]{64})$/;
const UNIX_SECONDS = /^[0-9]{1,15}$/;

function fail(code: WebhookVerificationError["code"], message: string): Failure {
  return { ok: false, error: new WebhookVerificationError(code, message) };
}

/** Index of the first key whose MAC of `content` equals one of `candidates`, or -1. */
async function matchingKey(
  keys: SigningKeys,
  content: Uint8Array,
  candidates: readonly Uint8Array[],
): Promise<number> {
  const macs = await Promise.all(keys.map((key) => hmacSha256(key, content)));
  let found = -1;
  macs.forEach((mac, index) => {
    for (const candidate of candidates) {
      if (timingSafeEqual(mac, candidate) && found === -1) found = index;
    }
  });
  return found;
}

function single(header: HeaderValue, name: string): { ok: true; value: string } | Failure {
  if (header.kind === "repeated")
    return fail("malformed_signature", `the ${name} header appears more than once`);
  if (header.kind === "absent") return fail("missing_signature", `the ${name} header is missing`);
  return { ok: true, value: header.value.trim() };
}

async function verifyVoiceHire(
  body: Uint8Array,
  headers: unknown,
  keys: SigningKeys,
): Promise<SignatureVerification> {
  const header = single(readHeader(headers, HEADER_NAMES.signature), "X-VoiceHire-Signature");
  if (!header.ok) return header;
  const hex = VOICEHIRE_SIGNATURE.exec(header.value)?.[1];
  if (hex === undefined) {
    return fail(
      "malformed_signature",
      "the X-VoiceHire-Signature header must be sha256= followed by 64 hex digits",
    );
  }
  const index = await matchingKey(keys, body, [fromHex(hex) as Uint8Array]);
  if (index === -1)
    return fail("signature_mismatch", "X-VoiceHire-Signature does not match the body under any secret");
  return { ok: true, scheme: "voicehire", secretIndex: index };
}

/** The decodable `v1,` signatures of a `webhook-signature` header (its repeats joined as one list). */
function standardCandidates(header: HeaderValue & { kind: "single" | "repeated" }): Uint8Array[] | Failure {
  const text = header.kind === "single" ? header.value : header.values.join(" ");
  const tokens = text.split(" ").filter((token) => token !== "");
  if (tokens.length > MAX_SIGNATURES) {
    return fail(
      "malformed_signature",
      `the webhook-signature header has more than ${MAX_SIGNATURES} signatures`,
    );
  }
  const candidates: Uint8Array[] = [];
  for (const token of tokens) {
    // A repeated header read through `Headers.get` arrives joined with ", ".
    const clean = token.endsWith(",") ? token.slice(0, -1) : token;
    const decoded = clean.startsWith("v1,") ? fromBase64(clean.slice(3)) : null;
    if (decoded !== null && decoded.length === 32) candidates.push(decoded);
  }
  if (candidates.length === 0) {
    return fail(
      "malformed_signature",
      "the webhook-signature header has no v1,<base64 of 32 bytes> signature",
    );
  }
  return candidates;
}

async function verifyStandard(
  body: Uint8Array,
  headers: unknown,
  keys: SigningKeys,
  options: VerifyOptions,
): Promise<SignatureVerification> {
  const id = single(readHeader(headers, HEADER_NAMES.webhookId), "webhook-id");
  if (!id.ok) return id;
  const timestamp = single(readHeader(headers, HEADER_NAMES.webhookTimestamp), "webhook-timestamp");
  if (!timestamp.ok) return timestamp;
  const signatureHeader = readHeader(headers, HEADER_NAMES.webhookSignature);
  if (signatureHeader.kind === "absent")
    return fail("missing_signature", "the webhook-signature header is missing");
  if (id.value === "") return fail("malformed_signature", "the webhook-id header is empty");
  if (!UNIX_SECONDS.test(timestamp.value)) {
    return fail("malformed_signature", "the webhook-timestamp header must be unix seconds (digits only)");
  }
  const seconds = Number(timestamp.value);
  const nowSeconds = Math.floor((options.now ?? Date.now)() / 1000);
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (nowSeconds - seconds > tolerance) {
    return fail("timestamp_too_old", `webhook-timestamp is more than ${tolerance} s in the past`);
  }
  if (seconds - nowSeconds > tolerance) {
    return fail("timestamp_too_new", `webhook-timestamp is more than ${tolerance} s in the future`);
  }
  const candidates = standardCandidates(signatureHeader);
  if (!Array.isArray(candidates)) return candidates;
  const index = await matchingKey(keys, standardSignedContent(id.value, seconds, body), candidates);
  if (index === -1)
    return fail("signature_mismatch", "webhook-signature does not match the body under any secret");
  return { ok: true, scheme: "standard", secretIndex: index };
}

function hasStandardHeaders(headers: unknown): boolean {
  return [HEADER_NAMES.webhookId, HEADER_NAMES.webhookTimestamp, HEADER_NAMES.webhookSignature].some(
    (name) => readHeader(headers, name).kind !== "absent",
  );
}

/** Verifies with keys already imported (see `importSigningKeys`). Never throws. */
export async function verifySignatureWithKeys(
  rawBody: RawBody,
  headers: unknown,
  keys: SigningKeys,
  options: VerifyOptions = {},
): Promise<SignatureVerification> {
  const body = bodyBytes(rawBody);
  const scheme = options.scheme ?? "standard";
  if (scheme === "voicehire" || (scheme === "any" && !hasStandardHeaders(headers))) {
    return verifyVoiceHire(body, headers, keys);
  }
  const verified = await verifyStandard(body, headers, keys, options);
  if (!verified.ok && verified.error.code === "missing_signature" && !hasStandardHeaders(headers)) {
    const hint =
      readHeader(headers, HEADER_NAMES.signature).kind === "absent" ? "" : " (only X-VoiceHire-Signature is)";
    return fail(
      "missing_signature",
      `the Standard Webhooks headers (webhook-id, webhook-timestamp, webhook-signature) are missing${hint}; ` +
        'pass { scheme: "voicehire" } or { scheme: "any" } to accept X-VoiceHire-Signature alone, without replay protection',
    );
  }
  return verified;
}

/**
 * Checks a request's signature against one secret or several (rotation), on the exact body bytes,
 * in constant time. Returns an outcome value; never throws, whatever the headers hold.
 */
export async function verifySignature(
  rawBody: RawBody,
  headers: HeadersLike,
  secrets: WebhookSecrets,
  options: VerifyOptions = {},
): Promise<SignatureVerification> {
  const imported = await importSigningKeys(secrets);
  if (!imported.ok) return imported;
  return verifySignatureWithKeys(rawBody, headers, imported.keys, options);
}
