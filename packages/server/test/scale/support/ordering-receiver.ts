import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** What an ordering receiver saw: per key, the overlapping requests and the order of successes. */
export interface OrderingRecord {
  /** Requests that arrived while another request of the same key was still unanswered. */
  readonly overlaps: readonly string[];
  /** Per candidate, the event ids answered 2xx, in arrival order. */
  readonly succeeded: ReadonlyMap<string, readonly string[]>;
  /** The moment (ms since start) each event id was first answered 2xx. */
  readonly succeededAt: ReadonlyMap<string, number>;
  readonly requests: number;
}

export interface OrderingReceiver {
  readonly url: string;
  record(): OrderingRecord;
  stop(): Promise<void>;
}

/**
 * A loopback receiver that answers each request after `answerMs`, fails (500) the first `failures`
 * attempts of the events `failsFirst` picks, and records, per `data.candidate_id`, whether two requests
 * of one key were ever in flight at once and the order in which the key's events succeeded.
 */
export async function startOrderingReceiver(options: {
  readonly answerMs: number;
  readonly failures: number;
  readonly failsFirst: (envelope: { id: string; data: { candidate_id?: string } }) => boolean;
}): Promise<OrderingReceiver> {
  const started = Date.now();
  const inFlight = new Map<string, number>();
  const attempts = new Map<string, number>();
  const overlaps: string[] = [];
  const succeeded = new Map<string, string[]>();
  const succeededAt = new Map<string, number>();
  let requests = 0;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      requests++;
      const envelope = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
        id: string;
        data: { candidate_id?: string };
      };
      const key = envelope.data.candidate_id ?? "";
      const now = (inFlight.get(key) ?? 0) + 1;
      inFlight.set(key, now);
      if (now > 1) overlaps.push(`${key} ${envelope.id}`);
      const attempt = (attempts.get(envelope.id) ?? 0) + 1;
      attempts.set(envelope.id, attempt);
      const fail = attempt <= options.failures && options.failsFirst(envelope);
      setTimeout(() => {
        inFlight.set(key, (inFlight.get(key) ?? 1) - 1);
        if (!fail && !succeededAt.has(envelope.id)) {
          succeeded.set(key, [...(succeeded.get(key) ?? []), envelope.id]);
          succeededAt.set(envelope.id, Date.now() - started);
        }
        response.writeHead(fail ? 500 : 200).end(fail ? "not yet" : "ok");
      }, options.answerMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    record: () => ({ overlaps, succeeded, succeededAt, requests }),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
