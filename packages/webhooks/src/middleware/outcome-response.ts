import type { HandleOutcome } from "../handler/webhook-handler.js";
import { WebhookVerificationError } from "../verify/webhook-error.js";

/** An HTTP answer, framework-free. */
export interface WebhookResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** JSON text. */
  readonly body: string;
}

const JSON_HEADERS = Object.freeze({ "content-type": "application/json; charset=utf-8" });

function json(status: number, value: unknown): WebhookResponse {
  return { status, headers: JSON_HEADERS, body: JSON.stringify(value) };
}

/** The answer for an error: its HTTP status, and `{ error: { code, message } }`. */
export function errorResponse(error: WebhookVerificationError): WebhookResponse {
  return json(error.status, { error: { code: error.code, message: error.message } });
}

/**
 * 200 for a processed or duplicate event (so VoiceHire stops retrying), 409 while the same event is
 * being handled elsewhere and 500 when a handler failed (so it retries), the error's status otherwise.
 * A handler's error is never sent back: it may hold private details.
 */
export function outcomeToResponse(outcome: HandleOutcome): WebhookResponse {
  switch (outcome.outcome) {
    case "processed":
      return json(200, { received: true });
    case "duplicate":
      return json(200, { received: true, duplicate: true });
    case "in_progress":
      return json(409, {
        error: { code: "in_progress", message: "@voicehire/webhooks: this event is being handled" },
      });
    case "handler_failed":
      return json(500, {
        error: { code: "handler_failed", message: "@voicehire/webhooks: the handler failed" },
      });
    case "rejected":
      return errorResponse(outcome.error);
  }
}

/** A body-reading failure as an answer. */
export function bodyErrorResponse(
  code: "body_too_large" | "body_read_failed",
  maxBodyBytes: number,
): WebhookResponse {
  const message =
    code === "body_too_large"
      ? `the body is larger than ${maxBodyBytes} bytes`
      : "the request body could not be read";
  return errorResponse(new WebhookVerificationError(code, message));
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
