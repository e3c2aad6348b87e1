/**
 * Issue 14's acceptance for ordered delivery, end to end with the built CLI and a loopback receiver:
 * on SQLite (one `serve` process) and on PostgreSQL (one API process and two worker processes on a
 * fresh schema), an endpoint ordered by candidate gets each candidate's events in publish order, never
 * two of one candidate in flight at once, even though candidate 0's first event fails twice before
 * succeeding; the other candidates' events flow meanwhile (they succeed before candidate 0's first).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eventCatalog } from "@voicehire/webhooks";
import { afterAll, describe, expect, it } from "vitest";
import { apiClient } from "../support/api-client.js";
import { dropSchema, freshSchemaName, postgresTestUrl, requirePostgres } from "../support/postgres.js";
import {
  type CliProcess,
  readDevApiKey,
  startServerProcess,
  stopProcesses,
} from "../support/server-process.js";
import { waitFor } from "../support/wait-for.js";
import { type OrderingReceiver, startOrderingReceiver } from "./support/ordering-receiver.js";
import { startWorkerProcess } from "./support/worker-process.js";

const availability = await requirePostgres("packages/server/test/scale/ordered-delivery-processes.test.ts");

const CANDIDATES = 12;
const EVENTS_PER_CANDIDATE = 6;
const LANES = 4;
const RETRY_MS = 300;

interface Deployment {
  readonly name: string;
  readonly run: boolean;
  /** Starts the processes; answers the API's address and every process started. */
  start(dataDir: string): Promise<{ apiUrl: string; processes: CliProcess[] }>;
  cleanup(): Promise<void>;
}

const common = {
  VOICEHIRE_RETRY_DELAYS: `${RETRY_MS}ms,${RETRY_MS}ms,${RETRY_MS}ms`,
  VOICEHIRE_RETENTION: "off",
};
const schema = freshSchemaName();
const deployments: Deployment[] = [
  {
    name: "SQLite, one process",
    run: true,
    async start(dataDir) {
      const server = await startServerProcess(["--dev", "--data-dir", dataDir], common);
      return { apiUrl: server.url, processes: [server] };
    },
    cleanup: async () => {},
  },
  {
    name: "PostgreSQL, one API process and two worker processes",
    run: availability.run,
    async start(dataDir) {
      const env = { ...common, DATABASE_URL: postgresTestUrl(), VOICEHIRE_DATABASE_SCHEMA: schema };
      const shared = ["--dev", "--data-dir", dataDir];
      const api = await startServerProcess([...shared, "--no-workers"], env);
      const workers = [await startWorkerProcess(shared, env), await startWorkerProcess(shared, env)];
      return { apiUrl: api.url, processes: [api, ...workers] };
    },
    cleanup: () => dropSchema(schema),
  },
];

for (const deployment of deployments) {
  (deployment.run ? describe : describe.skip)(`ordered delivery per candidate: ${deployment.name}`, () => {
    const dataDir = mkdtempSync(join(tmpdir(), "vh-ordered-"));
    let processes: CliProcess[] = [];
    let receiver: OrderingReceiver | undefined;
    afterAll(async () => {
      await stopProcesses(processes);
      await receiver?.stop();
      await deployment.cleanup().catch(() => {});
      rmSync(dataDir, { recursive: true, force: true });
    });

    it("delivers each candidate's events in publish order, one at a time, while others flow", async () => {
      const published = new Map<string, string[]>();
      receiver = await startOrderingReceiver({
        answerMs: 15,
        failures: 2,
        // Candidate 0's first event fails twice; published first, so nothing else hides the wait.
        failsFirst: (envelope) => envelope.id === published.get("cand-0")?.[0],
      });
      const started = await deployment.start(dataDir);
      processes = started.processes;
      const client = apiClient(started.apiUrl, readDevApiKey(dataDir));
      const created = await client.post("/v1/endpoints", {
        url: receiver.url,
        event_types: ["candidate.added"],
        secret: null,
        ordering: "candidate",
      });
      expect(created.status).toBe(201);
      expect(created.body.ordering).toBe("candidate");

      const sample = eventCatalog["candidate.added"].sample;
      const publishCandidate = async (index: number) => {
        const key = `cand-${index}`;
        const ids: string[] = [];
        published.set(key, ids);
        for (let n = 0; n < EVENTS_PER_CANDIDATE; n++) {
          const answer = await client.post("/v1/events", {
            event: "candidate.added",
            data: { ...sample, candidate_id: key },
          });
          expect(answer.status).toBe(202);
          ids.push(answer.body.id);
        }
      };
      await publishCandidate(0);
      let next = 1;
      await Promise.all(
        Array.from({ length: LANES }, async () => {
          while (next < CANDIDATES) await publishCandidate(next++);
        }),
      );
      const active = receiver;
      await waitFor(
        "every event to succeed",
        () => active.record().succeededAt.size === CANDIDATES * EVENTS_PER_CANDIDATE,
        60_000,
        50,
      );
      const seen = active.record();
      expect(seen.overlaps).toEqual([]);
      for (const [key, ids] of published) expect(seen.succeeded.get(key)).toEqual(ids);
      // Two failures then a success: three requests for candidate 0's first event.
      expect(seen.requests).toBe(CANDIDATES * EVENTS_PER_CANDIDATE + 2);
      const firstOfZero = seen.succeededAt.get(published.get("cand-0")?.[0] ?? "") ?? 0;
      const othersBefore = [...published.entries()]
        .filter(([key]) => key !== "cand-0")
        .flatMap(([, ids]) => ids)
        .filter((id) => (seen.succeededAt.get(id) ?? Number.POSITIVE_INFINITY) < firstOfZero);
      expect(othersBefore.length).toBeGreaterThan(0);
    });
  });
}
