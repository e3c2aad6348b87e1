import type { Command } from "commander";
import { systemClock } from "../domain/clock.js";
import { createApiKey, revokeApiKey } from "../services/api-keys.js";
import { reportFailure, type StoreOptions, storeOptions, withStore } from "./with-store.js";

type KeyOptions = StoreOptions & { account: string };

export function registerKeyCommands(program: Command): void {
  const keys = program.command("keys").description("manage API keys (create, list, revoke)");
  storeOptions(
    keys
      .command("create")
      .description("create an API key for an account and print it (shown once: it is stored hashed)")
      .requiredOption("--account <id>", "the account the key belongs to")
      .option("--name <name>", "a label shown in key listings", "cli")
      .option("--admin", "an admin key: may publish for any account and create accounts"),
  ).action(async (options: KeyOptions & { name: string; admin?: boolean }) => {
    await withStore(options, async (store) => {
      const outcome = await createApiKey(
        { store, clock: systemClock },
        { accountId: options.account, kind: options.admin ? "admin" : "account", name: options.name },
      );
      if (outcome.kind !== "created") return reportFailure(outcome);
      console.log(outcome.key);
    });
  });

  storeOptions(
    keys
      .command("list")
      .description("list an account's keys: id, prefix, kind, name, created, revoked (never the key)")
      .requiredOption("--account <id>", "the account whose keys to list"),
  ).action(async (options: KeyOptions) => {
    await withStore(options, async (store) => {
      if ((await store.getAccount(options.account)) === undefined) {
        return reportFailure({ kind: `no account ${options.account}` });
      }
      for (const key of await store.listApiKeys(options.account)) {
        const revoked =
          key.revokedAt === null ? "active" : `revoked=${new Date(key.revokedAt).toISOString()}`;
        const created = new Date(key.createdAt).toISOString();
        console.log(`${key.id}\t${key.prefix}…\t${key.kind}\t${key.name}\tcreated=${created}\t${revoked}`);
      }
    });
  });

  storeOptions(
    keys
      .command("revoke")
      .description("revoke an API key: requests with it answer 401 from now on")
      .argument("<key-id>", "the key's id (key_…), as `keys list` shows it")
      .requiredOption("--account <id>", "the account the key belongs to"),
  ).action(async (keyId: string, options: KeyOptions) => {
    await withStore(options, async (store) => {
      const outcome = await revokeApiKey({ store, clock: systemClock }, options.account, keyId);
      if (outcome.kind !== "revoked") return reportFailure({ kind: `no key ${keyId} in ${options.account}` });
      console.log(`revoked ${keyId}`);
    });
  });
}
