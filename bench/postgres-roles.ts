import { type ChildProcess, spawn } from "node:child_process";
import pg from "pg";
import { readCpuMs } from "./process-cpu.js";
import { CLI_PATH } from "./service-process.js";
import { waitUntil } from "./wait-until.js";

const START_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 15_000;

export function databaseUrl(): string {
  return process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
}

export async function withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl(), connectionTimeoutMillis: 3_000 });
  client.on("error", () => {});
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Processes still running: killed if the bench exits early. */
const running = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/** A `voicehire-webhooks` process of the PostgreSQL phases (`serve --no-workers`, `worker`, `serve`). */
export interface RoleProcess {
  readonly pid: number;
  readonly output: () => string;
  /** CPU time (user + system) used so far, ms. */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** Starts `voicehire-webhooks <args>` and waits until its output matches `ready`. */
export async function startRole(
  args: readonly string[],
  env: Record<string, string>,
  ready: RegExp,
): Promise<RoleProcess & { match: RegExpExecArray }> {
  const child = spawn(process.execPath, [CLI_PATH, ...args], {
    env: { ...process.env, VOICEHIRE_LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once("exit", () => {
      exited = true;
      running.delete(child);
      resolve();
    }),
  );
  const matched = () => ready.exec(output);
  await waitUntil(() => matched() !== null || exited, {
    timeoutMs: START_TIMEOUT_MS,
    intervalMs: 20,
  });
  const match = matched();
  if (match === null) {
    child.kill("SIGKILL");
    throw new Error(`bench: voicehire-webhooks ${args[0]} did not start:\n${output}`);
  }
  const pid = child.pid ?? -1;
  return {
    match,
    pid,
    output: () => output,
    cpuMs: () => readCpuMs(pid),
    async stop() {
      if (exited) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
      await exit;
      clearTimeout(timer);
    },
  };
}
