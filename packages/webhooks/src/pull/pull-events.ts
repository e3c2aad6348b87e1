import type { VoiceHireEvent } from "../catalog/envelope.js";

/** The part of `fetch` `pullEvents` uses (the global one by default). */
export type PullFetch = (
  url: string,
  init: { method: "GET"; headers: Record<string, string>; signal?: AbortSignal },
) => Promise<{ status: number; text(): Promise<string> }>;

export interface PullEventsOptions {
  /** The VoiceHire Webhooks service, e.g. `https://webhooks.voicehire.io`. */
  readonly baseUrl: string;
  /** An API key of the account the endpoint belongs to. */
  readonly apiKey: string;
  /** A pull endpoint (`"kind": "pull"`): `ep_...`. */
  readonly endpointId: string;
  /** The `cursor` you stored; left out, reading starts at the oldest event the service keeps. */
  readonly cursor?: string;
  /** Events asked per request, 1 to 500. Default 100. */
  readonly pageSize?: number;
  /**
   * Left out, the iteration ends once it is up to date (a page came back empty). Given, it waits
   * this long after an empty page and asks again, until `signal` aborts.
   */
  readonly pollIntervalMs?: number;
  /** Ends the iteration (a wait or a request in progress ends at once). */
  readonly signal?: AbortSignal;
  readonly fetch?: PullFetch;
}

export interface PulledEvent {
  /** The envelope, exactly what a push endpoint would have received, parsed. */
  readonly event: VoiceHireEvent;
  /**
   * Store it once the event is processed; `pullEvents({ cursor })` then goes on right after it, so a
   * reader stopped mid-page hands back none of the events it had processed. (A service older than the
   * per-event cursors answers only a page's last one: the other events then carry the cursor their
   * page was asked from, and resuming there hands back some events of that page again.) Delivery stays
   * at least once: deduplicate by `event.id`, as for push deliveries.
   */
  readonly cursor: string;
}

interface PullPage {
  readonly data: readonly VoiceHireEvent[];
  /** Each event's own cursor, by index (beside the envelopes, which stay the exact pushed bytes). */
  readonly cursors?: readonly string[];
  readonly next_cursor: string;
}

/**
 * Reads a pull endpoint's events in publish order: `for await (const { event, cursor } of
 * pullEvents(options))`. Throws (prefixed `@voicehire/webhooks:`) when the service refuses a request
 * or answers something else than a page; the events handed out before stay handed out.
 */
export async function* pullEvents(options: PullEventsOptions): AsyncGenerator<PulledEvent, void, undefined> {
  const fetchPage: PullFetch = options.fetch ?? (globalThis.fetch as unknown as PullFetch);
  let cursor = options.cursor;
  while (options.signal?.aborted !== true) {
    const page = await readPage(fetchPage, options, cursor).catch((error: unknown) => {
      if (options.signal?.aborted === true) return undefined; // stopped while asking: not a failure
      throw error;
    });
    if (page === undefined) return;
    const from = cursor;
    for (const [index, event] of page.data.entries()) {
      const last = index === page.data.length - 1;
      yield { event, cursor: page.cursors?.[index] ?? (last ? page.next_cursor : (from ?? "")) };
    }
    cursor = page.next_cursor;
    if (page.data.length > 0) continue;
    if (options.pollIntervalMs === undefined) return;
    await wait(options.pollIntervalMs, options.signal);
  }
}

async function readPage(fetchPage: PullFetch, options: PullEventsOptions, cursor: string | undefined) {
  const base = options.baseUrl.replace(/\/+$/, "");
  const query = new URLSearchParams({ limit: String(options.pageSize ?? 100) });
  if (cursor !== undefined && cursor !== "") query.set("after", cursor);
  const url = `${base}/v1/endpoints/${encodeURIComponent(options.endpointId)}/events?${query}`;
  const response = await fetchPage(url, {
    method: "GET",
    headers: { authorization: `Bearer ${options.apiKey}`, accept: "application/json" },
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const text = await response.text();
  if (response.status !== 200) {
    throw new Error(
      `@voicehire/webhooks: reading the pull endpoint answered ${response.status}: ${text.slice(0, 300)}`,
    );
  }
  const page = JSON.parse(text) as PullPage;
  if (!Array.isArray(page.data) || typeof page.next_cursor !== "string" || !cursorsFit(page)) {
    throw new Error("@voicehire/webhooks: the pull endpoint answered something else than a page of events");
  }
  return page;
}

/** Absent (an older service), or one string per event. */
function cursorsFit({ cursors, data }: PullPage): boolean {
  if (cursors === undefined) return true;
  return (
    Array.isArray(cursors) &&
    cursors.length === data.length &&
    cursors.every((cursor) => typeof cursor === "string")
  );
}

function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
