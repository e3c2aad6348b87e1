import type { Endpoint } from "../api/types";

/**
 * Which endpoints need the user: failing ones, and ones the service disabled after failing too long.
 * An endpoint the user disabled on purpose is their choice, not a problem to be warned about.
 */
export const ATTENTION_FILTER = { name: "state", value: "failing" } as const;

export function needsAttention(endpoint: Endpoint): boolean {
  if (endpoint.state === "failing") return true;
  return endpoint.state === "disabled" && endpoint.disabled_reason === "failing_too_long";
}
