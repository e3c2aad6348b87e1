import type { DeliverySender } from "../delivery/sender.js";
import type { Clock } from "../domain/clock.js";
import type { Logger } from "../domain/logger.js";
import type { SecretBox } from "../domain/secret-box.js";
import type { ApiObservability } from "../observability/api-observability.js";
import type { Store } from "../store/port.js";
import type { StorageRoom } from "../store/storage-room-guard.js";
import type { RateLimits } from "./rate-limit-hook.js";

/** Everything `createApi` needs; it reads no global (no env, no clock, no process). */
export interface ApiDeps {
  readonly store: Store;
  readonly clock: Clock;
  /** Seals endpoint secrets before they reach the store. */
  readonly secretBox: SecretBox;
  /** 500s are logged here with their request id; nothing secret is ever logged. */
  readonly logger: Logger;
  /** Called after a publish (or credit report) that created deliveries: wakes in-process workers. */
  readonly onPublished: () => void;
  /** Development mode: plain-HTTP and local endpoint URLs are accepted. */
  readonly developmentMode: boolean;
  /** The largest request body accepted (bytes); larger ones answer 413. Default 1 MiB. */
  readonly bodyLimitBytes?: number;
  // --- endpoints, deliveries, recoveries ---
  /**
   * The sender the "Tester" (`POST /v1/endpoints/{id}/test`) sends with: the workers' one (SSRF guard,
   * timeout). Without it that route answers 503. The caller closes it.
   */
  readonly testSender?: DeliverySender;
  /** The `User-Agent` of test deliveries; default the workers' (`VoiceHire-Webhooks/<version>`). */
  readonly userAgent?: string;
  /**
   * The store's room (`guardStorageRoom`): the Tester is refused (503 `storage_full`, as publishes are)
   * before it sends a test it could not record. Without it, no such check.
   */
  readonly storageRoom?: Pick<StorageRoom, "refuseWithoutRoom">;
  // --- rate limiting ---
  /** Per API key token buckets; default `DEFAULT_RATE_LIMITS` (see rate-limit-hook.ts). */
  readonly rateLimits?: RateLimits;
  /** Monotonic milliseconds for the rate limiter (tests move it by hand); default `performance.now()`. */
  readonly rateLimitClock?: () => number;
  /** Monotonic milliseconds for the age of cached API keys (tests move it by hand); default `performance.now()`. */
  readonly keyCacheClock?: () => number;
  // --- observability ---
  /** Metrics, readiness checks and the /metrics token; default: its own metrics, readiness on the store. */
  readonly observability?: ApiObservability;
}

export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;
