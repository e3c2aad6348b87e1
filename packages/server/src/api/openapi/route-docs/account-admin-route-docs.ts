import { createAccountRequestSchema } from "../../../services/accounts.js";
import { pageQuerySchema } from "../../../services/page-query.js";
import { page, ref } from "../doc-schemas.js";
import type { RouteDoc } from "../route-doc.js";

/** Accounts, for admin keys (routes/accounts-admin-routes.ts). */
export const accountAdminRouteDocs: readonly RouteDoc[] = [
  {
    method: "POST",
    path: "/v1/accounts",
    operationId: "createAccount",
    tag: "Accounts (admin)",
    summary: "Create an account (admin keys)",
    description:
      "Then create its first API key with `POST /v1/api-keys` and the header `VoiceHire-Account: <the new id>`.",
    access: "admin",
    body: createAccountRequestSchema,
    responses: [{ status: 201, description: "The account was created.", schema: ref("Account") }],
  },
  {
    method: "GET",
    path: "/v1/accounts",
    operationId: "listAccounts",
    tag: "Accounts (admin)",
    summary: "List every account (admin keys)",
    access: "admin",
    query: pageQuerySchema,
    responses: [
      {
        status: 200,
        description: "A page of accounts, newest first.",
        schema: page(ref("Account"), "The accounts."),
      },
    ],
  },
];
