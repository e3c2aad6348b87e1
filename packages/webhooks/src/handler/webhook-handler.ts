import type { VoiceHireEvent } from "../catalog/envelope.js";
import type { EventType } from "../catalog/event-types.js";
import type { RawBody } from "../encoding/bytes.js";
import { importVerificationKeys, type KeysOrError, type WebhookSecrets } from "../signing/secrets.js";
import {
  type ConstructEventOptions,
  verifyWebhookWithKeys,
  type WebhookVerification,
} from "../verify/construct-event.js";
import type { HeadersLike } from "../verify/headers-like.js";
import type { WebhookVerificationError } from "../verify/webhook-error.js";
import { createMemoryDedupStore, type DedupStore } from "./dedup-store.js";

/** The envelope of one event type, or the union of several. */
export type EventOf<T extends EventType> = Extract<VoiceHireEvent, { event: T }>;

export type EventHandler<T extends EventType> = (event: EventOf<T>) => void | Promise<void>;

export interface WebhookHandlerOptions extends ConstructEventOptions {
  /** The endpoint's secret, or all the active ones during a rotation. */
  readonly secrets: WebhookSecrets;
  /** Where seen event ids are kept. Default: an in-memory store (24 h). `false` disables deduplication. */
  readonly dedup?: DedupStore | false;
  /** Called with what a handler threw (the request is then answered 500 and VoiceHire retries). */
  readonly onHandlerError?: (error: unknown, event: VoiceHireEvent) => void;
}

/** What happened to one request. Middleware turns it into an HTTP answer (see `outcomeToResponse`). */
export type HandleOutcome =
  | { readonly outcome: "processed"; readonly event: VoiceHireEvent }
  | { readonly outcome: "duplicate"; readonly event: VoiceHireEvent }
  | { readonly outcome: "in_progress"; readonly event: VoiceHireEvent }
  | { readonly outcome: "rejected"; readonly error: WebhookVerificationError }
  | { readonly outcome: "handler_failed"; readonly event: VoiceHireEvent; readonly error: unknown };

export interface WebhookHandler {
  /** Runs `handler` for each verified event of `type` (or of any of `types`), typed by the name. */
  on<T extends EventType>(type: T | readonly T[], handler: EventHandler<T>): WebhookHandler;
  /** Runs `handler` for every verified event, after the type-specific handlers. */
  onAny(handler: EventHandler<EventType>): WebhookHandler;
  /** Verifies, deduplicates and dispatches one request. Never throws. */
  handle(rawBody: RawBody, headers: HeadersLike): Promise<HandleOutcome>;
  /** Verifies and parses one request, without deduplication or handlers. Never throws. */
  verify(rawBody: RawBody, headers: HeadersLike): Promise<WebhookVerification>;
}

type AnyHandler = (event: VoiceHireEvent) => void | Promise<void>;

/**
 * The receiver: verify the signature, skip duplicates, call the typed handlers. A handler that
 * throws makes the outcome `handler_failed` (answered 500, so VoiceHire retries) and releases the id.
 */
export function createWebhookHandler(options: WebhookHandlerOptions): WebhookHandler {
  const handlers = new Map<EventType, AnyHandler[]>();
  const anyHandlers: AnyHandler[] = [];
  const dedup = options.dedup === false ? null : (options.dedup ?? createMemoryDedupStore());
  let keys: Promise<KeysOrError> | undefined;

  async function verify(rawBody: RawBody, headers: HeadersLike): Promise<WebhookVerification> {
    keys ??= importVerificationKeys(options.secrets);
    const imported = await keys;
    if (!imported.ok) return imported;
    return verifyWebhookWithKeys(rawBody, headers, imported.keys, options);
  }

  async function dispatch(event: VoiceHireEvent): Promise<void> {
    for (const handler of handlers.get(event.event) ?? []) await handler(event);
    for (const handler of anyHandlers) await handler(event);
  }

  function reportHandlerError(error: unknown, event: VoiceHireEvent): void {
    try {
      options.onHandlerError?.(error, event);
    } catch {
      // A failing error reporter must not change the answer.
    }
  }

  const webhookHandler: WebhookHandler = {
    on(type, handler) {
      const types: readonly EventType[] = typeof type === "string" ? [type] : type;
      for (const name of types) handlers.set(name, [...(handlers.get(name) ?? []), handler as AnyHandler]);
      return webhookHandler;
    },
    onAny(handler) {
      anyHandlers.push(handler as AnyHandler);
      return webhookHandler;
    },
    verify,
    async handle(rawBody, headers) {
      const verified = await verify(rawBody, headers);
      if (!verified.ok) return { outcome: "rejected", error: verified.error };
      const { event } = verified;
      try {
        const claim = dedup === null ? "new" : await dedup.claim(event.id);
        if (claim === "processed") return { outcome: "duplicate", event };
        if (claim === "in_progress") return { outcome: "in_progress", event };
      } catch (error) {
        reportHandlerError(error, event);
        return { outcome: "handler_failed", event, error };
      }
      try {
        await dispatch(event);
        await dedup?.markProcessed(event.id);
        return { outcome: "processed", event };
      } catch (error) {
        try {
          await dedup?.release(event.id);
        } catch {
          // The store failed too: its in-progress claim expires on its own.
        }
        reportHandlerError(error, event);
        return { outcome: "handler_failed", event, error };
      }
    },
  };
  return webhookHandler;
}
