import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { waitFor } from "./wait-for.js";

export const CLI_PATH = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));

/** A long-running process of the built CLI, with everything it printed collected. */
export interface CliProcess {
  readonly child: ChildProcess;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  readonly exited: Promise<number | string>;
}

export interface ServerProcess extends CliProcess {
  readonly url: string;
}

/** Runs the built CLI with `args` and collects its output; for commands that end by themselves. */
export async function runCli(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<{ code: number | string; output: string; stderr: string }> {
  assertBuilt();
  const child = spawn(process.execPath, [CLI_PATH, ...args], { env: { ...process.env, ...env } });
  let output = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    stderr += chunk.toString();
  });
  const code = await new Promise<number | string>((resolve) =>
    child.on("close", (exitCode, signal) => resolve(exitCode ?? signal ?? -1)),
  );
  return { code, output, stderr };
}

function assertBuilt(): void {
  if (!existsSync(CLI_PATH)) throw new Error(`no built CLI at ${CLI_PATH}: run \`npm run build\` first`);
}

/** How `startCliProcess` knows the process is ready, and what it says while waiting or if it ends first. */
export interface CliReadiness {
  /** Its first group is what `startCliProcess` answers (an address, a worker id). */
  readonly printed: RegExp;
  /** For `waitFor`, e.g. "the server to print its address". */
  readonly waitingFor: string;
  /** The error when the process ends before printing it, e.g. "the server exited before listening". */
  readonly endedBefore: string;
}

/**
 * Runs the built CLI with `args` (environment: this process's, overridden by `env`), collects its stdout
 * and stderr, and waits until its output matches `readiness.printed`.
 */
export async function startCliProcess(
  args: readonly string[],
  env: Record<string, string>,
  readiness: CliReadiness,
): Promise<CliProcess & { readonly printed: string }> {
  assertBuilt();
  const child = spawn(process.execPath, [CLI_PATH, ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = collectOutput(child);
  const exited = new Promise<number | string>((resolve) =>
    child.on("exit", (code, signal) => resolve(code ?? signal ?? -1)),
  );
  let ended = false;
  void exited.then(() => (ended = true));
  const printed = await waitFor(readiness.waitingFor, () => {
    if (ended) throw new Error(`${readiness.endedBefore}:\n${output()}`);
    return readiness.printed.exec(output())?.[1];
  });
  return { printed, child, output, exited };
}

/** Collects everything `child` prints (stdout and stderr); answers what it printed so far. */
export function collectOutput(child: ChildProcess): () => string {
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return () => output;
}

/**
 * Waits until `child` prints the address it listens on, and answers it; if it exits first, fails with
 * `endedBefore` and what it printed.
 */
export function listeningAddress(
  child: ChildProcess,
  output: () => string,
  readiness: Omit<CliReadiness, "printed">,
): Promise<string> {
  return waitFor(readiness.waitingFor, () => {
    if (child.exitCode !== null) throw new Error(`${readiness.endedBefore}:\n${output()}`);
    return /listening on (http:\/\/[^\s"]+)/.exec(output())?.[1];
  });
}

/** Starts `voicehire-webhooks serve --port 0 ...` and waits until it prints the address it listens on. */
export async function startServerProcess(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const { printed, ...started } = await startCliProcess(
    ["serve", "--port", "0", ...args],
    { VOICEHIRE_LOG_LEVEL: "warn", ...env },
    {
      printed: /listening on (http:\/\/[^\s"]+)/,
      waitingFor: "the server to print its address",
      endedBefore: "the server exited before listening",
    },
  );
  return { url: printed, ...started };
}

/** The development API key that `serve --dev` saved in its data folder. */
export function readDevApiKey(dataDir: string): string {
  return readFileSync(join(dataDir, "dev-api-key"), "utf8").trim();
}

/** Stops each process still running with SIGTERM, then SIGKILL if it has not ended 15 s later. */
export async function stopProcesses(processes: readonly (CliProcess | undefined)[]): Promise<void> {
  for (const started of processes) {
    if (started === undefined || started.child.exitCode !== null || started.child.signalCode !== null)
      continue;
    started.child.kill("SIGTERM");
    const timer = setTimeout(() => started.child.kill("SIGKILL"), 15_000);
    await started.exited;
    clearTimeout(timer);
  }
}
