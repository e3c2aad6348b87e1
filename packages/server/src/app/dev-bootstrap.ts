import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Clock } from "../domain/clock.js";
import { createAccount } from "../services/accounts.js";
import { createApiKey } from "../services/api-keys.js";
import type { Store } from "../store/port.js";

export const DEV_API_KEY_FILE = "dev-api-key";

/**
 * Development mode's first start: creates the "Development" account and an API key for it, and saves
 * the key (mode 600) in the data folder. The key is never printed: the banner says how to read it.
 * Later starts find the account and create nothing.
 */
export async function bootstrapDevelopmentAccount(
  deps: { readonly store: Store; readonly clock: Clock },
  dataDir: string,
): Promise<{ readonly created: boolean; readonly keyFile: string }> {
  const keyFile = join(dataDir, DEV_API_KEY_FILE);
  if ((await deps.store.listAccounts()).length > 0 && existsSync(keyFile)) return { created: false, keyFile };
  const account = await createAccount(deps, { name: "Development" });
  if (account.kind !== "created") throw new Error("could not create the development account");
  const key = await createApiKey(deps, {
    accountId: account.account.id,
    kind: "account",
    name: "development",
  });
  if (key.kind !== "created") throw new Error("could not create the development API key");
  writeFileSync(keyFile, `${key.key}\n`, { mode: 0o600 });
  return { created: true, keyFile };
}

/** Bootstraps the development account (once) and says where its key is and how to use it. */
export async function announceDevelopmentKey(
  deps: { readonly store: Store; readonly clock: Clock },
  dataDir: string,
  print: (line: string) => void,
): Promise<void> {
  const dev = await bootstrapDevelopmentAccount(deps, dataDir);
  print(
    `${dev.created ? "created the development account; its" : "the development"} API key is in ${dev.keyFile}:\n` +
      `  export VOICEHIRE_API_KEY=$(cat ${dev.keyFile})`,
  );
}
