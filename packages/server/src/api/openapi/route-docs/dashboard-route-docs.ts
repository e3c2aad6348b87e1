import { signInRequestSchema } from "../../dashboard-session/sign-in-request.js";
import { boolean, object, ref, text, time } from "../doc-schemas.js";
import type { RouteDoc } from "../route-doc.js";

/**
 * The dashboard's page and sign-in (api/dashboard-session/ and api/dashboard-assets/). The session cookie it sets is another way into the
 * `/v1` API: HttpOnly, SameSite=Strict, and unsafe methods need the `X-VoiceHire-CSRF` header.
 */
const problem = (status: number, description: string) => ({
  status,
  description,
  contentType: "application/problem+json",
  schema: ref("Problem"),
});

const signedIn = object(
  {
    signed_in: { type: "boolean", const: true, description: "Signed in." },
    account: object({ id: text("The account's id."), name: text("Its name.") }),
    key: object({
      id: text("The API key's id."),
      name: text("Its name."),
      prefix: text("Its first characters."),
    }),
    csrf_token: text("Send it in `X-VoiceHire-CSRF` on every unsafe request made with the cookie."),
    expires_at: time("When the session ends."),
    development_mode: boolean("Whether the service runs in development mode."),
  },
  "A dashboard session.",
);

const signedOut = object(
  {
    signed_in: { type: "boolean", const: false, description: "Not signed in." },
    development_mode: boolean("Whether the service runs in development mode."),
  },
  "No session.",
);

const dashboardHeader = {
  name: "X-VoiceHire-Dashboard",
  description: "`1`: sent by the dashboard page (a request a cross-site form cannot make).",
  schema: { type: "string", enum: ["1"] },
  required: true,
};

export const dashboardRouteDocs: readonly RouteDoc[] = [
  {
    method: "POST",
    path: "/dashboard/session",
    operationId: "signInToDashboard",
    tag: "Dashboard",
    summary: "Sign in to the dashboard with an API key",
    description: "Sets the session cookie (HttpOnly, SameSite=Strict). Revoking the key ends the session.",
    access: "public",
    headers: [dashboardHeader],
    body: signInRequestSchema,
    responses: [
      {
        status: 200,
        description: "Signed in; the cookie is set.",
        schema: signedIn,
        headers: { "Set-Cookie": "The session cookie." },
      },
      problem(401, "`unauthorized`: `api_key` is not a valid account key."),
    ],
  },
  {
    method: "GET",
    path: "/dashboard/session",
    operationId: "getDashboardSession",
    tag: "Dashboard",
    summary: "The current dashboard session",
    access: "public",
    responses: [
      {
        status: 200,
        description: "Signed in or not (never an error).",
        schema: { anyOf: [signedIn, signedOut] },
      },
    ],
  },
  {
    method: "DELETE",
    path: "/dashboard/session",
    operationId: "signOutOfDashboard",
    tag: "Dashboard",
    summary: "Sign out of the dashboard",
    description: "Needs `X-VoiceHire-CSRF` while the session is valid (else `X-VoiceHire-Dashboard: 1`).",
    access: "public",
    responses: [
      {
        status: 204,
        description:
          "Signed out: the session is ended on the server (any copy of the cookie answers 401) and the cookie is cleared.",
      },
      problem(403, "`csrf_failed`: the CSRF token is missing or wrong."),
    ],
  },
  {
    method: "GET",
    path: "/",
    operationId: "getRoot",
    tag: "Dashboard",
    summary: "Redirects to the dashboard",
    access: "public",
    responses: [{ status: 302, description: "To `/dashboard/`.", headers: { Location: "`/dashboard/`" } }],
  },
  {
    method: "GET",
    path: "/dashboard",
    operationId: "getDashboardRedirect",
    tag: "Dashboard",
    summary: "Redirects to the dashboard",
    access: "public",
    responses: [{ status: 301, description: "To `/dashboard/`.", headers: { Location: "`/dashboard/`" } }],
  },
  {
    method: "GET",
    path: "/dashboard/{file}",
    fastifyUrl: "/dashboard/*",
    operationId: "getDashboardPage",
    tag: "Dashboard",
    summary: "The dashboard's page and its files",
    description:
      "Files under `/dashboard/assets/` by name; any other path is the page itself (it routes in the browser).",
    access: "public",
    pathParams: { file: "A file of the built dashboard, or a page path." },
    responses: [
      {
        status: 200,
        description: "The page (HTML) or the file.",
        contentType: "text/html",
        schema: text("The dashboard's HTML page, or one of its files."),
      },
      problem(404, "`not_found`: no such dashboard file."),
      {
        status: 503,
        description: "The dashboard was not built (`npm run build`).",
        contentType: "text/html",
        schema: text("A page saying how to build it."),
      },
    ],
  },
];
