import { type DestinationStream, pino } from "pino";
import pretty from "pino-pretty";
import type { Logger } from "../domain/logger.js";

export interface JsonLoggerOptions {
  /** `debug`, `info`, `warn`, `error` (or pino's `trace`, `fatal`, `silent`). */
  readonly level: string;
  /** Where the JSON lines go; default stdout. */
  readonly destination?: DestinationStream;
  /**
   * Human-readable lines (pino-pretty, colored on a terminal) instead of JSON: for a person watching a
   * terminal or a development server. The fields and the redaction are the same.
   */
  readonly pretty?: boolean;
}

/**
 * Field paths censored if they ever reach a log line: a second line of defence, the first being that
 * the code never logs a secret, an API key, a signature or an Authorization header.
 */
export const REDACTED_LOG_PATHS: readonly string[] = [
  "authorization",
  "*.authorization",
  "headers.authorization",
  "*.headers.authorization",
  "cookie",
  "*.cookie",
  "headers.cookie",
  "*.headers.cookie",
  "secret",
  "*.secret",
  "secrets",
  "*.secrets",
  "apiKey",
  "*.apiKey",
  "api_key",
  "*.api_key",
  "token",
  "*.token",
  "signature",
  "*.signature",
  "masterKey",
  "*.masterKey",
  'headers["x-voicehire-signature"]',
  '*.headers["x-voicehire-signature"]',
  'headers["webhook-signature"]',
  '*.headers["webhook-signature"]',
];

/**
 * Structured JSON logs, one object per line: `level` (a name), `time` (ISO 8601 UTC), `service`, the
 * fields given, then `msg`. API lines carry `request_id` (fastify's request id, also sent back as
 * `x-request-id`); delivery lines carry `deliveryId`.
 */
export function createJsonLogger(options: JsonLoggerOptions): Logger {
  const redact = { paths: [...REDACTED_LOG_PATHS], censor: "[redacted]" };
  if (options.pretty === true) {
    // pino-pretty reads pino's numeric levels: the label formatter is for the JSON lines only.
    const stream = pretty({
      sync: true,
      colorize: process.stdout.isTTY === true && options.destination === undefined,
      translateTime: "SYS:HH:MM:ss.l",
      ignore: "pid,hostname,service",
      ...(options.destination === undefined ? {} : { destination: options.destination }),
    });
    return pino({ level: options.level, base: { service: "voicehire-webhooks" }, redact }, stream);
  }
  return pino(
    {
      level: options.level,
      base: { service: "voicehire-webhooks" },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact,
    },
    options.destination,
  );
}
