/** What a publisher needs of an answer; `retryAfter` is the `Retry-After` header, if any. */
export interface PublishAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly retryAfter: string | null;
  readonly body: { readonly id?: string; readonly code?: string; readonly status?: number } | null;
}

/** `POST /v1/events` with `envelope` and the API key, as the platform's backend would. */
export async function publishOverHttp(
  baseUrl: string,
  apiKey: string,
  envelope: unknown,
): Promise<PublishAnswer> {
  const response = await fetch(`${baseUrl}/v1/events`, {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify(envelope),
  });
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get("content-type") ?? "",
    retryAfter: response.headers.get("retry-after"),
    body: text === "" ? null : JSON.parse(text),
  };
}

/** One publish as the publisher saw it: when it was sent and answered, and what it got. */
export interface PublishOutcome {
  readonly sentAt: number;
  readonly answeredAt: number;
  /** The HTTP status, or `null` when no answer came at all (the connection failed). */
  readonly status: number | null;
  readonly answer: PublishAnswer | null;
  readonly error?: string;
}

export interface PublishingLoad {
  readonly outcomes: readonly PublishOutcome[];
  /** The event ids that got a 202: each must be delivered. */
  accepted(): string[];
  /** Stops sending and waits for the publishes in flight. */
  stop(): Promise<void>;
}

export interface PublishingLoadOptions {
  /** Sends one publish; rejects when no answer came. */
  readonly publish: (index: number) => Promise<PublishAnswer>;
  /** Publishes in flight at once. */
  readonly lanes: number;
  /** Pause of each lane between two publishes (keeps the load steady on a shared machine). */
  readonly pauseMs: number;
  /** Never more publishes than this, whatever happens. */
  readonly maxPublishes: number;
}

/** Publishes steadily from `lanes` loops until `stop()` (or `maxPublishes`), recording every outcome. */
export function startPublishingLoad(options: PublishingLoadOptions): PublishingLoad {
  const outcomes: PublishOutcome[] = [];
  let stopped = false;
  let next = 0;
  const lane = async () => {
    while (!stopped && next < options.maxPublishes) {
      const index = next++;
      const sentAt = Date.now();
      try {
        const answer = await options.publish(index);
        outcomes.push({ sentAt, answeredAt: Date.now(), status: answer.status, answer });
      } catch (error) {
        outcomes.push({ sentAt, answeredAt: Date.now(), status: null, answer: null, error: String(error) });
      }
      await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
    }
  };
  const running = Promise.all(Array.from({ length: options.lanes }, lane));
  return {
    outcomes,
    accepted: () => outcomes.filter((o) => o.status === 202).map((o) => String(o.answer?.body?.id)),
    async stop() {
      stopped = true;
      await running;
    },
  };
}
