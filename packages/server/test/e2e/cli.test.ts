import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { afterEachTest } from "../support/after-each-test.js";
import { apiClient } from "../support/api-client.js";
import { readDevApiKey, runCli, startServerProcess } from "../support/server-process.js";

const MASTER_KEY = Buffer.alloc(32, 7).toString("base64");

describe("the voicehire-webhooks CLI", () => {
  const teardown = afterEachTest();
  const newDataDir = () => teardown.dir("vh-cli-");

  it("bootstraps an account and a key that authenticates, storing only the key's hash", async () => {
    const dataDir = newDataDir();
    const created = await runCli(["accounts", "create", "--name", "Acme RH", "--data-dir", dataDir]);
    expect(created.code).toBe(0);
    const accountId = created.output.trim();
    expect(accountId).toMatch(/^acc_[0-9A-Z]{26}$/);

    const key = await runCli(["keys", "create", "--account", accountId, "--data-dir", dataDir]);
    expect(key.code).toBe(0);
    const apiKey = key.output.trim();
    expect(apiKey).toMatch(/^vhk_/);
    expect(readFileSync(join(dataDir, "voicehire.sqlite")).includes(Buffer.from(apiKey))).toBe(false);

    const server = await startServerProcess(["--data-dir", dataDir], { VOICEHIRE_MASTER_KEY: MASTER_KEY });
    teardown.kill(server);
    const account = await apiClient(server.url, apiKey).get("/v1/account");
    expect(account.status).toBe(200);
    expect(account.body).toMatchObject({ id: accountId, name: "Acme RH", credits_threshold: 10 });
    expect((await apiClient(server.url, `${apiKey}x`).get("/v1/account")).status).toBe(401);
  });

  it("refuses a key for an account that does not exist", async () => {
    const result = await runCli(["keys", "create", "--account", "acc_missing", "--data-dir", newDataDir()]);
    expect(result.code).toBe(1);
    expect(result.output).toContain("voicehire-webhooks:");
  });

  it("development mode creates the dev account, key and master key once, and says how to use the key", async () => {
    const dataDir = newDataDir();
    const first = await startServerProcess(["--dev", "--data-dir", dataDir]);
    const key = readDevApiKey(dataDir);
    expect(statSync(join(dataDir, "dev-api-key")).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, "master.key")).mode & 0o777).toBe(0o600);
    expect(first.output()).toContain(`export VOICEHIRE_API_KEY=$(cat ${join(dataDir, "dev-api-key")})`);
    expect(first.output()).not.toContain(key); // the key itself is never printed
    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);

    const second = await startServerProcess(["--dev", "--data-dir", dataDir]);
    teardown.kill(second);
    expect(readDevApiKey(dataDir)).toBe(key);
    expect(second.output()).not.toContain("created");
    expect((await apiClient(second.url, key).get("/v1/endpoints")).status).toBe(200);
  });

  it("refuses a second server on the same data folder, naming the running one", async () => {
    const dataDir = newDataDir();
    const first = await startServerProcess(["--dev", "--data-dir", dataDir]);
    teardown.kill(first);
    const second = await runCli(["serve", "--dev", "--port", "0", "--data-dir", dataDir]);
    expect(second.code).toBe(1);
    expect(second.output).toContain(`pid ${first.child.pid}`);
  });

  it("fails at start with a message naming the setting when the configuration is bad", async () => {
    const noKey = await runCli(["serve", "--port", "0", "--data-dir", newDataDir()], {
      VOICEHIRE_MASTER_KEY: "",
    });
    expect(noKey.code).toBe(1);
    expect(noKey.output).toContain("VOICEHIRE_MASTER_KEY");

    const badPort = await runCli(["serve", "--dev", "--port", "99999", "--data-dir", newDataDir()]);
    expect(badPort.code).toBe(1);
    expect(badPort.output).toContain("--port");

    const badDelays = await runCli(["serve", "--dev", "--port", "0", "--data-dir", newDataDir()], {
      VOICEHIRE_RETRY_DELAYS: "1m,soon",
    });
    expect(badDelays.code).toBe(1);
    expect(badDelays.output).toContain("VOICEHIRE_RETRY_DELAYS");
  });

  it("stops cleanly on SIGTERM and on SIGINT", async () => {
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      const server = await startServerProcess(["--dev", "--data-dir", newDataDir()]);
      server.child.kill(signal);
      expect(await server.exited).toBe(0);
      expect(server.output()).toContain(`${signal} received`);
    }
  });
});
