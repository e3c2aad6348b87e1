import type { EpochMs } from "./types.js";

/** What an envelope is made of, before it becomes the bytes that are stored, signed and sent. */
export interface EnvelopeParts {
  readonly id: string;
  readonly type: string;
  /** When the event happened: the envelope's `timestamp`. */
  readonly occurredAt: EpochMs;
  readonly data: unknown;
  /** A test delivery (the dashboard's "Tester" button): adds `"test": true`. */
  readonly test?: boolean;
}

// The last time formatted: the events of one batch or one burst mostly share their millisecond.
let lastFormatted = { occurredAt: Number.NaN, text: "" };

/** The envelope's `timestamp`: ISO 8601 UTC with milliseconds, e.g. `2024-01-15T10:30:00.000Z`. */
export function formatTimestamp(occurredAt: EpochMs): string {
  if (occurredAt !== lastFormatted.occurredAt) {
    lastFormatted = { occurredAt, text: new Date(occurredAt).toISOString() };
  }
  return lastFormatted.text;
}

/**
 * Serializes an envelope once, as UTF-8 JSON with its keys in the wire order
 * `id, event, timestamp, [test], data`. These bytes are stored as they are and never re-serialized.
 */
export function serializeEnvelope(parts: EnvelopeParts): Uint8Array {
  const envelope =
    parts.test === true
      ? {
          id: parts.id,
          event: parts.type,
          timestamp: formatTimestamp(parts.occurredAt),
          test: true,
          data: parts.data,
        }
      : { id: parts.id, event: parts.type, timestamp: formatTimestamp(parts.occurredAt), data: parts.data };
  return Buffer.from(JSON.stringify(envelope), "utf8");
}
