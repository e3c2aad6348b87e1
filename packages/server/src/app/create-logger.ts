import { pino } from "pino";
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

/**
 * The level of the start-up and shutdown lines (where the API listens, the store, the worker id, a
 * signal received): shown even when VOICEHIRE_LOG_LEVEL quiets `info` to warnings, since an operator
 * and the scripts that start the service read them; only `silent` hides them.
 */
export function lifecycleLogLevel(level: string): string {
  const value = pino.levels.values[level];
  const info = pino.levels.values.info ?? 30;
  return level === "silent" || value === undefined || value <= info ? level : "info";
}
