import type { Account, ApiKeyRecord } from "../domain/types.js";
import { fieldProblem, type Problem } from "./problem.js";

/**
 * Which account a `/v1` request acts for, once its API key is known.
 *
 * - An **account key** acts for its own account, always. Naming another account in `VoiceHire-Account`
 *   is refused (403): an account key never sees another account.
 * - An **admin key** (a platform key) acts for the account named in `VoiceHire-Account`. On a route that
 *   works for one account, the header is required (400 naming it when missing, 404 when no such account).
 *   On a route that needs no account (the catalog, creating accounts), the header is optional.
 */
export const ACCOUNT_HEADER = "VoiceHire-Account";

/**
 * Who may call a `/v1` route (fastify route option `config.access`, default `"account"`):
 * - `account`: any key, acting for one account (admin keys name it in `VoiceHire-Account`);
 * - `key`: any key, no account needed (e.g. the event catalog);
 * - `admin`: admin keys only (e.g. creating accounts).
 */
export type RouteAccess = "account" | "key" | "admin";

export type ActingAccount =
  | { readonly kind: "acting"; readonly account: Account | null }
  | { readonly kind: "rejected"; readonly problem: Problem };

export interface ActingAccountInput {
  readonly key: ApiKeyRecord;
  /** The key's own account. */
  readonly keyAccount: Account;
  /** The raw `VoiceHire-Account` header (undefined when absent; an array when sent twice). */
  readonly header: string | readonly string[] | undefined;
  readonly access: RouteAccess;
  readonly getAccount: (accountId: string) => Promise<Account | undefined>;
}

const ACCOUNT_ID = /^acc_[0-9A-Za-z]{1,64}$/;

function rejected(status: number, code: "invalid_request" | "forbidden" | "not_found", message: string) {
  return { kind: "rejected", problem: fieldProblem(status, code, ACCOUNT_HEADER, message) } as const;
}

export async function resolveActingAccount(input: ActingAccountInput): Promise<ActingAccount> {
  const { key, keyAccount, header, access } = input;
  const named = header === undefined || header === "" ? undefined : header;
  if (key.kind !== "admin") {
    if (access === "admin") {
      return rejected(
        403,
        "forbidden",
        "cannot be used with an account key: this route needs an admin API key",
      );
    }
    if (named !== undefined && named !== keyAccount.id) {
      return rejected(
        403,
        "forbidden",
        "names another account: an account API key acts only for its own account",
      );
    }
    return { kind: "acting", account: keyAccount };
  }
  if (named === undefined) {
    if (access === "account") {
      return rejected(
        400,
        "invalid_request",
        "header is missing: an admin API key must name the account it acts for (acc_...)",
      );
    }
    return { kind: "acting", account: null };
  }
  if (typeof named !== "string" || !ACCOUNT_ID.test(named)) {
    return rejected(400, "invalid_request", "must be one account id (acc_...)");
  }
  const account = named === keyAccount.id ? keyAccount : await input.getAccount(named);
  if (account === undefined) return rejected(404, "not_found", `names no account: ${named} does not exist`);
  return { kind: "acting", account };
}
