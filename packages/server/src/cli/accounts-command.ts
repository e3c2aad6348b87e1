import type { Command } from "commander";
import { systemClock } from "../domain/clock.js";
import { createAccount } from "../services/accounts.js";
import { reportFailure, type StoreOptions, storeOptions, withStore } from "./with-store.js";

export function registerAccountCommands(program: Command): void {
  const accounts = program.command("accounts").description("manage accounts");
  storeOptions(
    accounts
      .command("create")
      .description("create an account and print its id")
      .requiredOption("--name <name>", "the account's name")
      .option("--credits-threshold <n>", "credits.low fires below this balance (default 10)"),
  ).action(async (options: StoreOptions & { name: string; creditsThreshold?: string }) => {
    await withStore(options, async (store) => {
      const outcome = await createAccount(
        { store, clock: systemClock },
        {
          name: options.name,
          ...(options.creditsThreshold === undefined
            ? {}
            : { creditsThreshold: Number(options.creditsThreshold) }),
        },
      );
      if (outcome.kind !== "created") return reportFailure(outcome);
      console.log(outcome.account.id);
    });
  });

  storeOptions(accounts.command("list").description("list accounts (id, name, credits threshold)")).action(
    async (options: StoreOptions) => {
      await withStore(options, async (store) => {
        for (const account of await store.listAccounts()) {
          console.log(`${account.id}\t${account.name}\tthreshold=${account.creditsThreshold}`);
        }
      });
    },
  );
}
