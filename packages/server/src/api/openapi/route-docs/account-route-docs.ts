import { settingsSchema } from "../../../services/accounts.js";
import { ref } from "../doc-schemas.js";
import type { RouteDoc } from "../route-doc.js";

/** The account's settings (routes/account-routes.ts). */
export const accountRouteDocs: readonly RouteDoc[] = [
  {
    method: "GET",
    path: "/v1/account",
    operationId: "getAccount",
    tag: "Account",
    summary: "Read the account",
    access: "account",
    responses: [{ status: 200, description: "The account.", schema: ref("Account") }],
  },
  {
    method: "PATCH",
    path: "/v1/account",
    operationId: "updateAccount",
    tag: "Account",
    summary: "Change the account's settings",
    description: "Only the given fields change.",
    access: "account",
    body: settingsSchema,
    responses: [{ status: 200, description: "The account as changed.", schema: ref("Account") }],
  },
];
