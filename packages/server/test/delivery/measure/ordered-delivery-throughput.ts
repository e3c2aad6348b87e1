/**
 * Ordered against unordered delivery, end to end: 1,000 candidates x 10 `candidate.added` events
 * (published by rounds through `POST /v1/events/batch`, 500 a request) to one endpoint, with
 * `ordering: "candidate"` then null then "candidate" again, each on a fresh `serve --dev` (SQLite, or
 * PostgreSQL when DATABASE_URL is set: a schema of its own, left behind). Prints, per run, deliveries per
 * second from the first publish to the last receipt and the service's CPU per 1,000 deliveries. Run by
 * hand after `npm run build`:
 *   npx tsx packages/server/test/delivery/measure/ordered-delivery-throughput.ts
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const CLI = fileURLToPath(new URL("../../../dist/cli/main.js", import.meta.url));
const CANDIDATES = Number(process.env.CANDIDATES ?? 1000);
const EVENTS = 10;
const databaseEnv = (): Record<string, string> =>
  process.env.DATABASE_URL === undefined
    ? {}
    : { DATABASE_URL: process.env.DATABASE_URL, VOICEHIRE_DATABASE_SCHEMA: `vh_measure_${Date.now()}` };

/** User + system CPU of `child` so far, in ms (clock ticks of 10 ms). */
function cpuMs(child: ChildProcess): number {
  const fields = (readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1] ?? "").split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function run(ordering: "candidate" | null): Promise<number> {
  let received = 0;
  let last = 0;
  const receiver = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      received++;
      last = performance.now();
      response.end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const dataDir = mkdtempSync(join(tmpdir(), "vh-measure-"));
  const child = spawn(process.execPath, [CLI, "serve", "--dev", "--port", "0", "--data-dir", dataDir], {
    env: { ...process.env, ...databaseEnv(), VOICEHIRE_LOG_LEVEL: "warn" },
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  while (!/listening on http:\/\/\S+/.test(output)) await new Promise((resolve) => setTimeout(resolve, 50));
  const url = /listening on (http:\/\/[^\s"]+)/.exec(output)?.[1] ?? "";
  const key = readFileSync(join(dataDir, "dev-api-key"), "utf8").trim();
  const post = async (path: string, body: unknown) =>
    (
      await fetch(url + path, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      })
    ).json();
  const port = (receiver.address() as AddressInfo).port;
  await post("/v1/endpoints", {
    url: `http://127.0.0.1:${port}/hook`,
    event_types: ["candidate.added"],
    secret: null,
    ordering,
  });
  const sample = {
    campaign_id: "abc123def456",
    first_name: "Jean",
    last_name: "DUPONT",
    email: "[email protected]",
  };
  const cpuAtStart = cpuMs(child);
  const start = performance.now();
  for (let round = 0; round < EVENTS; round++) {
    for (let from = 0; from < CANDIDATES; from += 500) {
      const events = [];
      for (let c = from; c < Math.min(CANDIDATES, from + 500); c++) {
        events.push({
          event: "candidate.added",
          data: { ...sample, phone: "0612345678", call_queued: true, candidate_id: `cand-${c}` },
        });
      }
      await post("/v1/events/batch", { events });
    }
  }
  const total = CANDIDATES * EVENTS;
  const deadline = Date.now() + 120_000;
  while (received < total && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  const cpu = cpuMs(child) - cpuAtStart;
  child.kill("SIGTERM");
  receiver.close();
  const seconds = (last - start) / 1000;
  const rate = received / seconds;
  console.log(
    JSON.stringify({
      ordering,
      received,
      total,
      seconds: +seconds.toFixed(2),
      deliveriesPerSecond: Math.round(rate),
      serviceCpuMsPer1000: Math.round((cpu / received) * 1000),
    }),
  );
  return rate;
}

const ordered = await run("candidate");
const unordered = await run(null);
const orderedAgain = await run("candidate");
console.log(
  `ordered / unordered: ${(ordered / unordered).toFixed(2)}, ${(orderedAgain / unordered).toFixed(2)}`,
);
