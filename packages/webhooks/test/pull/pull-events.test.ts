import { afterEach, describe, expect, it } from "vitest";
import { pullEvents } from "../../src/pull/pull-events.js";
import { listenOnLoopback, type RunningServer } from "../support/http-server.js";

/**
 * The iterator against a loopback HTTP server answering like the service: pages of 2 from a list,
 * cursors `c<n>`, each event's own cursor in `cursors` (or, like a service older than those, none).
 * (The test against the real service is in the server package.)
 */
const EVENTS = ["evt_1", "evt_2", "evt_3"].map((id) => ({
  id,
  event: "campaign.created",
  timestamp: "2024-01-15T10:30:00.000Z",
  data: {},
}));

let server: RunningServer | undefined;
const asked: string[] = [];
afterEach(async () => {
  await server?.close();
  server = undefined;
  asked.length = 0;
});

async function serve(answer: (url: URL) => { status: number; body: string }) {
  server = await listenOnLoopback((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    asked.push(`${url.pathname}${url.search} ${request.headers.authorization}`);
    const { status, body } = answer(url);
    response.writeHead(status, { "content-type": "application/json" }).end(body);
  });
  return server.url;
}

function pages(available: () => number, perEventCursors = false) {
  return (url: URL) => {
    const after = Number((url.searchParams.get("after") ?? "c0").slice(1));
    const limit = Number(url.searchParams.get("limit"));
    const data = EVENTS.slice(after, Math.min(after + limit, available()));
    const cursors = data.map((_event, index) => `c${after + index + 1}`);
    const page = { data, ...(perEventCursors ? { cursors } : {}), next_cursor: `c${after + data.length}` };
    return { status: 200, body: JSON.stringify(page) };
  };
}

async function collect(iterable: AsyncIterable<{ event: { id: string }; cursor: string }>) {
  const seen: [string, string][] = [];
  for await (const { event, cursor } of iterable) seen.push([event.id, cursor]);
  return seen;
}

describe("pullEvents", () => {
  it("hands each event its own cursor: a reader stopped mid-page resumes right after its last event", async () => {
    const baseUrl = await serve(pages(() => EVENTS.length, true));
    const options = { baseUrl, apiKey: "k", endpointId: "ep_1", pageSize: 2 };
    let stored: string | undefined;
    for await (const { event, cursor } of pullEvents(options)) {
      stored = cursor; // processed evt_1, the first of a page of 2, then "crashed"
      if (event.id === "evt_1") break;
    }
    expect(stored).toBe("c1");
    const resumed = await collect(pullEvents({ ...options, cursor: stored }));
    expect(resumed).toEqual([
      ["evt_2", "c2"],
      ["evt_3", "c3"],
    ]);
  });

  it("against a service without per-event cursors, each page's last event carries the exact one", async () => {
    const baseUrl = await serve(pages(() => EVENTS.length));
    const seen = await collect(
      pullEvents({ baseUrl: `${baseUrl}/`, apiKey: "k", endpointId: "ep_1", pageSize: 2 }),
    );
    expect(seen).toEqual([
      ["evt_1", ""],
      ["evt_2", "c2"],
      ["evt_3", "c3"],
    ]);
    expect(asked).toEqual([
      "/v1/endpoints/ep_1/events?limit=2 Bearer k",
      "/v1/endpoints/ep_1/events?limit=2&after=c2 Bearer k",
      "/v1/endpoints/ep_1/events?limit=2&after=c3 Bearer k",
    ]);
    const resumed = await collect(pullEvents({ baseUrl, apiKey: "k", endpointId: "ep_1", cursor: "c2" }));
    expect(resumed).toEqual([["evt_3", "c3"]]);
  });

  it("with pollIntervalMs, waits after an empty page and asks again until the signal aborts", async () => {
    let available = 1;
    const baseUrl = await serve(pages(() => available));
    const stop = new AbortController();
    const seen: string[] = [];
    for await (const { event } of pullEvents({
      baseUrl,
      apiKey: "k",
      endpointId: "ep_1",
      pollIntervalMs: 5,
      signal: stop.signal,
    })) {
      seen.push(event.id);
      available = EVENTS.length;
      if (seen.length === EVENTS.length) stop.abort();
    }
    expect(seen).toEqual(["evt_1", "evt_2", "evt_3"]);
    // Up to date: it asks again after each interval, and an abort ends a wait at once.
    const polling = new AbortController();
    const calls: string[] = [];
    const emptyPages = pullEvents({
      baseUrl,
      apiKey: "k",
      endpointId: "ep_1",
      cursor: "c3",
      pollIntervalMs: 5,
      signal: polling.signal,
      fetch: async (url) => {
        calls.push(url);
        return { status: 200, text: async () => '{"data":[],"next_cursor":"c3"}' };
      },
    });
    const polled = collect(emptyPages);
    while (calls.length < 3) await new Promise((resolve) => setTimeout(resolve, 1));
    const long = new AbortController();
    let answered = false;
    const waiting = collect(
      pullEvents({
        baseUrl,
        apiKey: "k",
        endpointId: "ep_1",
        pollIntervalMs: 60_000,
        signal: long.signal,
        fetch: async () => ({
          status: 200,
          text: async () => {
            answered = true;
            return '{"data":[],"next_cursor":"c0"}';
          },
        }),
      }),
    );
    while (!answered) await new Promise((resolve) => setImmediate(resolve));
    for (let tick = 0; tick < 3; tick++) await new Promise((resolve) => setImmediate(resolve)); // now waiting
    polling.abort();
    long.abort();
    expect(await polled).toEqual([]);
    expect(await waiting).toEqual([]);
    // Aborted while a request is in flight: the iteration ends, it does not throw.
    const inFlight = new AbortController();
    const stopped = collect(
      pullEvents({
        baseUrl,
        apiKey: "k",
        endpointId: "ep_1",
        signal: inFlight.signal,
        fetch: (_url, init) =>
          new Promise((_resolve, reject) =>
            init.signal?.addEventListener("abort", () => reject(new Error("aborted"))),
          ),
      }),
    );
    inFlight.abort();
    expect(await stopped).toEqual([]);
  });

  it("throws, naming the package, on a refusal or an answer that is not a page", async () => {
    let answer = { status: 404, body: '{"code":"not_found"}' };
    const baseUrl = await serve(() => answer);
    await expect(collect(pullEvents({ baseUrl, apiKey: "k", endpointId: "ep_x" }))).rejects.toThrow(
      /^@voicehire\/webhooks: reading the pull endpoint answered 404: \{"code":"not_found"\}/,
    );
    const notPages = [
      '{"data":"nope"}',
      '{"data":[{"id":"evt_1"}],"cursors":[],"next_cursor":"c1"}',
      '{"data":[{"id":"evt_1"}],"cursors":[1],"next_cursor":"c1"}',
      '{"data":[],"cursors":"c1","next_cursor":"c1"}',
    ];
    for (const body of notPages) {
      answer = { status: 200, body };
      await expect(collect(pullEvents({ baseUrl, apiKey: "k", endpointId: "ep_x" })), body).rejects.toThrow(
        "@voicehire/webhooks: the pull endpoint answered something else than a page of events",
      );
    }
  });
});
