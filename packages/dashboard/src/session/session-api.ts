import { type ApiResult, CSRF_HEADER, DASHBOARD_HEADER } from "../api/client";
import type { Problem, Session, SignedInSession } from "../api/types";

/** Sign-in, the current session and sign-out: the dashboard's routes outside /v1. */
const SESSION_PATH = "/dashboard/session";

async function json(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return text === "" ? null : (JSON.parse(text) as unknown);
  } catch {
    return null;
  }
}

function failure(
  status: number,
  body: unknown,
  fallback: string,
): { ok: false; status: number; problem: Problem } {
  const problem =
    typeof body === "object" && body !== null && typeof (body as Problem).code === "string"
      ? (body as Problem)
      : { status, code: status === 0 ? "network" : "http_error", detail: fallback };
  return { ok: false, status, problem };
}

/** One request to the session resource, its answer or its problem as a value (a network failure too). */
async function requestSession<T>(init: RequestInit): Promise<ApiResult<T>> {
  try {
    const response = await fetch(SESSION_PATH, { ...init, credentials: "same-origin" });
    const body = await json(response);
    return response.ok
      ? { ok: true, status: response.status, data: body as T }
      : failure(response.status, body, response.statusText);
  } catch (error) {
    return failure(0, null, error instanceof Error ? error.message : String(error));
  }
}

export async function loadSession(): Promise<ApiResult<Session>> {
  return requestSession<Session>({ headers: { accept: "application/json" } });
}

export async function signIn(apiKey: string): Promise<ApiResult<SignedInSession>> {
  return requestSession<SignedInSession>({
    method: "POST",
    headers: { accept: "application/json", "content-type": "application/json", [DASHBOARD_HEADER]: "1" },
    body: JSON.stringify({ api_key: apiKey }),
  });
}

export async function signOut(csrfToken: string | null): Promise<void> {
  const headers: Record<string, string> = { [DASHBOARD_HEADER]: "1" };
  if (csrfToken !== null) headers[CSRF_HEADER] = csrfToken;
  try {
    await fetch(SESSION_PATH, { method: "DELETE", credentials: "same-origin", headers });
  } catch {
    // offline: the page forgets the session anyway; the cookie expires on its own
  }
}
