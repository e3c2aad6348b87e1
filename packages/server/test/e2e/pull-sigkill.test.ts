import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eventCatalog } from "@voicehire/webhooks";
import { afterAll, describe, expect, it } from "vitest";
import { apiClient } from "../support/api-client.js";
import { readDevApiKey, type ServerProcess, startServerProcess } from "../support/server-process.js";

const EVENTS = 600;
const KILL_AFTER_ACCEPTED = 250;

interface Page {
  data: { id: string }[];
  next_cursor: string;
}

function eventsPath(endpointId: string, after: string | undefined, limit: number): string {
  return `/v1/endpoints/${endpointId}/events?limit=${limit}${after === undefined ? "" : `&after=${after}`}`;
}

describe("a pull endpoint across a SIGKILL of the service", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "vh-pull-sigkill-"));
  let server: ServerProcess | undefined;

  afterAll(async () => {
    server?.child.kill("SIGKILL");
    await server?.exited;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("keeps every event answered 202 before the kill; a reader resumes from its stored cursor", async () => {
    server = await startServerProcess(["--dev", "--data-dir", dataDir]);
    const api = apiClient(server.url, readDevApiKey(dataDir));
    const created = await api.post("/v1/endpoints", { kind: "pull", event_types: ["candidate.added"] });
    expect(created.status).toBe(201);
    const endpointId = created.body.id as string;

    const accepted: string[] = [];
    const sample = eventCatalog["candidate.added"].sample;
    const publishing = (async () => {
      for (let start = 0; start < EVENTS; start += 20) {
        const answers = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            api
              .post("/v1/events", {
                event: "candidate.added",
                data: { ...sample, candidate_id: `c-${start + i}` },
              })
              .catch(() => undefined),
          ),
        );
        for (const answer of answers) if (answer?.status === 202) accepted.push(answer.body.id);
        if (answers.some((answer) => answer === undefined)) return; // the service is gone
      }
    })();

    // A reader keeps its cursor after each page, as a customer's job would, until the kill.
    const readBeforeKill: string[] = [];
    let storedCursor: string | undefined;
    while (accepted.length < KILL_AFTER_ACCEPTED) {
      const page = await api.get(eventsPath(endpointId, storedCursor, 50));
      expect(page.status).toBe(200);
      readBeforeKill.push(...(page.body as Page).data.map((e) => e.id));
      storedCursor = (page.body as Page).next_cursor;
    }
    server.child.kill("SIGKILL");
    expect(await server.exited).toBe("SIGKILL");
    await publishing;
    const acceptedBeforeKill = [...accepted];
    expect(acceptedBeforeKill.length).toBeGreaterThanOrEqual(KILL_AFTER_ACCEPTED);

    server = await startServerProcess(["--dev", "--data-dir", dataDir]);
    const after = apiClient(server.url, readDevApiKey(dataDir));
    const readAfter: string[] = [];
    let cursor = storedCursor;
    for (;;) {
      const page = await after.get(eventsPath(endpointId, cursor, 100));
      expect(page.status).toBe(200);
      const { data, next_cursor } = page.body as Page;
      if (data.length === 0) break;
      readAfter.push(...data.map((e) => e.id));
      cursor = next_cursor;
    }
    // Nothing 202'd is lost; the resumed reader reads nothing twice; the order is the publish order.
    const everything = [...readBeforeKill, ...readAfter];
    expect(new Set(everything).size).toBe(everything.length);
    for (const id of acceptedBeforeKill) expect(everything).toContain(id);
    expect([...everything].sort()).toEqual(everything);

    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
  }, 120_000);
});
