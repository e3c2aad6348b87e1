/**
 * Issue 10, defect 2, in one process: a PostgreSQL store whose sessions are terminated or whose server
 * is stopped for 5 s. Nothing crashes (an unhandled `error` event of a `pg` client would end this test
 * process); a call that meets the loss rejects with `StoreUnavailableError` and the next one works;
 * during the outage `/readyz` is not ready and says why, and publishes answer 503 problem+json with
 * `Retry-After`; within 2 s of the restart the API is ready and publishing again, and the LISTEN
 * connection is back: a publish wakes it by NOTIFY, not by any poll.
 *
 * The server is a throwaway cluster of this file (test/support/throwaway-postgres.ts).
 */
import { eventCatalog } from "@voicehire/webhooks";
import type { FastifyInstance } from "fastify";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../../src/domain/clock.js";
import { silentLogger } from "../../src/domain/logger.js";
import { openPostgresStore, type PostgresStore } from "../../src/store/postgres/index.js";
import type { WorkListener } from "../../src/store/postgres/listen-for-work.js";
import { StoreUnavailableError } from "../../src/store/store-unavailable-error.js";
import { givenEndpoint } from "../store/conformance/fixtures.js";
import { createAccountWithKey } from "../support/account-with-key.js";
import { createQuietApi } from "../support/quiet-api.js";
import {
  requireThrowawayPostgres,
  startThrowawayPostgres,
  type ThrowawayPostgres,
} from "../support/throwaway-postgres.js";
import { waitFor } from "../support/wait-for.js";
import { type ListeningWorker, startListeningWorker } from "./support/listening-worker.js";

const availability = await requireThrowawayPostgres(
  "packages/server/test/faults/database-connection-loss.test.ts",
);
const describeWithCluster = availability.run ? describe : describe.skip;

const OUTAGE_MS = 5_000;
const RESUME_WITHIN_MS = 2_000;

describeWithCluster("a PostgreSQL store that loses its connections", () => {
  let server: ThrowawayPostgres;
  let store: PostgresStore;
  let api: FastifyInstance;
  let listener: WorkListener;
  let wakes = 0;
  /** When the LISTEN connection was lost or failed to reconnect. */
  const listenFailures: number[] = [];
  let auth: { authorization: string };
  let endpointId: string;
  let accountId: string;
  let listeningWorker: ListeningWorker;
  /** What the listening worker logged as errors (a failed claim says how long it pauses). */
  const workerErrors: { backoffMs?: number }[] = [];

  beforeAll(async () => {
    server = await startThrowawayPostgres();
    store = openPostgresStore({ connectionString: server.url, poolSize: 4 });
    await store.migrate();
    const clock = systemClock;
    const created = await createAccountWithKey({ store, clock }, "Acme", { name: "t" });
    auth = created.auth;
    accountId = created.account.id;
    endpointId = (await givenEndpoint(store, created.account.id, ["candidate.added"])).id;
    api = createQuietApi({ store, clock });
    await api.ready();
    listener = await store.listenForWork(
      () => wakes++,
      () => listenFailures.push(Date.now()),
    );
    listeningWorker = await startListeningWorker(server.url, "listening_worker", {
      ...silentLogger,
      error: (fields) => workerErrors.push(fields as { backoffMs?: number }),
    });
  }, 60_000);

  afterAll(async () => {
    await listeningWorker?.close();
    await api?.close();
    await listener?.close();
    await store?.close();
    await server?.destroy();
  });

  const publish = () =>
    api.inject({
      method: "POST",
      url: "/v1/events",
      headers: auth,
      payload: { event: "candidate.added", data: eventCatalog["candidate.added"].sample },
    });

  /** A publish that must reach the listener by NOTIFY: the wake count moves only after it. */
  async function expectPublishWakesListener(timeoutMs: number): Promise<void> {
    const before = wakes;
    const answer = await publish();
    expect(answer.statusCode).toBe(202);
    await waitFor("the publish's NOTIFY to wake the listener", () => wakes > before, timeoutMs);
  }

  it("a session terminated inside a transaction fails that call only; the next calls and LISTEN work", async () => {
    await expectPublishWakesListener(2_000);
    // A second session holds the endpoint's row, so the store's update waits inside its transaction:
    // terminated there, its client errors while checked out of the pool (the crash of defect 2).
    const admin = new pg.Client({ connectionString: server.url });
    admin.on("error", () => {});
    await admin.connect();
    try {
      await admin.query("BEGIN");
      await admin.query("SELECT 1 FROM endpoints WHERE id = $1 FOR UPDATE", [endpointId]);
      const blocked = store.updateEndpoint(accountId, endpointId, { description: "x" }, Date.now());
      blocked.catch(() => {}); // awaited below
      await waitFor("the store's update to wait for the row lock", async () => {
        const waiting = await admin.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock'",
        );
        return (waiting.rows[0]?.n ?? 0) > 0;
      });
      const wakesBefore = wakes;
      const terminated = await admin.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
           WHERE pid <> pg_backend_pid() AND backend_type = 'client backend') AS done`,
      );
      expect(terminated.rows[0]?.n).toBeGreaterThanOrEqual(2); // the update's session and LISTEN's
      await expect(blocked).rejects.toBeInstanceOf(StoreUnavailableError);
      await admin.query("ROLLBACK");

      const endpoint = await store.getEndpoint(accountId, endpointId);
      expect(endpoint?.id).toBe(endpointId);
      // The listener re-opened its connection and woke once (work may have come while it was deaf).
      await waitFor("the LISTEN connection to come back", () => wakes > wakesBefore, RESUME_WITHIN_MS);
      await expectPublishWakesListener(2_000);
      // A worker that polls every 10 minutes delivers at once: its LISTEN connection is back too.
      await listeningWorker.publishAndExpectDelivery(RESUME_WITHIN_MS);
      await listeningWorker.publishAndExpectDelivery(RESUME_WITHIN_MS);
    } finally {
      await admin.end().catch(() => {});
    }
  });

  it("during a 5 s outage: /readyz not ready and why, 503 + Retry-After; all back within 2 s of the restart", async () => {
    await server.stop();
    const stoppedAt = Date.now();
    try {
      const ready = await api.inject({ method: "GET", url: "/readyz" });
      expect(ready.statusCode).toBe(503);
      expect(ready.headers["content-type"]).toMatch(/^application\/problem\+json/);
      const report = ready.json();
      expect(report.code).toBe("not_ready");
      expect(report.checks.store.status).toBe("failing");
      expect(report.checks.store.reason).toMatch(/store is unreachable/);

      const refused = await publish();
      expect(refused.statusCode).toBe(503);
      expect(refused.headers["content-type"]).toMatch(/^application\/problem\+json/);
      expect(refused.headers["retry-after"]).toMatch(/^[1-9][0-9]*$/);
      expect(refused.json()).toMatchObject({ status: 503, code: "store_unavailable" });
      // Any call that needs the store, reads and key checks included.
      const listing = await api.inject({ method: "GET", url: "/v1/endpoints", headers: auth });
      expect(listing.statusCode).toBe(503);
      expect(listing.headers["retry-after"]).toBe(refused.headers["retry-after"]);
      expect(listing.json().code).toBe("store_unavailable");
      await expect(store.getEndpoint(accountId, endpointId)).rejects.toBeInstanceOf(StoreUnavailableError);
    } finally {
      const left = OUTAGE_MS - (Date.now() - stoppedAt);
      if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
      await server.start();
    }
    const restartedAt = Date.now();
    // While the server was down the listener kept trying, never more than about a second apart: how
    // soon it listens again does not depend on how long the outage lasted.
    const tries = listenFailures.filter((at) => at >= stoppedAt - 1_000);
    expect(tries.length).toBeGreaterThan(4);
    const gaps = tries.slice(1).map((at, i) => at - (tries[i] as number));
    expect(Math.max(...gaps)).toBeLessThan(1_500);
    const wakesAtRestart = wakes;
    // Published as soon as the server is back: delivered within 2 s by a worker polling every 10
    // minutes, so its LISTEN connection is back by then (the claim loop too); the second publish can
    // only reach it by NOTIFY.
    await listeningWorker.publishAndExpectDelivery(RESUME_WITHIN_MS);
    await listeningWorker.publishAndExpectDelivery(RESUME_WITHIN_MS);
    await waitFor(
      "/readyz to be ready again",
      async () => (await api.inject({ method: "GET", url: "/readyz" })).statusCode === 200,
      RESUME_WITHIN_MS,
    );
    expect((await publish()).statusCode).toBe(202);
    await waitFor("the LISTEN connection to come back", () => wakes > wakesAtRestart, RESUME_WITHIN_MS);
    expect(Date.now() - restartedAt).toBeLessThan(2 * RESUME_WITHIN_MS);
    await expectPublishWakesListener(2_000);
  }, 30_000);

  it("a worker pausing 5 s between failed claims claims again as soon as its LISTEN connection is back", async () => {
    await server.stop();
    try {
      listeningWorker.wake(); // it claims now, fails, and pauses longer after each failure
      await waitFor(
        "the worker's claim loop to pause 5 s after failed claims",
        () => workerErrors.some((fields) => fields.backoffMs === 5_000),
        20_000,
      );
    } finally {
      await server.start();
    }
    // The reconnected LISTEN connection wakes the worker out of its pause (its poll is 10 minutes).
    await listeningWorker.publishAndExpectDelivery(RESUME_WITHIN_MS);
  }, 40_000);
});
