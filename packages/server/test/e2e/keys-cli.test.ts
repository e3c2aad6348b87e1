import { describe, expect, it } from "vitest";
import { afterEachTest } from "../support/after-each-test.js";
import { apiClient } from "../support/api-client.js";
import { runCli, startServerProcess } from "../support/server-process.js";

const MASTER_KEY = Buffer.alloc(32, 7).toString("base64");

describe("keys list and keys revoke", () => {
  const teardown = afterEachTest();

  it("lists an account's keys by id and prefix (never the key), and a revoked key answers 401", async () => {
    const dataDir = teardown.dir("vh-keys-");
    const cli = (...args: string[]) => runCli([...args, "--data-dir", dataDir]);
    const accountId = (await cli("accounts", "create", "--name", "Acme RH")).output.trim();
    const kept = (await cli("keys", "create", "--account", accountId, "--name", "crm")).output.trim();
    const doomed = (await cli("keys", "create", "--account", accountId, "--name", "old-ci")).output.trim();

    const listed = await cli("keys", "list", "--account", accountId);
    expect(listed.code).toBe(0);
    const rows = listed.output
      .trim()
      .split("\n")
      .map((line) => line.split("\t"));
    expect(rows.map((row) => row[3])).toEqual(["crm", "old-ci"]);
    expect(rows.every((row) => row[5] === "active")).toBe(true);
    expect(rows[1]?.[1]).toBe(`${doomed.slice(0, 12)}…`);
    expect(listed.output).not.toContain(kept);
    expect(listed.output).not.toContain(doomed);
    const doomedId = rows[1]?.[0] ?? "";
    expect(doomedId).toMatch(/^key_/);

    const revoked = await cli("keys", "revoke", doomedId, "--account", accountId);
    expect(revoked.code).toBe(0);
    expect(revoked.output.trim()).toBe(`revoked ${doomedId}`);
    const after = (await cli("keys", "list", "--account", accountId)).output.trim().split("\n");
    expect(after[1]).toMatch(/\trevoked=\d{4}-\d\d-\d\dT/);
    const again = await cli("keys", "revoke", "key_unknown", "--account", accountId);
    expect(again.code).toBe(1);
    expect(again.stderr.trim()).toBe(`voicehire-webhooks: no key key_unknown in ${accountId}`);
    const nobody = await cli("keys", "list", "--account", "acc_missing");
    expect(nobody.code).toBe(1);
    expect(nobody.stderr.trim()).toBe("voicehire-webhooks: no account acc_missing");

    const server = await startServerProcess(["--data-dir", dataDir], { VOICEHIRE_MASTER_KEY: MASTER_KEY });
    teardown.kill(server);
    expect((await apiClient(server.url, kept).get("/v1/account")).status).toBe(200);
    expect((await apiClient(server.url, doomed).get("/v1/account")).status).toBe(401);
  });
});
