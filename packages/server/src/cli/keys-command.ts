import type { Command } from "commander";
import { systemClock } from "../domain/clock.js";
import { createApiKey } from "../services/api-keys.js";
import { reportFailure, type StoreOptions, storeOptions, withStore } from "./with-store.js";

export function registerKeyCommands(program: Command): void {
  const keys = program.command("keys").description("manage API keys");
  storeOptions(
    keys
      .command("create")
      .description("create an API key for an account and print it (shown once: it is stored hashed)")
      .requiredOption("--account <id>", "the account the key belongs to")
      .option("--name <name>", "a label shown in key listings", "cli")
      .option("--admin", "an admin key: may publish for any account and create accounts"),
  ).action(async (options: StoreOptions & { account: string; name: string; admin?: boolean }) => {
    await withStore(options, async (store) => {
      const outcome = await createApiKey(
        { store, clock: systemClock },
        { accountId: options.account, kind: options.admin ? "admin" : "account", name: options.name },
      );
      if (outcome.kind !== "created") return reportFailure(outcome);
      console.log(outcome.key);
    });
  });
}
