/** What `voicehire-webhooks listen` was asked to do, checked once at start. */
export interface ListenSettings {
  readonly host: string;
  /** 0 picks any free port (the address printed at start says which). */
  readonly port: number;
  /** Deliveries are accepted on this path and below it; `/` accepts every path. */
  readonly path: string;
  /** Endpoint secrets to verify with, newest first; empty: deliveries are printed unverified. */
  readonly secrets: readonly string[];
  /** An ed25519 endpoint's public keys (`whpk_...`), newest first: they check `v1a,` signatures. */
  readonly publicKeys: readonly string[];
  /** The local app every verified delivery is passed on to, if any. */
  readonly forwardTo?: URL;
  /** Larger bodies are answered 413. */
  readonly maxBodyBytes: number;
  /** How long the local app may take to answer a forwarded delivery before it counts as timed out. */
  readonly forwardTimeoutMs: number;
}

/** The command line as commander gives it (strings), plus the environment's secret. */
export interface ListenFlags {
  readonly port?: string;
  readonly host?: string;
  readonly path?: string;
  readonly secret?: readonly string[];
  readonly publicKey?: readonly string[];
  readonly forwardTo?: string;
}

export type ListenSettingsResult =
  | { readonly ok: true; readonly settings: ListenSettings }
  | { readonly ok: false; readonly message: string };

export const DEFAULT_LISTEN_PORT = 9000;
export const DEFAULT_LISTEN_HOST = "127.0.0.1";
const MAX_BODY_BYTES = 5 * 1024 * 1024;
const FORWARD_TIMEOUT_MS = 10_000;
/** Read when no `--secret` is given (the variable the SDK's README examples use). */
export const LISTEN_SECRET_VARIABLE = "VOICEHIRE_WEBHOOK_SECRET";
/** Read when no `--public-key` is given. */
export const LISTEN_PUBLIC_KEY_VARIABLE = "VOICEHIRE_WEBHOOK_PUBLIC_KEY";
/** What the service shows for an ed25519 endpoint: whpk_ and the base64 of the 32-byte key. */
const PUBLIC_KEY_FORMAT = /^whpk_[A-Za-z0-9+/]{43}=$/;

function invalid(message: string): ListenSettingsResult {
  return { ok: false, message: `voicehire-webhooks: ${message}` };
}

function parsePort(text: string | undefined): number | undefined {
  if (text === undefined) return DEFAULT_LISTEN_PORT;
  if (!/^[0-9]{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port <= 65_535 ? port : undefined;
}

function parseForwardTo(text: string): URL | undefined {
  if (!URL.canParse(text)) return undefined;
  const url = new URL(text);
  return url.protocol === "http:" || url.protocol === "https:" ? url : undefined;
}

/** Checks the flags; the message of a refusal names the flag and what it accepts. */
export function resolveListenSettings(
  flags: ListenFlags,
  env: Readonly<Record<string, string | undefined>>,
): ListenSettingsResult {
  const port = parsePort(flags.port);
  if (port === undefined)
    return invalid(`--port must be a whole number from 0 to 65535 (got "${flags.port}")`);
  const host = flags.host ?? DEFAULT_LISTEN_HOST;
  if (host.trim() === "") return invalid("--host must not be empty");
  const path = flags.path ?? "/";
  if (!path.startsWith("/")) return invalid(`--path must start with "/" (got "${path}")`);
  const secrets = flags.secret ?? [];
  if (secrets.some((secret) => secret === "")) return invalid("--secret must not be empty");
  const fromEnv = env[LISTEN_SECRET_VARIABLE];
  const allSecrets = secrets.length === 0 && fromEnv !== undefined && fromEnv !== "" ? [fromEnv] : secrets;
  const publicKeys = flags.publicKey ?? [];
  const badKey = publicKeys.find((key) => !PUBLIC_KEY_FORMAT.test(key));
  if (badKey !== undefined)
    return invalid(
      `--public-key must be whpk_ followed by the base64 of a 32-byte Ed25519 public key (got "${badKey}")`,
    );
  const keyFromEnv = publicKeys.length === 0 ? env[LISTEN_PUBLIC_KEY_VARIABLE] : undefined;
  if (keyFromEnv !== undefined && keyFromEnv !== "" && !PUBLIC_KEY_FORMAT.test(keyFromEnv))
    return invalid(
      `${LISTEN_PUBLIC_KEY_VARIABLE} must be whpk_ followed by the base64 of a 32-byte Ed25519 public key`,
    );
  const allPublicKeys = keyFromEnv !== undefined && keyFromEnv !== "" ? [keyFromEnv] : publicKeys;
  let forwardTo: URL | undefined;
  if (flags.forwardTo !== undefined) {
    forwardTo = parseForwardTo(flags.forwardTo);
    if (forwardTo === undefined) {
      return invalid(`--forward-to must be an http:// or https:// URL (got "${flags.forwardTo}")`);
    }
  }
  return {
    ok: true,
    settings: Object.freeze({
      host,
      port,
      path: path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path,
      secrets: Object.freeze([...allSecrets]),
      publicKeys: Object.freeze([...allPublicKeys]),
      ...(forwardTo === undefined ? {} : { forwardTo }),
      maxBodyBytes: MAX_BODY_BYTES,
      forwardTimeoutMs: FORWARD_TIMEOUT_MS,
    }),
  };
}

/** True when a request to `requestUrl` (path and query) is for the configured path or below it. */
export function isListenedPath(listenedPath: string, requestUrl: string): boolean {
  if (listenedPath === "/") return true;
  const path = requestUrl.split("?")[0] ?? "";
  return path === listenedPath || path === `${listenedPath}/` || path.startsWith(`${listenedPath}/`);
}
