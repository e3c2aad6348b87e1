import type { Logger } from "../domain/logger.js";
import { createJsonLogger } from "../observability/json-logger.js";

/**
 * Structured JSON logs on stdout (see src/observability/json-logger.ts). Known secret-bearing fields are
 * redacted as a second line of defence; the first is that the code never logs a secret, key or signature.
 */
export function createLogger(level: string): Logger {
  return createJsonLogger({ level });
}
