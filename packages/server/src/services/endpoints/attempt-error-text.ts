import type { AttemptErrorKind } from "../../domain/types.js";

/** What each failed-attempt kind means for the endpoint's owner, in plain words. */
const PLAIN_WORDS: { readonly [K in AttemptErrorKind]: string } = {
  http_status: "The endpoint answered, but not with a 2xx status: only 2xx counts as received.",
  timeout: "The endpoint did not answer completely in time (deliveries must be answered within 5 seconds).",
  connection_refused: "The connection was refused: nothing listens at this address and port.",
  connection_reset: "The connection was closed by the endpoint (or on the way) before it answered.",
  tls: "The TLS (HTTPS) connection failed: check the endpoint's certificate (valid, trusted, for this host name).",
  dns: "The host name could not be resolved: check the URL.",
  blocked:
    "The address is not allowed: webhooks are never sent to private, loopback or link-local addresses.",
  network: "The request could not be sent because of a network error.",
};

/** A plain-words explanation of a failed attempt, followed by the technical detail when there is one. */
export function attemptErrorText(
  kind: AttemptErrorKind,
  statusCode: number | null,
  detail: string | null,
): string {
  const plain =
    kind === "http_status" && statusCode !== null
      ? `The endpoint answered HTTP ${statusCode}; only a 2xx status counts as received.`
      : PLAIN_WORDS[kind];
  return detail === null || detail === "" || kind === "http_status" ? plain : `${plain} (${detail})`;
}
