import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eventCatalog, pullEvents } from "@voicehire/webhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient } from "../support/api-client.js";
import {
  type CliProcess,
  readDevApiKey,
  type ServerProcess,
  startCliProcess,
  startServerProcess,
  stopProcesses,
} from "../support/server-process.js";
import { waitFor } from "../support/wait-for.js";

/** The SDK's `pullEvents` and `voicehire-webhooks listen --pull` reading a real service on loopback. */
describe("reading a pull endpoint with the SDK and the CLI", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "vh-pull-sdk-"));
  let server: ServerProcess | undefined;
  let listen: CliProcess | undefined;
  let apiKey = "";
  let endpointId = "";
  const published: string[] = [];

  beforeAll(async () => {
    server = await startServerProcess(["--dev", "--data-dir", dataDir]);
    apiKey = readDevApiKey(dataDir);
    const api = apiClient(server.url, apiKey);
    const created = await api.post("/v1/endpoints", { kind: "pull", event_types: ["candidate.added"] });
    endpointId = created.body.id;
    for (let i = 0; i < 5; i++) {
      const data = { ...eventCatalog["candidate.added"].sample, candidate_id: `c-${i}` };
      published.push((await api.post("/v1/events", { event: "candidate.added", data })).body.id);
    }
  });
  afterAll(async () => {
    await stopProcesses([listen, server]);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("iterates in publish order and resumes from a stored cursor with what follows it", async () => {
    const options = { baseUrl: server?.url ?? "", apiKey, endpointId, pageSize: 2 };
    const read: string[] = [];
    let stored = "";
    for await (const { event, cursor } of pullEvents(options)) {
      read.push(event.id);
      expect(event.event).toBe("candidate.added");
      if (read.length === 4) {
        stored = cursor; // the last of the second page: the exact cursor after it
        break;
      }
    }
    expect(read).toEqual(published.slice(0, 4));
    const rest: string[] = [];
    for await (const { event } of pullEvents({ ...options, cursor: stored })) rest.push(event.id);
    expect(rest).toEqual(published.slice(4));
    // A reader that stops mid-page (after the first event of the second page) resumes right after the
    // last event it processed: each event carries its own cursor, none of the processed ones comes back.
    const fromMiddle: string[] = [];
    for await (const { event, cursor } of pullEvents(options)) {
      fromMiddle.push(event.id);
      stored = cursor;
      if (fromMiddle.length === 3) break;
    }
    const again: string[] = [];
    for await (const { event } of pullEvents({ ...options, cursor: stored })) again.push(event.id);
    expect(again).toEqual(published.slice(3));
  });

  it("listen --pull prints each event with the cursor to go on after it", async () => {
    listen = await startCliProcess(
      ["listen", "--pull", endpointId, "--url", server?.url ?? "", "--api-key", apiKey],
      {},
      {
        printed: /(reading pull endpoint)/,
        waitingFor: "listen --pull to start",
        endedBefore: "listen --pull exited",
      },
    );
    await waitFor("every event printed", () => published.every((id) => listen?.output().includes(id)));
    const output = listen.output();
    expect(published.map((id) => output.indexOf(id))).toEqual(
      [...published.map((id) => output.indexOf(id))].sort((a, b) => a - b),
    );
    expect(output).toMatch(/candidate\.added evt_\S+ \(resume with --after pc_\w+\)/);
    listen.child.kill("SIGTERM");
    expect(await listen.exited).toBe(0);
  });
});
