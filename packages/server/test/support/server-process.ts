import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { waitFor } from "./wait-for.js";

export const CLI_PATH = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));

export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  readonly exited: Promise<number | string>;
}

/** Runs the built CLI with `args` and collects its output; for commands that end by themselves. */
export async function runCli(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<{ code: number | string; output: string }> {
  assertBuilt();
  const child = spawn(process.execPath, [CLI_PATH, ...args], { env: { ...process.env, ...env } });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | string>((resolve) =>
    child.on("exit", (exitCode, signal) => resolve(exitCode ?? signal ?? -1)),
  );
  return { code, output };
}

function assertBuilt(): void {
  if (!existsSync(CLI_PATH)) throw new Error(`no built CLI at ${CLI_PATH}: run \`npm run build\` first`);
}

/** Starts `voicehire-webhooks serve --port 0 ...` and waits until it prints the address it listens on. */
export async function startServerProcess(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  assertBuilt();
  const child = spawn(process.execPath, [CLI_PATH, "serve", "--port", "0", ...args], {
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
  const url = await waitFor("the server to print its address", () => {
    if (ended) throw new Error(`the server exited before listening:\n${output}`);
    return /listening on (http:\/\/[^\s]+)/.exec(output)?.[1];
  });
  return { url, child, output: () => output, exited };
}

/** The development API key that `serve --dev` saved in its data folder. */
export function readDevApiKey(dataDir: string): string {
  return readFileSync(join(dataDir, "dev-api-key"), "utf8").trim();
}
