/**
 * PostgreSQL scale-out (issue 6): how fast 1, 2 then 4 `worker` processes deliver from one PostgreSQL
 * queue. For each count: one API process (`serve --no-workers`) takes a backlog of events through
 * `POST /v1/events` (the same events as `service-throughput.ts`, each fanned out to one endpoint per
 * receiver port) while no worker runs, which also measures the API's publishing rate on PostgreSQL;
 * then the workers are started together and drain it, timed from the first receipt to the last. (With
 * workers running during the publish, the figure would be the publish rate whatever the worker count
 * on a machine where publishing is the slower half; draining a backlog shows what the workers add.) Each run gets a fresh schema (dropped afterwards) in the database at
 * `DATABASE_URL` (default: this machine's, 127.0.0.1:5432/test); without a reachable PostgreSQL the
 * phase answers `skipped` with the reason.
 *
 * Wiring (bench/run.ts): `partial.postgres = await measurePostgresWorkers({ ...throughput,
 * publishConcurrency: plan.publishConcurrency })`, beside `measureServiceThroughput` (the SQLite figure).
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLI_PATH } from "./cli-process.js";
import { monotonicMs } from "./monotonic-clock.js";
import { BENCH_EVENT_TYPE } from "./payload.js";
import type { DeliveredPhaseInput } from "./phase-input.js";
import { databaseUrl, type RoleProcess, startRole, withClient } from "./postgres-roles.js";
import { type PostgresStorage, postgresStorage, postgresTableBytes } from "./postgres-storage.js";
import { cpuMsPer1000, startCpuMeter } from "./process-cpu.js";
import { formatCount, startPhase } from "./progress.js";
import type { Receiver } from "./receiver-client.js";
import { runConcurrently } from "./run-concurrently.js";
import { connectApi } from "./service-api.js";
import { perSecond } from "./stats.js";
import { waitForReceipts } from "./wait-for-receipts.js";

export const POSTGRES_WORKER_COUNTS = [1, 2, 4] as const;

export interface PostgresWorkersRun {
  readonly workerProcesses: number;
  readonly events: number;
  readonly deliveriesCreated: number;
  readonly received: number;
  /** First receipt to last receipt (or to the end of the wait when some never arrived). */
  readonly elapsedMs: number;
  /** The workers' draining rate. */
  readonly deliveriesPerSecond: number;
  /** The API process alone publishing the backlog (no worker running), events per second. */
  readonly eventsPublishedPerSecond: number;
  /** CPU time (user + system) of the API process while publishing, per 1,000 events. */
  readonly apiCpuMsPer1000Events: number | null;
  /** CPU time of the worker processes (together) while draining, per 1,000 deliveries received. */
  readonly workersCpuMsPer1000Deliveries: number | null;
  /** The schema's tables after the drain (pg_total_relation_size), per finished delivery and event. */
  readonly storage: PostgresStorage | { readonly failed: string };
  readonly publishFailures: number;
  readonly firstErrors: readonly string[];
}

export type PostgresWorkersResult =
  | { readonly skipped: string }
  | {
      readonly databaseUrl: string;
      readonly poolSizePerProcess: number;
      readonly runs: readonly PostgresWorkersRun[];
    };

async function measureOneRun(input: {
  readonly receiver: Receiver;
  readonly ports: readonly number[];
  readonly events: number;
  readonly publishConcurrency: number;
  readonly timeoutMs: number;
  readonly workerProcesses: number;
  readonly poolSize: number;
}): Promise<PostgresWorkersRun> {
  const progress = startPhase(
    `8 postgres ${input.workerProcesses} worker${input.workerProcesses === 1 ? "" : "s"}`,
  );
  await input.receiver.reset();
  const schema = `vh_bench_${randomBytes(5).toString("hex")}`;
  const dataDir = mkdtempSync(join(tmpdir(), "voicehire-bench-pg-"));
  const env = {
    DATABASE_URL: databaseUrl(),
    VOICEHIRE_DATABASE_SCHEMA: schema,
    VOICEHIRE_DATABASE_POOL_SIZE: String(input.poolSize),
    VOICEHIRE_RETENTION: "off",
  };
  const shared = ["--dev", "--data-dir", dataDir];
  const roles: RoleProcess[] = [];
  try {
    const apiProcess = await startRole(
      ["serve", "--no-workers", "--port", "0", ...shared],
      env,
      /listening on (http:\/\/\S+)/,
    );
    roles.push(apiProcess);
    const url = apiProcess.match[1] as string;
    const apiKey = readFileSync(join(dataDir, "dev-api-key"), "utf8").trim();
    const api = connectApi(url, apiKey, input.publishConcurrency);
    try {
      const tag = `pg${input.workerProcesses}`;
      for (const [k, port] of input.ports.entries()) {
        await api.createEndpoint(`http://127.0.0.1:${port}/ok/${tag}-${k}`, [BENCH_EVENT_TYPE]);
      }
      const tablesBefore = await postgresTableBytes(schema);
      // 1. The backlog, published through the API with no worker running: the API's own rate on PostgreSQL.
      let deliveriesCreated = 0;
      const apiCpu = startCpuMeter([apiProcess.pid]);
      const deadline = Date.now() + input.timeoutMs;
      const publishStartMs = monotonicMs();
      const { started, failed, firstErrors } = await runConcurrently(
        input.events,
        input.publishConcurrency,
        deadline,
        async (index) => {
          const deliveries = await api.publishEvent(index);
          deliveriesCreated += deliveries;
        },
      );
      const published = started - failed;
      const publishMs = monotonicMs() - publishStartMs;
      const apiCpuMs = apiCpu.stop();
      progress.update(
        `published ${formatCount(published)} events · ${formatCount(perSecond(published, publishMs))}/s`,
      );

      // 2. The workers, started together, drain it: first receipt to last receipt.
      const startedMs = monotonicMs();
      const workers = await Promise.all(
        Array.from({ length: input.workerProcesses }, () =>
          startRole(["worker", ...shared], env, /delivering \(worker \S+\)/),
        ),
      );
      roles.push(...workers);
      // From the moment they are ready: their start-up (loading the code) is not delivery work.
      const workersCpu = startCpuMeter(workers.map((worker) => worker.pid));
      const totals = await waitForReceipts({
        receiver: input.receiver,
        prefix: `/ok/${tag}-`,
        expected: () => deliveriesCreated,
        loaderDone: () => true,
        startedMs,
        deadline: Date.now() + input.timeoutMs,
        progress,
      });
      const workersCpuMs = workersCpu.stop();
      const storage = await postgresStorage({
        schema,
        before: tablesBefore,
        events: published,
        timeoutMs: 10_000,
      }).catch((error: unknown) => ({ failed: error instanceof Error ? error.message : String(error) }));
      // All arrived: up to the last receipt; otherwise up to the end of the wait (a loss only lowers the rate).
      const allArrived = totals.count >= deliveriesCreated;
      const elapsedMs = (allArrived ? totals.lastMs : monotonicMs()) - totals.firstMs;
      const run: PostgresWorkersRun = {
        workerProcesses: input.workerProcesses,
        events: published,
        deliveriesCreated,
        received: totals.count,
        elapsedMs: Math.round(elapsedMs),
        deliveriesPerSecond: perSecond(totals.count, elapsedMs),
        eventsPublishedPerSecond: perSecond(published, publishMs),
        apiCpuMsPer1000Events: cpuMsPer1000(apiCpuMs, published),
        workersCpuMsPer1000Deliveries: cpuMsPer1000(workersCpuMs, totals.count),
        storage,
        publishFailures: failed,
        firstErrors,
      };
      progress.done(
        `${formatCount(run.received)}/${formatCount(deliveriesCreated)} deliveries drained in ${run.elapsedMs} ms · ` +
          `${formatCount(run.deliveriesPerSecond)}/s, CPU ${run.workersCpuMsPer1000Deliveries ?? "-"} ms/1,000 ` +
          `(the API alone published ${formatCount(run.eventsPublishedPerSecond)} events/s, CPU ${run.apiCpuMsPer1000Events ?? "-"} ms/1,000 events)` +
          ("failed" in storage
            ? ""
            : ` · ${storage.bytesPerFinishedDelivery ?? "-"} B per finished delivery`),
      );
      return run;
    } finally {
      await api.close();
    }
  } finally {
    for (const role of roles.reverse()) await role.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await withClient((client) => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)).catch(() => {});
  }
}

/**
 * Deliveries per second on PostgreSQL with 1, 2 and 4 worker processes (`workerCounts`), one API
 * process publishing, measured one after the other in this run.
 */
export async function measurePostgresWorkers(
  input: DeliveredPhaseInput & {
    readonly publishConcurrency: number;
    readonly workerCounts?: readonly number[];
    /** PostgreSQL connections per process (VOICEHIRE_DATABASE_POOL_SIZE); default 8. */
    readonly poolSize?: number;
  },
): Promise<PostgresWorkersResult> {
  if (!existsSync(CLI_PATH)) throw new Error(`bench: no built service at ${CLI_PATH}: run \`npm run build\``);
  try {
    await withClient((client) => client.query("SELECT 1"));
  } catch (error) {
    const reason = `PostgreSQL is not reachable at ${databaseUrl().replace(/\/\/[^@/]*@/, "//<user>@")}: ${String(error)}`;
    startPhase("8 postgres workers").done(`skipped: ${reason}`);
    return { skipped: reason };
  }
  const poolSize = input.poolSize ?? 8;
  const runs: PostgresWorkersRun[] = [];
  for (const workerProcesses of input.workerCounts ?? POSTGRES_WORKER_COUNTS) {
    runs.push(await measureOneRun({ ...input, workerProcesses, poolSize }));
  }
  return {
    databaseUrl: databaseUrl().replace(/\/\/[^@/]*@/, "//<user>@"),
    poolSizePerProcess: poolSize,
    runs,
  };
}
