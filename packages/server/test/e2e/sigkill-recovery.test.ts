import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eventCatalog } from "@voicehire/webhooks";
import { afterAll, describe, expect, it } from "vitest";
import { openSqliteStore } from "../../src/store/sqlite/index.js";
import { apiClient } from "../support/api-client.js";
import { answerOk, type RecordingReceiver, startRecordingReceiver } from "../support/recording-receiver.js";
import { readDevApiKey, type ServerProcess, startServerProcess } from "../support/server-process.js";
import { waitFor } from "../support/wait-for.js";

const EVENTS = 1500;
const ANSWERED_BEFORE_KILL = 300;
const ENV = { VOICEHIRE_RETRY_DELAYS: "200ms,400ms,800ms", VOICEHIRE_ATTEMPT_TIMEOUT: "30s" };

function receivedIds(receiver: RecordingReceiver, path: string): Set<string> {
  return new Set(
    receiver.requests.filter((r) => r.path === path).map((r) => String(r.headers["x-voicehire-event-id"])),
  );
}

describe("killing the server with SIGKILL while thousands of deliveries are pending or in flight", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "vh-sigkill-"));
  let server: ServerProcess | undefined;
  let receiver: RecordingReceiver | undefined;

  afterAll(async () => {
    server?.child.kill("SIGKILL");
    await server?.exited;
    await receiver?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("delivers every published event to every subscribed endpoint at least once after a restart", async () => {
    // Before the kill: the first answers are 200, then the receiver holds every request (in flight).
    let answered = 0;
    receiver = await startRecordingReceiver((request, response) => {
      if (answered < ANSWERED_BEFORE_KILL) {
        answered++;
        answerOk(request, response);
      }
    });
    server = await startServerProcess(["--dev", "--data-dir", dataDir], ENV);
    const api = apiClient(server.url, readDevApiKey(dataDir));
    for (const [path, types] of [
      ["/a", ["candidate.added"]],
      ["/b", ["candidate.added", "campaign.created"]],
      ["/c", ["campaign.created"]],
    ] as const) {
      const created = await api.post("/v1/endpoints", { url: `${receiver.url}${path}`, event_types: types });
      expect(created.status).toBe(201);
    }

    const published: string[] = [];
    const sample = eventCatalog["candidate.added"].sample;
    for (let start = 0; start < EVENTS; start += 25) {
      const answers = await Promise.all(
        Array.from({ length: Math.min(25, EVENTS - start) }, (_, i) =>
          api.post("/v1/events", {
            event: "candidate.added",
            data: { ...sample, candidate_id: `cand-${start + i}` },
          }),
        ),
      );
      for (const answer of answers) {
        expect(answer.status).toBe(202);
        published.push(answer.body.id);
      }
    }
    await waitFor(
      "the receiver to hold requests in flight",
      () => answered >= ANSWERED_BEFORE_KILL && receiver!.inFlight() > 0,
    );

    server.child.kill("SIGKILL");
    expect(await server.exited).toBe("SIGKILL");
    const account = (await api.get("/v1/account").catch(() => undefined))?.body;
    expect(account).toBeUndefined(); // the server is really gone

    const storeFile = join(dataDir, "voicehire.sqlite");
    const deadStore = openSqliteStore({ file: storeFile });
    const atKill = await deadStore.countDeliveriesByStatus();
    await deadStore.close();
    expect(atKill.pending).toBeGreaterThan(EVENTS); // thousands left to deliver
    expect(atKill.pending + atKill.succeeded).toBe(2 * EVENTS);

    receiver.setResponder(answerOk);
    server = await startServerProcess(["--dev", "--data-dir", dataDir], ENV);
    await waitFor(
      "every event to reach endpoints a and b",
      () => receivedIds(receiver!, "/a").size === EVENTS && receivedIds(receiver!, "/b").size === EVENTS,
      60_000,
      100,
    );
    expect(receivedIds(receiver, "/a")).toEqual(new Set(published));
    expect(receivedIds(receiver, "/b")).toEqual(new Set(published));
    expect(receivedIds(receiver, "/c").size).toBe(0);

    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    const store = openSqliteStore({ file: storeFile });
    try {
      expect(await store.countDeliveriesByStatus()).toEqual({ pending: 0, succeeded: 2 * EVENTS, failed: 0 });
    } finally {
      await store.close();
    }
  }, 120_000);
});
