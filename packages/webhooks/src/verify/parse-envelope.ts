import type { VoiceHireEvent } from "../catalog/envelope.js";
import { isEventType } from "../catalog/event-types.js";
import { validateEventData } from "../catalog/validate-event-data.js";
import type { ObjectSchema } from "../schema/json-schema.js";
import { validateJson } from "../schema/validate-json.js";
import { WebhookVerificationError } from "./webhook-error.js";

export type EnvelopeParse =
  | { readonly ok: true; readonly event: VoiceHireEvent }
  | { readonly ok: false; readonly error: WebhookVerificationError };

/** The envelope's own keys. Unknown extra keys are tolerated, so a newer sender never breaks a receiver. */
const ENVELOPE_SCHEMA: ObjectSchema = {
  type: "object",
  properties: {
    id: { type: "string", minLength: 1 },
    event: { type: "string", minLength: 1 },
    timestamp: { type: "string", format: "date-time" },
    test: { type: "boolean" },
    data: { type: "object", properties: {} },
  },
  required: ["id", "event", "timestamp", "data"],
};

const decoder = new TextDecoder("utf-8", { fatal: true });

function failure(
  code: WebhookVerificationError["code"],
  message: string,
  issues = [] as WebhookVerificationError["issues"],
) {
  return { ok: false as const, error: new WebhookVerificationError(code, message, issues) };
}

/**
 * Parses verified body bytes into a typed envelope. With `validateData`, the `data` is also checked
 * against the catalog's schema (every field present, typed, nothing extra).
 */
export function parseEnvelope(
  body: Uint8Array,
  options: { readonly validateData?: boolean } = {},
): EnvelopeParse {
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(body));
  } catch {
    return failure("invalid_body", "the body is not UTF-8 JSON");
  }
  const issues = validateJson(ENVELOPE_SCHEMA, value);
  const envelope = value as Record<string, unknown>;
  if (issues.length === 0 && envelope.test === false)
    issues.push({ path: "test", message: "must be true when present" });
  if (issues.length > 0) {
    const detail = issues.map((issue) => `${issue.path || "body"} ${issue.message}`).join("; ");
    return failure("invalid_envelope", `the body is not a webhook envelope: ${detail}`, issues);
  }
  if (!isEventType(envelope.event)) {
    return failure("unknown_event_type", `unknown event type ${JSON.stringify(envelope.event)}`);
  }
  if (options.validateData === true) {
    const dataIssues = validateEventData(envelope.event, envelope.data);
    if (dataIssues.length > 0) {
      const detail = dataIssues.map((issue) => `${issue.path} ${issue.message}`).join("; ");
      return failure(
        "invalid_data",
        `the ${envelope.event} data does not match the catalog: ${detail}`,
        dataIssues,
      );
    }
  }
  return { ok: true, event: envelope as unknown as VoiceHireEvent };
}
