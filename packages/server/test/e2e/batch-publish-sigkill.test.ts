import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eventCatalog } from "@voicehire/webhooks";
import { afterAll, describe, expect, it } from "vitest";
import { apiClient } from "../support/api-client.js";
import { dropSchema, freshSchemaName, postgresTestUrl, requirePostgres } from "../support/postgres.js";
import { readDevApiKey, type ServerProcess, startServerProcess } from "../support/server-process.js";

/**
 * A batch is durable before its answer, and never half-written: the service is killed with SIGKILL the
 * moment the first batch is answered, while the others are still in flight. After a restart, every
 * item of an answered batch is there (sending the batch again answers each item's first event), and
 * each unanswered batch is there whole or not at all.
 */
const BATCHES = 6;
const ITEMS = 200;

const postgres = await requirePostgres("packages/server/test/e2e/batch-publish-sigkill.test.ts");
const stores = [
  { name: "sqlite", env: (): Record<string, string> => ({}) },
  ...(postgres.run
    ? [
        {
          name: "postgres",
          env: (schema: string) => ({ DATABASE_URL: postgresTestUrl(), VOICEHIRE_DATABASE_SCHEMA: schema }),
        },
      ]
    : []),
];

function batchOf(index: number) {
  const sample = eventCatalog["candidate.added"].sample;
  return {
    events: Array.from({ length: ITEMS }, (_, i) => ({
      event: "candidate.added",
      data: { ...sample, candidate_id: `cand-${index}-${i}` },
      idempotency_key: `batch-${index}-item-${i}`,
    })),
  };
}

describe.each(stores)("SIGKILL right after a batch's answer, on $name", (store) => {
  const dataDir = mkdtempSync(join(tmpdir(), "vh-batch-kill-"));
  const schema = freshSchemaName();
  const env = store.env(schema);
  let server: ServerProcess | undefined;

  afterAll(async () => {
    server?.child.kill("SIGKILL");
    await server?.exited;
    if (store.name === "postgres") await dropSchema(schema).catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("finds every answered item after a restart, and no batch half-written", async () => {
    server = await startServerProcess(["--dev", "--no-workers", "--data-dir", dataDir], env);
    const api = apiClient(server.url, readDevApiKey(dataDir));
    const endpoint = await api.post("/v1/endpoints", {
      url: "http://127.0.0.1:9/hook",
      event_types: ["candidate.added"],
    });
    expect(endpoint.status).toBe(201);

    const killed = server;
    const answered = new Map<number, string[]>();
    const sent = Array.from({ length: BATCHES }, (_, index) =>
      api.post("/v1/events/batch", batchOf(index)).then(
        (answer) => {
          if (answer.status === 200 && answered.size === 0) {
            killed.child.kill("SIGKILL"); // before anything else can happen in this process
            answered.set(
              index,
              answer.body.results.map((r: { status: number; id: string }) => {
                expect(r.status).toBe(202);
                return r.id;
              }),
            );
          }
        },
        () => undefined, // cut off by the kill: not acknowledged, so it may or may not be stored
      ),
    );
    await Promise.all(sent);
    expect(await killed.exited).toBe("SIGKILL");
    expect(answered.size).toBe(1);

    server = await startServerProcess(["--dev", "--no-workers", "--data-dir", dataDir], env);
    const again = apiClient(server.url, readDevApiKey(dataDir));
    let storedBatches = 0;
    for (let index = 0; index < BATCHES; index++) {
      const answer = await again.post("/v1/events/batch", batchOf(index));
      expect(answer.status).toBe(200);
      const results: { status: number; id: string; duplicate: boolean }[] = answer.body.results;
      const duplicates = results.filter((r) => r.duplicate).length;
      // Whole or nothing: either every item was stored before the kill, or none was.
      expect([0, ITEMS], `batch ${index}`).toContain(duplicates);
      if (duplicates === ITEMS) storedBatches++;
      const ids = answered.get(index);
      if (ids !== undefined) {
        expect(results.map((r) => r.id)).toEqual(ids);
        expect(results.every((r) => r.status === 200)).toBe(true);
      }
    }
    expect(storedBatches).toBeGreaterThanOrEqual(1);
    for (const ids of answered.values()) {
      const event = await again.get(`/v1/events/${ids[ITEMS - 1]}`);
      expect(event.status).toBe(200);
      expect(event.body.deliveries).toHaveLength(1); // its delivery was committed with it
    }
  }, 90_000);
});
