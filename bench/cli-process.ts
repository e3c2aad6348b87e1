import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { readCpuMs } from "./process-cpu.js";

/**
 * The service's built CLI. `VOICEHIRE_BENCH_CLI` may name another build's `dist/cli/main.js`, to compare
 * two builds of the service on the same machine with the same bench.
 */
export const CLI_PATH =
  process.env.VOICEHIRE_BENCH_CLI ??
  fileURLToPath(new URL("../packages/server/dist/cli/main.js", import.meta.url));
const STOP_GRACE_MS = 15_000;

/** CLI processes still running: killed if the bench itself exits early (an error, Ctrl-C). */
const running = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/** A `voicehire-webhooks` process started by the bench, its stdout and stderr kept as one text. */
export interface CliProcess {
  readonly pid: number;
  /** All it has printed so far. */
  output(): string;
  hasExited(): boolean;
  /** CPU time (user + system) used so far, ms. */
  cpuMs(): number;
  /** Ends it at once (a start that failed). */
  kill(): void;
  /** SIGTERM, and SIGKILL if it has not exited within a grace period. */
  stop(): Promise<void>;
}

/** Starts the CLI with `nodeFlags` for node itself, then `args`; logs at `warn` unless `env` says otherwise. */
export function spawnCli(
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
  nodeFlags: readonly string[] = [],
): CliProcess {
  const child = spawn(process.execPath, [...nodeFlags, CLI_PATH, ...args], {
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
  const pid = child.pid ?? -1;
  return {
    pid,
    output: () => output,
    hasExited: () => exited,
    cpuMs: () => readCpuMs(pid),
    kill: () => child.kill("SIGKILL"),
    async stop() {
      if (exited) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
      await exit;
      clearTimeout(timer);
    },
  };
}
