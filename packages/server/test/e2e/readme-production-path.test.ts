import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { apiClient } from "../support/api-client.js";
import { collectOutput, listeningAddress } from "../support/server-process.js";

const repo = fileURLToPath(new URL("../../../../", import.meta.url));
const README_DATA_DIR = "/var/lib/voicehire-webhooks";

/** The shell block of the README's "Running it for real" section, line by line, as written. */
function productionCommands(): string[] {
  const readme = readFileSync(join(repo, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Running it for real"));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  if (block === undefined) throw new Error('README.md has no sh block under "## Running it for real"');
  return block.split("\n").filter((line) => line.trim() !== "");
}

/** A fresh machine's environment: none of the service's settings. */
function freshEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("VOICEHIRE_") && name !== "DATABASE_URL"),
  );
}

describe('the README\'s "Running it for real" commands', () => {
  let shell: ChildProcess | undefined;
  const dirs: string[] = [];

  afterEach(async () => {
    if (shell?.exitCode === null) {
      const exited = new Promise((resolve) => shell?.once("exit", resolve));
      shell.kill("SIGTERM");
      await exited;
    }
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("work as written and give a key that answers 200", async () => {
    const commands = productionCommands();
    const serve = commands.at(-1) ?? "";
    expect(serve).toMatch(/ serve /);
    expect(commands.join("\n")).toContain(README_DATA_DIR);
    // The only changes: a temporary folder for the machine's (which does not exist yet: created by the
    // commands), any free port for 8787, and the key echoed for this test before `serve` takes over.
    const dataDir = join(mkdtempSync(join(tmpdir(), "vh-readme-")), "var", "lib", "voicehire-webhooks");
    dirs.push(join(dataDir, "..", "..", ".."));
    const script = [
      "set -euo pipefail",
      ...commands.slice(0, -1),
      'echo "key-for-test: $VOICEHIRE_API_KEY"',
      `exec ${serve.replace("--port 8787", "--port 0")}`,
    ]
      .join("\n")
      .replaceAll(README_DATA_DIR, dataDir);
    const started = spawn("bash", ["-c", script], {
      cwd: repo,
      env: freshEnvironment(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    shell = started;
    const output = collectOutput(started);
    const url = await listeningAddress(started, output, {
      waitingFor: "the README's server to listen",
      endedBefore: "the README's commands stopped",
    });
    const key = /key-for-test: (\S+)/.exec(output())?.[1] ?? "";
    expect(key).toMatch(/^vhk_/);
    const account = await apiClient(url, key).get("/v1/account");
    expect(account.status).toBe(200);
    expect(account.body).toMatchObject({ name: "Acme RH" });
  }, 60_000);
});
