import { existsSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { afterEachTest } from "../support/after-each-test.js";
import { runCli, startServerProcess } from "../support/server-process.js";

const MASTER_KEY = Buffer.alloc(32, 7).toString("base64");

/** An operator mistake: exit 1 and exactly one line on stderr, which says what to fix; never a stack. */
function expectOneLineFailure(
  result: { code: number | string; stderr: string },
  says: string | RegExp,
): void {
  const lines = result.stderr.trim().split("\n");
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^voicehire-webhooks: /);
  if (typeof says === "string") expect(lines[0]).toContain(says);
  else expect(lines[0]).toMatch(says);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.code).toBe(1);
}

describe("the CLI turns an operator's mistake into one clear line and exit 1", () => {
  const teardown = afterEachTest();

  it("accounts and keys create a data folder that does not exist yet", async () => {
    const dataDir = join(teardown.dir("vh-mistake-"), "var", "lib", "voicehire-webhooks");
    const account = await runCli(["accounts", "create", "--name", "Acme", "--data-dir", dataDir]);
    expect(account.stderr).toBe("");
    expect(account.code).toBe(0);
    const key = await runCli(["keys", "create", "--account", account.output.trim(), "--data-dir", dataDir]);
    expect(key.code).toBe(0);
    expect(existsSync(join(dataDir, "voicehire.sqlite"))).toBe(true);
  });

  it("accounts create refuses a data folder a running server owns, and writes nothing into it", async () => {
    const dataDir = teardown.dir("vh-mistake-");
    const server = await startServerProcess(["--data-dir", dataDir], { VOICEHIRE_MASTER_KEY: MASTER_KEY });
    teardown.kill(server);
    const refused = await runCli(["accounts", "create", "--name", "Intruder", "--data-dir", dataDir]);
    expectOneLineFailure(refused, `(pid ${server.child.pid}) is using ${dataDir}`);
    // Through the environment too, as the README's commands may be run.
    const viaEnv = await runCli(["accounts", "list"], { VOICEHIRE_DATA_DIR: dataDir });
    expectOneLineFailure(viaEnv, `(pid ${server.child.pid})`);

    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    const listed = await runCli(["accounts", "list", "--data-dir", dataDir]);
    expect(listed.code).toBe(0);
    expect(listed.output).not.toContain("Intruder");
  });

  it("serve on a busy port says so, having created neither the dev account nor its key", async () => {
    const blocker = createServer();
    teardown.later(() => new Promise((resolve) => blocker.close(resolve)));
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const address = blocker.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    const dataDir = teardown.dir("vh-mistake-");
    const result = await runCli(["serve", "--dev", "--port", String(port), "--data-dir", dataDir]);
    expectOneLineFailure(result, `port ${port} on 127.0.0.1 is already in use`);
    expect(existsSync(join(dataDir, "dev-api-key"))).toBe(false);
    const accounts = await runCli(["accounts", "list", "--data-dir", dataDir]);
    expect(accounts.output.trim()).toBe("");
  });

  it("names the flag that is wrong, and the help to read", async () => {
    expectOneLineFailure(await runCli(["serve", "--prot", "80"]), "unknown option '--prot'");
    expectOneLineFailure(
      await runCli(["keys", "create"]),
      "required option '--account <id>' not specified (see voicehire-webhooks keys create --help)",
    );
    expectOneLineFailure(await runCli(["serve", "--dev", "--port", "http"]), "--port");
    expectOneLineFailure(
      await runCli(["deploy"]),
      "unknown command 'deploy' (see voicehire-webhooks --help)",
    );
  });

  it("a missing master key, a worker without a database, a bad allowlist: each names its setting", async () => {
    const dataDir = teardown.dir("vh-mistake-");
    const noKey = await runCli(["serve", "--port", "0", "--data-dir", dataDir], { VOICEHIRE_MASTER_KEY: "" });
    expectOneLineFailure(noKey, "VOICEHIRE_MASTER_KEY");
    const worker = await runCli(["worker"], { DATABASE_URL: "", VOICEHIRE_MASTER_KEY: MASTER_KEY });
    expectOneLineFailure(worker, "--database-url");
    const cidrs = await runCli(["serve", "--dev", "--port", "0", "--data-dir", dataDir], {
      VOICEHIRE_ALLOW_CIDRS: "10.1.2.0/24, 10.9.0.0/33",
    });
    expectOneLineFailure(cidrs, /VOICEHIRE_ALLOW_CIDRS.*10\.9\.0\.0\/33/);
  });

  it("a folder that is missing or cannot be made is named", async () => {
    const missing = join(teardown.dir("vh-mistake-"), "nothing-here");
    expectOneLineFailure(
      await runCli(["migrate-store", "--from", missing, "--to", "postgres://127.0.0.1:1/none"]),
      `no embedded store at ${join(missing, "voicehire.sqlite")}`,
    );
    expect(existsSync(missing)).toBe(false);
    const file = join(teardown.dir("vh-mistake-"), "a-file");
    writeFileSync(file, "not a folder");
    const unmakeable = await runCli(["accounts", "list", "--data-dir", join(file, "data")]);
    expectOneLineFailure(unmakeable, `cannot create the data folder ${join(file, "data")}`);
  });
});
