import { statSync } from "node:fs";
import { setTimeout as delay } from "node:timers/promises";
import Database from "better-sqlite3";
import { BENCH_EVENT_TYPE } from "./payload.js";
import { cpuMsPer1000, startCpuMeter } from "./process-cpu.js";
import { formatCount, startPhase } from "./progress.js";
import type { Receiver } from "./receiver-client.js";
import { runConcurrently } from "./run-concurrently.js";
import { connectApi } from "./service-api.js";
import { startService } from "./service-process.js";
import { perSecond } from "./stats.js";

export interface MemoryResult {
  readonly endpoints: number;
  readonly targetPending: number;
  readonly events: number;
  readonly deliveriesCreated: number;
  /** Counted in the store itself (status = 'pending'). */
  readonly pendingDeliveries: number;
  readonly buildMs: number;
  readonly deliveriesCreatedPerSecond: number;
  /** CPU time (user + system) of the service while the backlog was built, per 1,000 deliveries created. */
  readonly cpuMsPer1000Deliveries: number | null;
  readonly reachedTarget: boolean;
  readonly idleRssMb: number;
  readonly rssMb: number;
  readonly peakRssMb: number;
  readonly databaseMb: number;
}

function fileMb(path: string): number {
  try {
    return Math.round(statSync(path).size / 1024 / 1024);
  } catch {
    return 0;
  }
}

/**
 * Resident memory with a large backlog: `endpoints` endpoints, all pointing at a receiver path that
 * never answers (so their deliveries stay pending while the worker keeps running and claiming), and
 * events published through the API until `targetPending` deliveries exist or the time budget is spent.
 * Reads VmRSS/VmHWM of the service process, and counts pending deliveries in the store file.
 */
export async function measureMemory(input: {
  readonly receiver: Receiver;
  readonly port: number;
  readonly endpoints: number;
  readonly targetPending: number;
  readonly buildBudgetMs: number;
}): Promise<MemoryResult> {
  const progress = startPhase("7 memory with backlog");
  await input.receiver.reset();
  const service = await startService();
  const api = connectApi(service.url, service.apiKey, 8);
  try {
    await runConcurrently(input.endpoints, 8, Date.now() + 60_000, async (k) => {
      await api.createEndpoint(`http://127.0.0.1:${input.port}/hang/mem-${k}`, [BENCH_EVENT_TYPE]);
    });
    const idleRssMb = Math.round(service.memoryKb().rssKb / 1024);
    const eventsNeeded = Math.ceil(input.targetPending / input.endpoints);
    let created = 0;
    let events = 0;
    const startedAt = Date.now();
    const cpu = startCpuMeter([service.pid]);
    const ticker = setInterval(() => {
      const { rssKb } = service.memoryKb();
      progress.update(
        `${formatCount(created)}/${formatCount(input.targetPending)} deliveries pending · ` +
          `${formatCount(perSecond(created, Date.now() - startedAt))}/s · RSS ${Math.round(rssKb / 1024)} MB`,
      );
    }, 500);
    try {
      await runConcurrently(eventsNeeded, 4, startedAt + input.buildBudgetMs, async (index) => {
        const deliveries = await api.publishEvent(index);
        created += deliveries;
        events++;
      });
    } finally {
      clearInterval(ticker);
    }
    const buildMs = Date.now() - startedAt;
    const cpuMs = cpu.stop();
    await delay(2000); // let the worker go round with the backlog in place before reading memory
    const { rssKb, peakRssKb } = service.memoryKb();
    const db = new Database(service.databaseFile, { readonly: true, fileMustExist: true });
    let pending: number;
    try {
      db.pragma("busy_timeout = 5000");
      pending = db
        .prepare("SELECT COUNT(*) FROM deliveries WHERE status = 'pending'")
        .pluck()
        .get() as number;
    } finally {
      db.close();
    }
    const result: MemoryResult = {
      endpoints: input.endpoints,
      targetPending: input.targetPending,
      events,
      deliveriesCreated: created,
      pendingDeliveries: pending,
      buildMs,
      deliveriesCreatedPerSecond: perSecond(created, buildMs),
      cpuMsPer1000Deliveries: cpuMsPer1000(cpuMs, created),
      reachedTarget: pending >= input.targetPending,
      idleRssMb,
      rssMb: Math.round(rssKb / 1024),
      peakRssMb: Math.round(peakRssKb / 1024),
      databaseMb: fileMb(service.databaseFile) + fileMb(`${service.databaseFile}-wal`),
    };
    progress.done(
      `${formatCount(pending)} pending deliveries · RSS ${result.rssMb} MB (peak ${result.peakRssMb} MB, ` +
        `idle ${idleRssMb} MB) · store ${result.databaseMb} MB`,
    );
    return result;
  } finally {
    await api.close();
    await service.stop();
    await input.receiver.reset();
  }
}
