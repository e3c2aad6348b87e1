import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eventCatalog } from "@voicehire/webhooks";
import { afterAll, describe, expect, it } from "vitest";
import { openSqliteStore } from "../../src/store/sqlite/index.js";
import { apiClient } from "../support/api-client.js";
import { type RecordingReceiver, startRecordingReceiver } from "../support/recording-receiver.js";
import { readDevApiKey, type ServerProcess, startServerProcess } from "../support/server-process.js";
import { waitFor } from "../support/wait-for.js";
import { readWalIndex } from "../support/wal-index.js";

const PUBLISHERS = 25;
/** Publishing goes on until the thread has checkpointed and the WAL was written from its start this often. */
const WAL_RESETS_BEFORE_KILL = 3;
const ENV = { VOICEHIRE_RETRY_DELAYS: "200ms,400ms,800ms" };

function receivedIds(receiver: RecordingReceiver): Set<string> {
  return new Set(receiver.requests.map((r) => String(r.headers["x-voicehire-event-id"])));
}

/**
 * The built service checkpoints its WAL on a thread: killed with SIGKILL while it publishes (and the
 * thread copies the WAL into the file), it loses nothing it answered 202 for.
 */
describe("SIGKILL while the WAL checkpoint thread works under a publishing load", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "vh-wal-kill-"));
  const storeFile = join(dataDir, "voicehire.sqlite");
  let server: ServerProcess | undefined;
  let receiver: RecordingReceiver | undefined;

  afterAll(async () => {
    server?.child.kill("SIGKILL");
    await server?.exited;
    await receiver?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("delivers every event answered 202 after a restart", async () => {
    const receiving = await startRecordingReceiver();
    receiver = receiving;
    server = await startServerProcess(["--dev", "--data-dir", dataDir], ENV);
    const api = apiClient(server.url, readDevApiKey(dataDir));
    const endpoint = await api.post("/v1/endpoints", {
      url: `${receiving.url}/hook`,
      event_types: ["candidate.added"],
    });
    expect(endpoint.status).toBe(201);

    // Publishers that keep one publish each in flight until the kill; a call cut off by it was never promised.
    const sample = eventCatalog["candidate.added"].sample;
    const accepted: string[] = [];
    const refused: number[] = [];
    let published = 0;
    let cutOff = 0;
    let killing = false;
    const publisher = async () => {
      while (!killing) {
        const data = { ...sample, candidate_id: `c-${published++}` };
        const answer = await api
          .post("/v1/events", { event: "candidate.added", data })
          .catch(() => undefined);
        if (answer === undefined) cutOff++;
        else if (answer.status === 202) accepted.push(answer.body.id);
        else refused.push(answer.status);
      }
    };
    const publishers = Array.from({ length: PUBLISHERS }, publisher);

    // The thread's work, seen from the WAL index: frames copied into the file, then the WAL starting over
    // (which only follows a checkpoint that copied all of it; the commits' own start at 10,000 pages).
    let resets = 0;
    let lastFrames = 0;
    let backfilled = false;
    await waitFor(
      "the thread to checkpoint and the WAL to start over",
      () => {
        const wal = readWalIndex(storeFile);
        if (wal !== null && wal.walFrames < lastFrames) resets++;
        if (wal !== null && wal.backfilledFrames > 0) backfilled = true;
        lastFrames = wal?.walFrames ?? 0;
        return backfilled && resets >= WAL_RESETS_BEFORE_KILL;
      },
      60_000,
      5,
    );
    // The poll above runs when this process gets round to it: by then the service may have answered
    // every publish in flight, its answers unread here. Reading them first makes each publisher send
    // its next, so that the kill finds the service with publishes under way.
    for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
    const killed = server;
    killing = true;
    killed.child.kill("SIGKILL");
    await Promise.all(publishers);
    expect(await killed.exited).toBe("SIGKILL");
    expect(refused).toEqual([]);
    expect(cutOff).toBeGreaterThan(0); // killed with publishes in flight
    expect(killed.output()).not.toMatch(/checkpoint thread stopped/);

    server = await startServerProcess(["--dev", "--data-dir", dataDir], ENV);
    // Publishes cut off by the kill may have committed too: the service delivers them as well, so
    // the wait is for nothing left pending, read beside the running service (WAL lets it).
    const store = openSqliteStore({ file: storeFile });
    try {
      await waitFor(
        "every accepted event to reach the receiver and nothing to be left pending",
        async () => {
          // One set per poll: rebuilt per id, it would block this process (the receiver) for seconds.
          const received = receivedIds(receiving);
          return (
            accepted.every((id) => received.has(id)) && (await store.countDeliveriesByStatus()).pending === 0
          );
        },
        60_000,
        100,
      );
      const counts = await store.countDeliveriesByStatus();
      expect(counts.succeeded).toBeGreaterThanOrEqual(accepted.length);
      expect(counts.succeeded).toBe(receivedIds(receiving).size);
    } finally {
      await store.close();
    }
    expect(server.output()).not.toMatch(/checkpoint thread stopped/);

    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
  }, 120_000);
});
