import type { AttemptErrorKind } from "../domain/types.js";
// The SSRF guard refuses an address with an error of this code: the attempt is then `blocked`.
import { BLOCKED_ADDRESS_ERROR_CODE } from "../ssrf/blocked-address-error.js";

export type TransportErrorKind = Exclude<AttemptErrorKind, "http_status">;

const TIMEOUT_CODES = new Set([
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "ETIMEDOUT",
]);
const RESET_CODES = new Set(["ECONNRESET", "UND_ERR_SOCKET", "EPIPE", "ECONNABORTED"]);
const DNS_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_FAIL", "EAI_NONAME", "EAI_NODATA", "ENODATA"]);
/** OpenSSL verification codes (X509_V_ERR_* without the prefix) and Node's TLS error codes. */
const TLS_CODE = /^(ERR_SSL_|ERR_TLS_|EPROTO$)|CERT|SELF_SIGNED|ISSUER|LEAF_SIGNATURE|HOSTNAME_MISMATCH/;

const MAX_MESSAGE_LENGTH = 300;

/** The error, then its `cause`s, at most a few deep. */
function errorChain(error: unknown): { code: string | undefined; message: string }[] {
  const chain: { code: string | undefined; message: string }[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth++) {
    const record = current as { code?: unknown; message?: unknown; cause?: unknown };
    chain.push({
      code: typeof record.code === "string" ? record.code : undefined,
      message: typeof record.message === "string" ? record.message : String(current),
    });
    current = record.cause;
  }
  return chain;
}

function kindOfCode(code: string): TransportErrorKind | undefined {
  if (code === BLOCKED_ADDRESS_ERROR_CODE) return "blocked";
  if (TIMEOUT_CODES.has(code)) return "timeout";
  if (code === "ECONNREFUSED") return "connection_refused";
  if (RESET_CODES.has(code)) return "connection_reset";
  if (DNS_CODES.has(code)) return "dns";
  if (TLS_CODE.test(code)) return "tls";
  return undefined;
}

/** Sorts a transport error (from undici, `net` or `tls`) into the attempt log's kinds. */
export function classifySendError(error: unknown): { errorKind: TransportErrorKind; errorMessage: string } {
  const chain = errorChain(error);
  const classified = chain.map((link) => (link.code === undefined ? undefined : kindOfCode(link.code)));
  const index = classified.findIndex((kind) => kind !== undefined);
  const link = chain[index] ?? chain[0];
  const errorKind = classified[index] ?? "network";
  const code = link?.code;
  const message = link?.message ?? "unknown error";
  const text = code !== undefined && !message.includes(code) ? `${code}: ${message}` : message;
  return { errorKind, errorMessage: text.slice(0, MAX_MESSAGE_LENGTH) };
}
