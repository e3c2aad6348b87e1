/**
 * Process roles on PostgreSQL: `serve --no-workers` answers the API and never delivers; `worker`
 * delivers, listens for NOTIFY on its own connection, leases for VOICEHIRE_LEASE, and at start leaves
 * alone the leases other processes hold (only the embedded store gives every lease back at start).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eventCatalog } from "@voicehire/webhooks";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { apiClient } from "../support/api-client.js";
import { dropSchema, freshSchemaName, postgresTestUrl, requirePostgres } from "../support/postgres.js";
import { readDevApiKey, type ServerProcess, startServerProcess } from "../support/server-process.js";
import { waitFor } from "../support/wait-for.js";
import { type CountingReceiver, startCountingReceiver } from "./support/counting-receiver.js";
import { startWorkerProcess, type WorkerProcess } from "./support/worker-process.js";

const availability = await requirePostgres("packages/server/test/scale/process-roles.test.ts");
const describeWithPostgres = availability.run ? describe : describe.skip;

const SECRET = "whsec-roles-test-0123456789abcdef";
const LEASE_MS = 12_000;
/** Long enough to look at a lease while its POST is in flight. */
const ANSWER_DELAY_MS = 1_500;

describeWithPostgres("process roles on PostgreSQL", () => {
  const schema = freshSchemaName();
  const dataDir = mkdtempSync(join(tmpdir(), "vh-roles-"));
  const env = {
    DATABASE_URL: postgresTestUrl(),
    VOICEHIRE_DATABASE_SCHEMA: schema,
    VOICEHIRE_DATABASE_POOL_SIZE: "3",
    VOICEHIRE_LEASE: `${LEASE_MS}ms`,
    VOICEHIRE_ATTEMPT_TIMEOUT: "3s",
  };
  const shared = ["--dev", "--data-dir", dataDir];
  let api: ServerProcess | undefined;
  let worker: WorkerProcess | undefined;
  let receiver: CountingReceiver | undefined;
  let sql: pg.Client | undefined;

  afterAll(async () => {
    for (const child of [api, worker]) {
      if (child === undefined || child.child.exitCode !== null || child.child.signalCode !== null) continue;
      child.child.kill("SIGKILL");
      await child.exited;
    }
    await receiver?.stop();
    await sql?.end().catch(() => {});
    await dropSchema(schema).catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function listeners(): Promise<number> {
    const result = await sql?.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1",
      [`voicehire-webhooks listen ${schema}`],
    );
    return result?.rows[0]?.n ?? -1;
  }

  it("API-only and worker-only processes share the queue; a starting worker keeps others' leases", async () => {
    receiver = await startCountingReceiver();
    const [port] = await receiver.listen(1, SECRET, ANSWER_DELAY_MS);
    api = await startServerProcess([...shared, "--no-workers"], env);
    expect(api.output()).not.toMatch(/delivering/);
    const client = apiClient(api.url, readDevApiKey(dataDir));
    const created = await client.post("/v1/endpoints", {
      url: `http://127.0.0.1:${port}/hook`,
      event_types: ["candidate.added"],
      secret: SECRET,
    });
    expect(created.status).toBe(201);
    const publish = async (n: number) => {
      const answer = await client.post("/v1/events", {
        event: "candidate.added",
        data: { ...eventCatalog["candidate.added"].sample, candidate_id: `cand-${n}` },
      });
      expect(answer.status).toBe(202);
      return answer.body.id as string;
    };
    const ghostsEvent = await publish(1);

    sql = new pg.Client({ connectionString: postgresTestUrl(), options: `-c search_path=${schema}` });
    await sql.connect();
    // A worker of another machine holds this delivery (its lease runs for an hour).
    const ghost = await sql.query(
      "UPDATE deliveries SET lease_owner = 'ghost-worker', lease_expires_at = $1 WHERE event_id = $2 RETURNING id",
      [Date.now() + 3_600_000, ghostsEvent],
    );
    expect(ghost.rowCount).toBe(1);
    expect(await listeners()).toBe(0); // the API process does not listen: it runs no workers

    worker = await startWorkerProcess(shared, env);
    expect(await listeners()).toBe(1);
    const mineEvent = await publish(2);

    // While the POST is in flight, the worker's lease runs VOICEHIRE_LEASE from its claim.
    const leased = await waitFor("the worker to lease the new delivery", async () => {
      const result = await sql?.query<{ lease_owner: string; remaining: number }>(
        "SELECT lease_owner, (lease_expires_at - $2::bigint)::float8 AS remaining FROM deliveries WHERE event_id = $1 AND lease_owner IS NOT NULL",
        [mineEvent, Date.now()],
      );
      return result?.rows[0];
    });
    expect(leased.lease_owner).toBe(worker.workerId);
    expect(leased.remaining).toBeGreaterThan(LEASE_MS - 5_000);
    expect(leased.remaining).toBeLessThanOrEqual(LEASE_MS);

    await waitFor("the new delivery to succeed", async () => {
      const result = await sql?.query(
        "SELECT 1 FROM deliveries WHERE event_id = $1 AND status = 'succeeded'",
        [mineEvent],
      );
      return (result?.rowCount ?? 0) > 0;
    });
    const ghosts = await sql.query<{ status: string; lease_owner: string }>(
      "SELECT status, lease_owner FROM deliveries WHERE event_id = $1",
      [ghostsEvent],
    );
    expect(ghosts.rows).toEqual([{ status: "pending", lease_owner: "ghost-worker" }]);
    const received = await receiver.counts();
    expect(received.counts).toEqual([[`/hook ${mineEvent}`, 1]]);
    expect(received.badSignatures).toBe(0);

    // A clean stop gives the worker's own leases back (none left here) and leaves the ghost's.
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
    expect(await listeners()).toBe(0);
    const after = await sql.query("SELECT lease_owner FROM deliveries WHERE lease_owner IS NOT NULL");
    expect(after.rows).toEqual([{ lease_owner: "ghost-worker" }]);
    api.child.kill("SIGTERM");
    expect(await api.exited).toBe(0);
  }, 60_000);
});
