import type { Clock } from "../../src/domain/clock.js";
import type { Account } from "../../src/domain/types.js";
import { createAccount } from "../../src/services/accounts.js";
import { createApiKey } from "../../src/services/api-keys.js";
import type { Store } from "../../src/store/port.js";

/** An account created through the service, with one key of `kind`, and the header that presents it. */
export interface AccountWithKey {
  readonly account: Account;
  readonly apiKey: string;
  readonly keyId: string;
  readonly auth: { readonly authorization: string };
}

export async function createAccountWithKey(
  deps: { readonly store: Store; readonly clock: Clock },
  name: string,
  key: { readonly name?: string; readonly kind?: "account" | "admin" } = {},
): Promise<AccountWithKey> {
  const created = await createAccount(deps, { name });
  if (created.kind !== "created") throw new Error(`cannot create account ${name}`);
  const made = await createApiKey(deps, {
    accountId: created.account.id,
    kind: key.kind ?? "account",
    name: key.name ?? "test",
  });
  if (made.kind !== "created") throw new Error(`cannot create a key for ${name}`);
  return {
    account: created.account,
    apiKey: made.key,
    keyId: made.record.id,
    auth: { authorization: `Bearer ${made.key}` },
  };
}
