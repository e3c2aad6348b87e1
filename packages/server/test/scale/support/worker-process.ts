import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { CLI_PATH } from "../../support/server-process.js";
import { waitFor } from "../../support/wait-for.js";

export interface WorkerProcess {
  /** The id under which this process leases deliveries (printed at start). */
  readonly workerId: string;
  readonly child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  readonly exited: Promise<number | string>;
}

/** Starts `voicehire-webhooks worker ...args` and waits until it prints its worker id. */
export async function startWorkerProcess(
  args: readonly string[],
  env: Record<string, string>,
): Promise<WorkerProcess> {
  if (!existsSync(CLI_PATH)) throw new Error(`no built CLI at ${CLI_PATH}: run \`npm run build\` first`);
  const child = spawn(process.execPath, [CLI_PATH, "worker", ...args], {
    env: { ...process.env, VOICEHIRE_LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.on("exit", (code, signal) => resolve(code ?? signal ?? -1)),
  );
  let ended = false;
  void exited.then(() => (ended = true));
  const workerId = await waitFor("the worker to print its id", () => {
    if (ended) throw new Error(`the worker exited before delivering:\n${output}`);
    return /delivering \(worker ([^)\s]+)\)/.exec(output)?.[1];
  });
  return { workerId, child, output: () => output, exited };
}
