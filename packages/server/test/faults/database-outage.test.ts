/**
 * Issue 10's database-fault test: one API process (`serve --no-workers`) and two `worker` processes on
 * a throwaway PostgreSQL 15 cluster, under a steady publishing load. Every session is terminated, then
 * the server is stopped for 5 s and started again. No process exits; publishes during the outage get
 * 503 problem+json with `Retry-After` (and nothing else but 202); publishing works again within a few
 * seconds of the restart, both workers LISTEN again within 2 s; every event that got a 202 reaches the
 * receiver on every endpoint, and every delivery ends succeeded.
 *
 * Runs the built CLI (`npm run build`) against a receiver in its own process on 127.0.0.1.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eventCatalog } from "@voicehire/webhooks";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { type CountingReceiver, startCountingReceiver } from "../scale/support/counting-receiver.js";
import { startWorkerProcess, type WorkerProcess } from "../scale/support/worker-process.js";
import { apiClient } from "../support/api-client.js";
import {
  readDevApiKey,
  type ServerProcess,
  startServerProcess,
  stopProcesses,
} from "../support/server-process.js";
import {
  requireThrowawayPostgres,
  startThrowawayPostgres,
  type ThrowawayPostgres,
} from "../support/throwaway-postgres.js";
import { waitFor } from "../support/wait-for.js";
import { type PublishingLoad, publishOverHttp, startPublishingLoad } from "./support/publishing-load.js";

const availability = await requireThrowawayPostgres("packages/server/test/faults/database-outage.test.ts");
const describeWithCluster = availability.run ? describe : describe.skip;

const ENDPOINTS = 2;
const WORKERS = 2;
const OUTAGE_MS = 5_000;
const SECRET = "whsec-outage-test-0123456789abcdef";
/** Publishing must work again this soon after the server accepts connections. */
const PUBLISHING_BACK_WITHIN_MS = 3_000;
const LISTEN_BACK_WITHIN_MS = 2_000;

describeWithCluster("API and worker processes through a PostgreSQL outage", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "vh-outage-"));
  let server: ThrowawayPostgres | undefined;
  let api: ServerProcess | undefined;
  const workers: WorkerProcess[] = [];
  let receiver: CountingReceiver | undefined;
  let load: PublishingLoad | undefined;

  afterAll(async () => {
    await load?.stop();
    await stopProcesses([api, ...workers]);
    await receiver?.stop();
    await server?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** One query on a connection of its own (a long-lived one would be terminated with the others). */
  async function queryOnce<Row extends pg.QueryResultRow>(text: string): Promise<Row[]> {
    const client = new pg.Client({ connectionString: server?.url });
    client.on("error", () => {});
    await client.connect();
    try {
      return (await client.query<Row>(text)).rows;
    } finally {
      await client.end().catch(() => {});
    }
  }

  const listeningWorkers = async () =>
    (
      await queryOnce<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'voicehire-webhooks listen public'",
      )
    )[0]?.n ?? 0;

  it("keeps every process up, answers 503 while down, and delivers every accepted event", async () => {
    server = await startThrowawayPostgres();
    receiver = await startCountingReceiver();
    const ports = await receiver.listen(ENDPOINTS, SECRET, 5);
    const env = {
      DATABASE_URL: server.url,
      VOICEHIRE_DATABASE_POOL_SIZE: "4",
      VOICEHIRE_ATTEMPT_TIMEOUT: "2s",
      VOICEHIRE_RETENTION: "off",
    };
    const shared = ["--dev", "--data-dir", dataDir];
    api = await startServerProcess([...shared, "--no-workers"], env);
    const apiKey = readDevApiKey(dataDir);
    const client = apiClient(api.url, apiKey);
    const apiUrl = api.url;
    const paths: string[] = [];
    for (const [k, port] of ports.entries()) {
      const created = await client.post("/v1/endpoints", {
        url: `http://127.0.0.1:${port}/ep-${k}`,
        event_types: ["candidate.added"],
        secret: SECRET,
      });
      expect(created.status).toBe(201);
      paths.push(`/ep-${k}`);
    }
    for (let i = 0; i < WORKERS; i++) {
      workers.push(await startWorkerProcess(shared, { ...env, VOICEHIRE_LOG_LEVEL: "info" }));
    }
    await waitFor("both workers to LISTEN", async () => (await listeningWorkers()) === WORKERS);

    const sample = eventCatalog["candidate.added"].sample;
    const running = startPublishingLoad({
      publish: (index) =>
        publishOverHttp(apiUrl, apiKey, {
          event: "candidate.added",
          data: { ...sample, candidate_id: `c-${index}` },
        }),
      lanes: 4,
      pauseMs: 10,
      maxPublishes: 20_000,
    });
    load = running;
    const acceptedSince = (since: number) =>
      running.outcomes.filter((o) => o.status === 202 && o.sentAt >= since).length;
    const activeReceiver = receiver;
    await waitFor("deliveries under load", async () => (await activeReceiver.totals()).total >= 100, 30_000);

    // Every session of the cluster, the workers' LISTEN connections included.
    const terminatedAt = Date.now();
    expect(await server.terminateAllSessions()).toBeGreaterThanOrEqual(WORKERS + 1);
    await waitFor(
      "publishes accepted after the sessions were terminated",
      () => acceptedSince(terminatedAt) >= 50,
    );
    await waitFor("both workers to LISTEN again", async () => (await listeningWorkers()) === WORKERS, 5_000);

    // The server goes away for 5 s, then comes back.
    await server.stop();
    const stoppedAt = Date.now();
    await waitFor("refused publishes during the outage", () =>
      running.outcomes.some((o) => o.status === 503 && o.sentAt >= stoppedAt),
    );
    const readiness = await fetch(`${apiUrl}/readyz`);
    expect(readiness.status).toBe(503);
    const notReady = (await readiness.json()) as { checks: { store: { status: string; reason: string } } };
    expect(notReady.checks.store).toMatchObject({
      status: "failing",
      reason: expect.stringMatching(/unreachable/),
    });
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, OUTAGE_MS - (Date.now() - stoppedAt))));
    const outageEndedAt = Date.now();
    const receivedBeforeRestart = (await activeReceiver.totals()).total;
    await server.start();
    const restartedAt = Date.now();
    await waitFor(
      "a publish accepted after the restart",
      () => acceptedSince(restartedAt) > 0,
      PUBLISHING_BACK_WITHIN_MS,
      10,
    );
    const publishingBackAfterMs = Date.now() - restartedAt;
    // The workers' claim loops were pausing between failed claims (up to 5 s): their LISTEN connection
    // coming back wakes them, so delivery resumes within 2 s of the restart, not after the pause.
    await waitFor(
      "a delivery after the restart",
      async () => (await activeReceiver.totals()).total > receivedBeforeRestart,
      Math.max(0, restartedAt + LISTEN_BACK_WITHIN_MS - Date.now()),
      20,
    );
    const deliveringBackAfterMs = Date.now() - restartedAt;
    await waitFor(
      "both workers to LISTEN after the restart",
      async () => (await listeningWorkers()) === WORKERS,
      LISTEN_BACK_WITHIN_MS,
      50,
    );
    await waitFor("publishes accepted after the restart", () => acceptedSince(restartedAt) >= 50);
    await running.stop();

    // Only 202 and 503: never a 500, never a dropped connection (the API process stayed up).
    const byStatus = new Map<string, number>();
    for (const o of running.outcomes)
      byStatus.set(String(o.status), (byStatus.get(String(o.status)) ?? 0) + 1);
    expect([...byStatus.keys()].sort()).toEqual(["202", "503"]);
    const refused = running.outcomes.filter((o) => o.status === 503);
    for (const o of refused) {
      expect(o.answer?.contentType).toMatch(/^application\/problem\+json/);
      expect(o.answer?.body).toMatchObject({ status: 503, code: "store_unavailable" });
      expect(o.answer?.retryAfter).toMatch(/^[1-9][0-9]*$/);
    }
    // Every publish sent while the server was down was refused (none was acknowledged).
    const duringOutage = running.outcomes.filter((o) => o.sentAt > stoppedAt && o.answeredAt < outageEndedAt);
    expect(duringOutage.length).toBeGreaterThan(0);
    for (const o of duringOutage) expect(o.status).toBe(503);

    // Every accepted event reaches every endpoint; every delivery ends succeeded.
    const accepted = running.accepted();
    const expectedKeys = new Set(accepted.flatMap((id) => paths.map((path) => `${path} ${id}`)));
    await waitFor(
      "every accepted event to be delivered to every endpoint",
      async () => {
        const { counts } = await activeReceiver.counts();
        const received = new Set(counts.map(([key]) => key));
        return [...expectedKeys].every((key) => received.has(key));
      },
      60_000,
      200,
    );
    await waitFor(
      "every delivery to be recorded as succeeded",
      async () =>
        (
          await queryOnce<{ n: number }>(
            "SELECT count(*)::int AS n FROM deliveries WHERE status <> 'succeeded'",
          )
        )[0]?.n === 0,
      30_000,
      200,
    );
    const received = await activeReceiver.counts();
    const repeats = received.counts.filter(([, count]) => count > 1);
    expect(received.badSignatures).toBe(0);
    // Leases (30 s) outlast the outage, and results wait in the workers until they can be recorded:
    // no delivery had to be sent again.
    expect(repeats).toEqual([]);
    expect((await fetch(`${apiUrl}/readyz`)).status).toBe(200);

    // No process exited on its own; each stops cleanly when asked.
    for (const child of [api, ...workers]) {
      expect(child.child.exitCode).toBeNull();
      expect(child.child.signalCode).toBeNull();
    }
    // Each worker logged both losses (terminated, then stopped) and both recoveries, once each,
    // not each of its reconnection attempts.
    for (const worker of workers) {
      expect(worker.output().match(/LISTEN connection lost; reconnecting/g)).toHaveLength(2);
      expect(worker.output().match(/LISTEN connection back/g)).toHaveLength(2);
    }
    console.info(
      `database outage test: ${accepted.length} accepted and ${refused.length} refused publishes; ` +
        `publishing back ${publishingBackAfterMs} ms and delivering ${deliveringBackAfterMs} ms after the restart; ` +
        `${received.total} requests received, ` +
        `${repeats.length} deliveries received more than once`,
    );
    for (const child of [api, ...workers]) {
      child.child.kill("SIGTERM");
      expect(await child.exited).toBe(0);
    }
  }, 180_000);
});
