import { StoreUnavailableError, type StoreUnavailableReason } from "../store-unavailable-error.js";

/**
 * SQLSTATEs that mean the server cannot serve this session now, whatever the request: class 08
 * (connection exception), 57P01–57P03 (shutdown, crash, still starting up), 53300 (too many
 * connections). Writes refused for want of space (53100) or by a read-only server (25006) are
 * `storage_full`. Every other SQLSTATE is about the request or the data, and stays as it is.
 */
const REASON_OF_SQLSTATE: Readonly<Record<string, StoreUnavailableReason>> = {
  "08000": "unreachable",
  "08001": "unreachable",
  "08003": "unreachable",
  "08004": "unreachable",
  "08006": "unreachable",
  "57P01": "unreachable",
  "57P02": "unreachable",
  "57P03": "unreachable",
  "53300": "unreachable",
  "53100": "storage_full",
  "25006": "storage_full",
};

/** Socket errors of Node on the way to the server. */
const UNREACHABLE_SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
]);

/** What `pg` and `pg-pool` throw, without a code, when the connection is gone or cannot be had. */
const UNREACHABLE_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /^Connection terminated due to connection timeout/,
  /is not queryable$/,
  /^Query read timeout$/,
];

function reasonOf(error: unknown): StoreUnavailableReason | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") {
    const reason = REASON_OF_SQLSTATE[code];
    if (reason !== undefined) return reason;
    if (UNREACHABLE_SOCKET_CODES.has(code)) return "unreachable";
  }
  if (UNREACHABLE_MESSAGES.some((pattern) => pattern.test(error.message))) return "unreachable";
  // Connecting to "localhost" tries every address; Node then throws them all at once.
  if (error instanceof AggregateError) {
    const reasons = error.errors.map(reasonOf);
    if (reasons.length > 0 && reasons.every((reason) => reason !== undefined)) return reasons[0];
  }
  return undefined;
}

/**
 * The one place where PostgreSQL's errors are sorted: an error that means the store is unavailable
 * becomes `StoreUnavailableError` (its cause kept); every other error is returned unchanged.
 */
export function classifyPostgresError(error: unknown): unknown {
  if (error instanceof StoreUnavailableError) return error;
  const reason = reasonOf(error);
  return reason === undefined ? error : new StoreUnavailableError(reason, { cause: error });
}
