import type { Command } from "commander";

/**
 * The CLI commands that talk to a running service (`trigger`, `recover`) go through its public REST API,
 * like any customer script: `--url` (VOICEHIRE_API_URL, default http://127.0.0.1:8787), `--api-key`
 * (VOICEHIRE_API_KEY) and, for an admin key, `--account` (sent as `VoiceHire-Account`).
 */
export const DEFAULT_API_URL = "http://127.0.0.1:8787";
/** Each request's own deadline; a hung service fails the command instead of hanging it. */
const REQUEST_TIMEOUT_MS = 30_000;

export interface RemoteOptions {
  url?: string;
  apiKey?: string;
  account?: string;
}

export function remoteOptions(command: Command): Command {
  return command
    .option("--url <url>", `the service's base URL (VOICEHIRE_API_URL, default ${DEFAULT_API_URL})`)
    .option("--api-key <key>", "an API key (VOICEHIRE_API_KEY)")
    .option("--account <id>", "with an admin key: the account to act for (acc_...)");
}

export class RemoteApiError extends Error {
  constructor(message: string) {
    super(`voicehire-webhooks: ${message}`);
    this.name = "RemoteApiError";
  }
}

export interface RemoteApi {
  readonly baseUrl: string;
  get(path: string): Promise<unknown>;
  post(path: string, body: unknown): Promise<unknown>;
}

interface ProblemLike {
  detail?: unknown;
  code?: unknown;
}

function describeFailure(status: number, body: unknown): string {
  const problem = (typeof body === "object" && body !== null ? body : {}) as ProblemLike;
  const detail = typeof problem.detail === "string" ? problem.detail : JSON.stringify(body);
  const code = typeof problem.code === "string" ? ` ${problem.code}` : "";
  return `the service answered ${status}${code}: ${detail}`;
}

export function connectRemoteApi(options: RemoteOptions, env: NodeJS.ProcessEnv = process.env): RemoteApi {
  const baseUrl = (options.url ?? env.VOICEHIRE_API_URL ?? DEFAULT_API_URL).replace(/\/+$/, "");
  if (!/^https?:\/\/[^/]+/.test(baseUrl))
    throw new RemoteApiError(`--url must be an http(s) URL, got "${baseUrl}"`);
  const apiKey = options.apiKey ?? env.VOICEHIRE_API_KEY;
  if (apiKey === undefined || apiKey.trim() === "") {
    throw new RemoteApiError("no API key: pass --api-key <key> or set VOICEHIRE_API_KEY");
  }
  const headers: Record<string, string> = { authorization: `Bearer ${apiKey.trim()}` };
  if (options.account !== undefined) headers["voicehire-account"] = options.account;

  async function request(method: string, path: string, body?: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: body === undefined ? headers : { ...headers, "content-type": "application/json" },
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      const reason =
        error instanceof Error
          ? error.cause instanceof Error
            ? error.cause.message
            : error.message
          : String(error);
      throw new RemoteApiError(
        `cannot reach ${baseUrl} (${reason}): is the service running? (--url, VOICEHIRE_API_URL)`,
      );
    }
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text === "" ? null : JSON.parse(text);
    } catch {
      parsed = text.slice(0, 200);
    }
    if (!response.ok)
      throw new RemoteApiError(`${method} ${path}: ${describeFailure(response.status, parsed)}`);
    return parsed;
  }

  return {
    baseUrl,
    get: (path) => request("GET", path),
    post: (path, body) => request("POST", path, body),
  };
}
