import { bodyBytes, fromBase64, fromHex, type RawBody } from "../encoding/bytes.js";
import { ed25519Verifies, isEd25519Key } from "../signing/ed25519-public-key.js";
import { hmacSha256, timingSafeEqual } from "../signing/hmac-sha256.js";
import { importVerificationKeys, type SigningKeys, type WebhookSecrets } from "../signing/secrets.js";
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

/** The signatures a header offers: `v1,` HMACs (32 bytes) and `v1a,` Ed25519 signatures (64 bytes). */
interface Candidates {
  readonly hmac: readonly Uint8Array[];
  readonly ed25519: readonly Uint8Array[];
}

/** Whether `key` signed `content` as one of `candidates`: an HMAC key's MAC, a public key's signature. */
async function keyMatches(key: CryptoKey, content: Uint8Array, candidates: Candidates): Promise<boolean> {
  if (isEd25519Key(key)) {
    const checks = await Promise.all(candidates.ed25519.map((sig) => ed25519Verifies(key, sig, content)));
    return checks.includes(true);
  }
  const mac = await hmacSha256(key, content);
  // Every candidate is compared, in constant time each: where a match is gives nothing away.
  return candidates.hmac.map((candidate) => timingSafeEqual(mac, candidate)).includes(true);
}

/** Index of the first key that signed `content` as one of `candidates`, or -1. */
async function matchingKey(keys: SigningKeys, content: Uint8Array, candidates: Candidates): Promise<number> {
  const matches = await Promise.all(keys.map((key) => keyMatches(key, content, candidates)));
  return matches.indexOf(true);
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
  const index = await matchingKey(keys, body, { hmac: [fromHex(hex) as Uint8Array], ed25519: [] });
  if (index === -1)
    return fail("signature_mismatch", "X-VoiceHire-Signature does not match the body under any secret");
  return { ok: true, scheme: "voicehire", secretIndex: index };
}

/** The decodable `v1,` and `v1a,` signatures of a `webhook-signature` header (its repeats joined as one list). */
function standardCandidates(header: HeaderValue & { kind: "single" | "repeated" }): Candidates | Failure {
  const text = header.kind === "single" ? header.value : header.values.join(" ");
  const tokens = text.split(" ").filter((token) => token !== "");
  if (tokens.length > MAX_SIGNATURES) {
    return fail(
      "malformed_signature",
      `the webhook-signature header has more than ${MAX_SIGNATURES} signatures`,
    );
  }
  const hmac: Uint8Array[] = [];
  const ed25519: Uint8Array[] = [];
  for (const token of tokens) {
    // A repeated header read through `Headers.get` arrives joined with ", ".
    const clean = token.endsWith(",") ? token.slice(0, -1) : token;
    const comma = clean.indexOf(",");
    const decoded = comma === -1 ? null : fromBase64(clean.slice(comma + 1));
    const version = clean.slice(0, comma);
    if (decoded !== null && version === "v1" && decoded.length === 32) hmac.push(decoded);
    if (decoded !== null && version === "v1a" && decoded.length === 64) ed25519.push(decoded);
  }
  if (hmac.length === 0 && ed25519.length === 0) {
    return fail(
      "malformed_signature",
      "the webhook-signature header has no v1,<base64 of 32 bytes> nor v1a,<base64 of 64 bytes> signature",
    );
  }
  return { hmac, ed25519 };
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
  if ("ok" in candidates) return candidates;
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

/** Verifies with keys already imported (see `importVerificationKeys`). Never throws. */
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
 * in constant time. An `ed25519` endpoint's public key, `{ publicKey: "whpk_..." }`, checks its `v1a,`
 * signatures (Standard Webhooks headers only: `X-VoiceHire-Signature` is an HMAC of the secret).
 * Returns an outcome value; never throws, whatever the headers hold.
 */
export async function verifySignature(
  rawBody: RawBody,
  headers: HeadersLike,
  secrets: WebhookSecrets,
  options: VerifyOptions = {},
): Promise<SignatureVerification> {
  const imported = await importVerificationKeys(secrets);
  if (!imported.ok) return imported;
  return verifySignatureWithKeys(rawBody, headers, imported.keys, options);
}
