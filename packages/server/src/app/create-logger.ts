import type { Logger } from "../domain/logger.js";
import { createJsonLogger } from "../observability/json-logger.js";

/**
 * The process's one log stream on stdout (see src/observability/json-logger.ts): human-readable on a
 * terminal or in development mode, JSON lines otherwise (for a log collector). `VOICEHIRE_LOG_FORMAT`
 * (`json` or `pretty`) overrides the choice. Known secret-bearing fields are redacted as a second line
 * of defence; the first is that the code never logs a secret, key or signature.
 */
export function createLogger(level: string, options: { readonly pretty?: boolean } = {}): Logger {
  return createJsonLogger({ level, pretty: options.pretty ?? false });
}
