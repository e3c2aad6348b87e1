import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLI_PATH, spawnCli } from "./cli-process.js";
import { waitUntil } from "./wait-until.js";

const START_TIMEOUT_MS = 30_000;

export interface ServiceOptions {
  /** Extra environment (VOICEHIRE_RETRY_DELAYS, VOICEHIRE_ATTEMPT_TIMEOUT, ...). */
  readonly env?: Readonly<Record<string, string>>;
  /** Write a V8 CPU profile of the service into this folder when it stops (`node --cpu-prof`). */
  readonly cpuProfileDir?: string;
  /** An existing data folder (e.g. a pre-filled store) instead of a fresh one. */
  readonly dataDir?: string;
  /** More `serve` arguments (`--no-workers`). */
  readonly args?: readonly string[];
  /** How long to wait for "listening on" (default 30 s): a large store can take longer to open. */
  readonly startTimeoutMs?: number;
}

/** A `voicehire-webhooks serve --dev` process on its own fresh data folder. */
export interface ServiceProcess {
  readonly url: string;
  readonly pid: number;
  /** From the spawn to "listening on". */
  readonly startMs: number;
  readonly apiKey: string;
  readonly dataDir: string;
  /** The SQLite file of the embedded store. */
  readonly databaseFile: string;
  /** Resident memory now and its peak, in kB, from /proc/<pid>/status (VmRSS, VmHWM). */
  memoryKb(): { rssKb: number; peakRssKb: number };
  /** CPU time (user + system) the process has used so far, in ms (see process-cpu.ts). */
  cpuMs(): number;
  /** SIGTERM, then SIGKILL after a grace period; removes the data folder unless `keepData`. */
  stop(options?: { readonly keepData?: boolean }): Promise<void>;
  /** Everything the process printed. */
  output(): string;
  /** The service's warning and error log lines, counted by message (what went wrong during a phase). */
  logSummary(): Record<string, number>;
}

/** Counts the JSON log lines of `output` at warn level or above (pino: level >= 40) by message. */
export function summarizeLogLines(output: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of output.split("\n")) {
    if (!line.startsWith("{")) continue;
    try {
      const entry = JSON.parse(line) as { level?: unknown; msg?: unknown };
      if (typeof entry.level === "number" && entry.level >= 40 && typeof entry.msg === "string") {
        counts[entry.msg] = (counts[entry.msg] ?? 0) + 1;
      }
    } catch {
      // not a log line
    }
  }
  return counts;
}

export function readMemoryKb(pid: number): { rssKb: number; peakRssKb: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const field = (name: string) =>
    Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN);
  return { rssKb: field("VmRSS"), peakRssKb: field("VmHWM") };
}

export async function startService(options: ServiceOptions = {}): Promise<ServiceProcess> {
  if (!existsSync(CLI_PATH)) throw new Error(`bench: no built service at ${CLI_PATH}: run \`npm run build\``);
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "voicehire-bench-"));
  // VOICEHIRE_BENCH_CPU_PROF_DIR profiles every service the bench starts (to see any phase's hot spots).
  const profileDir = options.cpuProfileDir ?? process.env.VOICEHIRE_BENCH_CPU_PROF_DIR;
  const nodeFlags = profileDir === undefined ? [] : ["--cpu-prof", "--cpu-prof-dir", profileDir];
  const spawnedAt = Date.now();
  const cli = spawnCli(
    ["serve", "--dev", "--port", "0", "--data-dir", dataDir, ...(options.args ?? [])],
    options.env,
    nodeFlags,
  );
  let url: string | undefined;
  const listening = await waitUntil(
    () => {
      url = /listening on (http:\/\/\S+)/.exec(cli.output())?.[1];
      return url !== undefined || cli.hasExited();
    },
    { timeoutMs: options.startTimeoutMs ?? START_TIMEOUT_MS, intervalMs: 20 },
  );
  const startMs = Date.now() - spawnedAt;
  if (!listening || url === undefined) {
    cli.kill();
    rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`bench: the service did not start within ${startMs} ms:\n${cli.output()}`);
  }
  const apiKey = readFileSync(join(dataDir, "dev-api-key"), "utf8").trim();
  return {
    url,
    pid: cli.pid,
    startMs,
    apiKey,
    dataDir,
    databaseFile: join(dataDir, "voicehire.sqlite"),
    memoryKb: () => readMemoryKb(cli.pid),
    cpuMs: cli.cpuMs,
    output: cli.output,
    logSummary: () => summarizeLogLines(cli.output()),
    async stop(stopOptions = {}) {
      await cli.stop();
      if (stopOptions.keepData !== true) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
