import type { Problem } from "./types";

/**
 * The dashboard's only way to the service: same-origin `fetch` with the session cookie (never an API
 * key in the page). Unsafe methods carry the session's CSRF token. Outcomes are values: a problem
 * document (or a network failure, status 0) is returned, never thrown.
 */
export type ApiResult<T> =
  | { readonly ok: true; readonly status: number; readonly data: T }
  | { readonly ok: false; readonly status: number; readonly problem: Problem };

export type Query = Readonly<Record<string, string | number | boolean | undefined | null>>;

export interface ApiClient {
  get<T>(path: string, query?: Query): Promise<ApiResult<T>>;
  post<T>(path: string, body?: unknown): Promise<ApiResult<T>>;
  put<T>(path: string, body?: unknown): Promise<ApiResult<T>>;
  patch<T>(path: string, body?: unknown): Promise<ApiResult<T>>;
  delete<T>(path: string): Promise<ApiResult<T>>;
}

export interface ApiClientOptions {
  readonly csrfToken: () => string | null;
  /** Called when the session is gone (a 401 from /v1): the page goes back to sign-in. */
  readonly onSignedOut: () => void;
  readonly fetch?: typeof fetch;
}

export const CSRF_HEADER = "X-VoiceHire-CSRF";
export const DASHBOARD_HEADER = "X-VoiceHire-Dashboard";

export function withQuery(path: string, query: Query | undefined): string {
  if (query === undefined) return path;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") params.set(name, String(value));
  }
  const text = params.toString();
  return text === "" ? path : `${path}?${text}`;
}

function isProblem(value: unknown): value is Problem {
  return typeof value === "object" && value !== null && typeof (value as Problem).code === "string";
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === "") return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));

  async function call<T>(method: string, path: string, body?: unknown): Promise<ApiResult<T>> {
    const headers: Record<string, string> = { accept: "application/json", [DASHBOARD_HEADER]: "1" };
    if (body !== undefined) headers["content-type"] = "application/json";
    const token = options.csrfToken();
    if (method !== "GET" && token !== null) headers[CSRF_HEADER] = token;
    let response: Response;
    try {
      response = await doFetch(path, {
        method,
        headers,
        credentials: "same-origin",
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return { ok: false, status: 0, problem: { status: 0, code: "network", detail } };
    }
    const data = await readBody(response);
    if (response.ok) return { ok: true, status: response.status, data: data as T };
    if (response.status === 401 && path.startsWith("/v1/")) options.onSignedOut();
    const problem: Problem = isProblem(data)
      ? data
      : {
          status: response.status,
          code: "http_error",
          detail: typeof data === "string" ? data : response.statusText,
        };
    return { ok: false, status: response.status, problem };
  }

  return {
    get: (path, query) => call("GET", withQuery(path, query)),
    post: (path, body) => call("POST", path, body ?? {}),
    put: (path, body) => call("PUT", path, body ?? {}),
    patch: (path, body) => call("PATCH", path, body ?? {}),
    delete: (path) => call("DELETE", path),
  };
}
