import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { eventCatalog } from "@voicehire/webhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqliteStore } from "../../src/store/sqlite/index.js";
import { apiClient } from "../support/api-client.js";
import { isPythonAvailable } from "../support/python.js";
import { readDevApiKey, type ServerProcess, startServerProcess } from "../support/server-process.js";
import { waitFor } from "../support/wait-for.js";

const RECEIVER_SCRIPT = fileURLToPath(new URL("./doc-python-receiver.py", import.meta.url));
// Non-ASCII on purpose: the document's snippet encodes the secret as UTF-8.
const SECRET = "clé-secrète-partagée-🔑-2024";

interface PythonLine {
  accepted: boolean;
  event_id: string;
  event_header: string;
  event: string;
  body_sha256: string;
}

describe.runIf(isPythonAvailable())("a receiver written from the source document's Python snippet", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "vh-python-"));
  const lines: PythonLine[] = [];
  let python: ChildProcess;
  let pythonUrl = "";
  let server: ServerProcess;

  beforeAll(async () => {
    python = spawn("python3", [RECEIVER_SCRIPT, SECRET], { stdio: ["ignore", "pipe", "inherit"] });
    let buffered = "";
    python.stdout?.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const complete = buffered.split("\n");
      buffered = complete.pop() ?? "";
      for (const line of complete) {
        const parsed = JSON.parse(line);
        if ("port" in parsed) pythonUrl = `http://127.0.0.1:${parsed.port}/webhook/voicehire`;
        else lines.push(parsed);
      }
    });
    await waitFor("the Python receiver to listen", () => pythonUrl);
    server = await startServerProcess(["--dev", "--data-dir", dataDir]);
  });

  afterAll(async () => {
    python?.kill("SIGTERM");
    server?.child.kill("SIGTERM");
    await server?.exited;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("accepts every signed delivery of every event type, and each body is the stored one byte for byte", async () => {
    const api = apiClient(server.url, readDevApiKey(dataDir));
    const allTypes = Object.keys(eventCatalog);
    const endpoint = await api.post("/v1/endpoints", {
      url: pythonUrl,
      event_types: allTypes,
      secret: SECRET,
    });
    expect(endpoint.status).toBe(201);

    const published: string[] = [];
    for (const type of allTypes) {
      if (type === "candidate.interview.completed.extended" || type.startsWith("credits.")) continue;
      const data =
        type === "candidate.interview.completed"
          ? {
              ...eventCatalog[type].sample,
              responses: eventCatalog["candidate.interview.completed.extended"].sample.responses,
            }
          : eventCatalog[type as keyof typeof eventCatalog].sample;
      const answer = await api.post("/v1/events", { event: type, data });
      expect(answer.status, JSON.stringify(answer.body)).toBe(202);
      published.push(answer.body.id, ...answer.body.derived.map((d: { id: string }) => d.id));
    }
    for (const credits_remaining of [15, 5, 0]) {
      const answer = await api.post("/v1/credits/balance", {
        credits_remaining,
        last_campaign_id: "abc123def456",
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      published.push(...answer.body.events.map((e: { id: string }) => e.id));
    }
    expect(published).toHaveLength(allTypes.length);

    await waitFor("every delivery to reach the Python receiver", () => lines.length >= published.length);
    expect(lines.map((l) => l.event).sort()).toEqual([...allTypes].sort());
    for (const line of lines) {
      expect(line, `delivery of ${line.event}`).toMatchObject({ accepted: true, event_header: line.event });
    }
    expect(new Set(lines.map((l) => l.event_id))).toEqual(new Set(published));

    const account = await api.get("/v1/account");
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    const store = openSqliteStore({ file: join(dataDir, "voicehire.sqlite") });
    try {
      for (const line of lines) {
        const stored = await store.getEvent(account.body.id, line.event_id);
        expect(stored, line.event_id).toBeDefined();
        expect(
          createHash("sha256")
            .update(stored?.body ?? new Uint8Array())
            .digest("hex"),
        ).toBe(line.body_sha256);
      }
    } finally {
      await store.close();
    }
  });
});
