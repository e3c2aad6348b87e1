import { isSuccessStatus } from "@voicehire/webhooks";
import type { AttemptErrorKind } from "../api/types";
import type { MessageKey, MessageParams } from "../i18n/translate";

/**
 * An attempt's outcome in plain words, with what to do about it: what a developer needs when
 * "Tester" or a delivery fails (timeout after 5 s, connection refused, certificate problem, ...).
 */
export interface OutcomeExplanation {
  readonly tone: "success" | "failure";
  readonly title: MessageKey;
  readonly params: MessageParams;
  /** How to fix it; null on success. */
  readonly hint: MessageKey | null;
}

export interface AttemptLike {
  readonly status_code: number | null;
  readonly error_kind: AttemptErrorKind | null;
  readonly duration_ms: number;
  readonly error_message?: string | null;
}

/** The deadline the service reported ("no complete answer within 5000 ms"), in seconds; 5 by default. */
function timeoutSeconds(message: string | null | undefined): number {
  const ms = /within (\d+) ?ms/.exec(message ?? "")?.[1];
  return ms === undefined ? 5 : Number(ms) / 1000;
}

function forStatus(code: number): OutcomeExplanation {
  const params = { code };
  if (isSuccessStatus(code)) return { tone: "success", title: "outcome.success", params, hint: null };
  if (code >= 300 && code < 400)
    return { tone: "failure", title: "outcome.redirect", params, hint: "hint.redirect" };
  if (code === 401 || code === 403)
    return { tone: "failure", title: "outcome.refused", params, hint: "hint.signature" };
  if (code === 404 || code === 405)
    return { tone: "failure", title: "outcome.not_found", params, hint: "hint.path" };
  if (code === 408 || code === 429)
    return { tone: "failure", title: "outcome.busy", params, hint: "hint.busy" };
  if (code >= 400 && code < 500)
    return { tone: "failure", title: "outcome.client_error", params, hint: "hint.client_error" };
  if (code === 502 || code === 503 || code === 504) {
    return { tone: "failure", title: "outcome.unavailable", params, hint: "hint.unavailable" };
  }
  return { tone: "failure", title: "outcome.server_error", params, hint: "hint.server_error" };
}

const BY_KIND: { readonly [K in Exclude<AttemptErrorKind, "http_status">]: [MessageKey, MessageKey] } = {
  timeout: ["outcome.timeout", "hint.timeout"],
  connection_refused: ["outcome.connection_refused", "hint.connection_refused"],
  connection_reset: ["outcome.connection_reset", "hint.connection_reset"],
  tls: ["outcome.tls", "hint.tls"],
  dns: ["outcome.dns", "hint.dns"],
  blocked: ["outcome.blocked", "hint.blocked"],
  network: ["outcome.network", "hint.network"],
};

export function explainAttempt(attempt: AttemptLike): OutcomeExplanation {
  if (attempt.status_code !== null) return forStatus(attempt.status_code);
  const kind = attempt.error_kind ?? "network";
  const [title, hint] = kind === "http_status" ? BY_KIND.network : BY_KIND[kind];
  return { tone: "failure", title, params: { seconds: timeoutSeconds(attempt.error_message) }, hint };
}
