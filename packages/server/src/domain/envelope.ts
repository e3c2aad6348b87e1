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

const encoder = new TextEncoder();

/** The envelope's `timestamp`: ISO 8601 UTC with milliseconds, e.g. `2024-01-15T10:30:00.000Z`. */
export function formatTimestamp(occurredAt: EpochMs): string {
  return new Date(occurredAt).toISOString();
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
  return encoder.encode(JSON.stringify(envelope));
}
