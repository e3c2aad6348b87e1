import type { ValidationIssue } from "../schema/validate-json.js";
import { isSuccessStatus } from "../wire/success-status.js";
import { type BatchEvent, type BatchItemResult, batchBody, batchIssues } from "./batch-events.js";
import {
  isPublishableEventType,
  type PublishableEventType,
  type PublishDataMap,
  validatePublishData,
} from "./publishable-events.js";
import { DEFAULT_RETRY_POLICY, isRetryableStatus, type RetryPolicy, retryDelayMs } from "./retry-policy.js";

/** The part of `fetch` the publisher uses (the global one by default). */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string; signal: AbortSignal },
) => Promise<{ status: number; headers: { get(name: string): string | null }; text(): Promise<string> }>;

export interface PublisherOptions {
  /** The VoiceHire Webhooks service, e.g. `https://webhooks.voicehire.io`. */
  readonly baseUrl: string;
  /** An API key of the account the events belong to. */
  readonly apiKey: string;
  readonly fetch?: FetchLike;
  readonly retry?: Partial<RetryPolicy>;
  /** Each attempt is abandoned (and retried) after this long. Default 10 s. */
  readonly timeoutMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** A number in [0, 1) for the jitter. Default `Math.random`. */
  readonly random?: () => number;
}

export interface PublishOptions {
  /** Makes retries (this client's and your own) safe: the service stores the event once per key. Default: a new UUID. */
  readonly idempotencyKey?: string;
}

/** What sending one request came to (each method adds the idempotency keys it sent). */
export type SendOutcome =
  /** The service accepted it (2xx); `body` is its parsed JSON answer. */
  | { readonly ok: true; readonly status: number; readonly body: unknown; readonly attempts: number }
  /** The service refused it (a 4xx other than 408/429): fix the request; retrying will not help. */
  | {
      readonly ok: false;
      readonly reason: "rejected";
      readonly status: number;
      readonly body: unknown;
      readonly attempts: number;
    }
  /** Every attempt failed on the network, a timeout, or a 5xx/408/429: try again later with the same key. */
  | {
      readonly ok: false;
      readonly reason: "unavailable";
      readonly status: number | null;
      readonly error: string | null;
      readonly attempts: number;
    };

/** Refused before sending: the data does not match the catalog (`issues` name each field). */
export interface InvalidBeforeSending {
  readonly ok: false;
  readonly reason: "invalid";
  readonly issues: readonly ValidationIssue[];
}

export type PublishResult = InvalidBeforeSending | (SendOutcome & { readonly idempotencyKey: string });

export type PublishBatchResult =
  /** Answered (200): one result per event, in the order given; some may be refused on their own. */
  | {
      readonly ok: true;
      readonly status: number;
      readonly results: readonly BatchItemResult[];
      readonly idempotencyKeys: readonly string[];
      readonly attempts: number;
    }
  /** Nothing sent: `issues` name `events[i].field`. */
  | InvalidBeforeSending
  /** Refused or unavailable as a whole, like `publish`: retry later with the same keys. */
  | (Exclude<SendOutcome, { ok: true }> & { readonly idempotencyKeys: readonly string[] });

export interface ReportCreditsOptions extends PublishOptions {
  /** The campaign that used credits last; `credits.depleted` carries it. */
  readonly lastCampaignId?: string;
}

export interface Publisher {
  /** `POST /v1/events` `{ event, data }`, typed by the catalog. Never throws. */
  publish<T extends PublishableEventType>(
    type: T,
    data: PublishDataMap[T],
    options?: PublishOptions,
  ): Promise<PublishResult>;
  /**
   * `POST /v1/events/batch` with 1 to 500 events, each with its own idempotency key (given, or a new
   * UUID), so that retrying the whole batch stores nothing twice. Every accepted event is durable when
   * it answers. Nothing is sent when one event is invalid here. Never throws.
   */
  publishBatch(events: readonly BatchEvent[]): Promise<PublishBatchResult>;
  /** `POST /v1/credits/balance`: the service fires `credits.low` / `credits.depleted` from it. Never throws. */
  reportCredits(balance: number, options?: ReportCreditsOptions): Promise<PublishResult>;
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export function createPublisher(options: PublisherOptions): Publisher {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const doFetch: FetchLike = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const timeoutMs = options.timeoutMs ?? 10_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const maxAttempts = Math.max(1, Math.floor(policy.maxAttempts));

  async function post(path: string, payload: unknown, idempotencyKey: string | null): Promise<SendOutcome> {
    const headers: Record<string, string> = {
      "content-type": "application/json",
      authorization: `Bearer ${options.apiKey}`,
      ...(idempotencyKey === null ? {} : { "idempotency-key": idempotencyKey }),
    };
    const body = JSON.stringify(payload);
    let last = { status: null as number | null, error: null as string | null };
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      let retryAfter: string | null = null;
      try {
        const response = await doFetch(`${baseUrl}${path}`, {
          method: "POST",
          headers,
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        const answer = parseBody(await response.text());
        if (isSuccessStatus(response.status)) {
          return { ok: true, status: response.status, body: answer, attempts: attempt };
        }
        if (!isRetryableStatus(response.status)) {
          return { ok: false, reason: "rejected", status: response.status, body: answer, attempts: attempt };
        }
        last = { status: response.status, error: null };
        retryAfter = response.headers.get("retry-after");
      } catch (error) {
        last = { status: null, error: describe(error) };
      }
      if (attempt < maxAttempts) await sleep(retryDelayMs(policy, attempt, random, retryAfter));
    }
    return { ok: false, reason: "unavailable", ...last, attempts: maxAttempts };
  }

  /** One publish: the request's outcome, with its idempotency key. */
  async function postOne(path: string, payload: unknown, idempotencyKey: string): Promise<PublishResult> {
    return { ...(await post(path, payload, idempotencyKey)), idempotencyKey };
  }

  return {
    async publish(type, data, publishOptions = {}) {
      if (!isPublishableEventType(type)) {
        const message = `must be one of the publishable event types (not ${String(type)}; derived events are the service's)`;
        return { ok: false, reason: "invalid", issues: [{ path: "event", message }] };
      }
      const issues = validatePublishData(type, data);
      if (issues.length > 0) return { ok: false, reason: "invalid", issues };
      return postOne(
        "/v1/events",
        { event: type, data },
        publishOptions.idempotencyKey ?? crypto.randomUUID(),
      );
    },
    async publishBatch(events) {
      const issues = batchIssues(events);
      if (issues.length > 0) return { ok: false, reason: "invalid", issues };
      const { events: body, keys } = batchBody(events);
      const sent = await post("/v1/events/batch", { events: body }, null);
      if (!sent.ok) return { ...sent, idempotencyKeys: keys };
      const results = (sent.body as { results?: unknown } | null)?.results;
      return {
        ok: true,
        status: sent.status,
        results: Array.isArray(results) ? (results as BatchItemResult[]) : [],
        idempotencyKeys: keys,
        attempts: sent.attempts,
      };
    },
    async reportCredits(balance, reportOptions = {}) {
      if (typeof balance !== "number" || !Number.isFinite(balance)) {
        return {
          ok: false,
          reason: "invalid",
          issues: [{ path: "credits_remaining", message: "must be a number" }],
        };
      }
      const { lastCampaignId } = reportOptions;
      if (lastCampaignId !== undefined && (typeof lastCampaignId !== "string" || lastCampaignId === "")) {
        return {
          ok: false,
          reason: "invalid",
          issues: [{ path: "last_campaign_id", message: "must not be empty" }],
        };
      }
      const payload =
        lastCampaignId === undefined
          ? { credits_remaining: balance }
          : { credits_remaining: balance, last_campaign_id: lastCampaignId };
      return postOne("/v1/credits/balance", payload, reportOptions.idempotencyKey ?? crypto.randomUUID());
    },
  };
}
