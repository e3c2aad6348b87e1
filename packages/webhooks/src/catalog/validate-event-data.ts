import { type ValidationIssue, validateJson } from "../schema/validate-json.js";
import { eventSchemas } from "./event-schemas.js";
import type { EventType } from "./event-types.js";

/** Checks an event's `data` against the catalog; returns every issue, with paths under `path`. */
export function validateEventData(type: EventType, data: unknown, path = "data"): ValidationIssue[] {
  return validateJson(eventSchemas[type], data, path);
}
