import { resolve } from "node:path";
import { parseCidr } from "../ssrf/cidr.js";
import { DEFAULT_PUBLISH_HEADROOM_BYTES, defaultClaimHeadroomBytes } from "../store/storage-room-guard.js";
import { parseDuration, parseDurationList } from "./durations.js";

/** Everything the service is configured with, resolved once at the entry point, then frozen. */
export interface ServiceConfig {
  /** Development mode: plain-HTTP and private endpoint URLs allowed, a dev account and key are created. */
  readonly dev: boolean;
  readonly host: string;
  /** 0 picks a free port (printed at start). */
  readonly port: number;
  /** Where the embedded store, the lock file and (in dev) the master key live. */
  readonly dataDir: string;
  /** PostgreSQL instead of the embedded SQLite store, when set. */
  readonly databaseUrl: string | null;
  /**
   * SQLite's `synchronous`: `normal` (default) is durable across process crashes, SIGKILL included (WAL);
   * `full` also survives power loss, at the price of one disk sync per commit.
   */
  readonly sqliteSynchronous: "normal" | "full";
  readonly masterKey: MasterKeySource;
  /** Run delivery workers in this process. */
  readonly runWorkers: boolean;
  /** Run the HTTP API in this process. */
  readonly runApi: boolean;
  readonly retryDelaysMs: readonly number[] | null;
  readonly attemptTimeoutMs: number | null;
  readonly bodyLimitBytes: number;
  readonly logLevel: string;
  /** `pretty` on a terminal or in development mode, `json` otherwise (VOICEHIRE_LOG_FORMAT overrides). */
  readonly logFormat: "json" | "pretty";
  /** `worker --metrics-port`: serve GET /metrics on this port (a worker has no API); null = none. */
  readonly metricsPort: number | null;
  /**
   * Non-public address blocks that endpoints may still reach, e.g. a partner's `10.1.2.0/24`
   * (VOICEHIRE_ALLOW_CIDRS, comma-separated): the SSRF guard's allowlist.
   */
  readonly allowCidrs: readonly string[];
  /** When set, GET /metrics needs `Authorization: Bearer <token>` (VOICEHIRE_METRICS_TOKEN). */
  readonly metricsToken: string | null;
  /** The PostgreSQL schema holding the tables (VOICEHIRE_DATABASE_SCHEMA, default `public`). */
  readonly databaseSchema: string;
  /** PostgreSQL connections kept by this process (VOICEHIRE_DATABASE_POOL_SIZE, default 10). */
  readonly databasePoolSize: number;
  /** How long a worker's claim lasts before another worker may take it over (VOICEHIRE_LEASE, default 30 s). */
  readonly leaseMs: number | null;
  /** Finished deliveries, attempts and events older than this are deleted (VOICEHIRE_RETENTION; null = off). */
  readonly retentionMs: number | null;
  /** How often the API process runs retention (VOICEHIRE_RETENTION_INTERVAL, default 10 min). */
  readonly retentionIntervalMs: number;
  /** The room kept free on the embedded store's disk (see `guardStorageRoom`). */
  readonly storageRoom: StorageRoomConfig;
}

export interface StorageRoomConfig {
  /** Publishes answer 503 `storage_full` below this (VOICEHIRE_STORAGE_PUBLISH_HEADROOM_BYTES, 16 MiB). */
  readonly publishHeadroomBytes: number;
  /** Workers take no new work below this (VOICEHIRE_STORAGE_CLAIM_HEADROOM_BYTES, half the above). */
  readonly claimHeadroomBytes: number;
}

export type MasterKeySource =
  | { readonly kind: "env"; readonly value: string }
  | { readonly kind: "file"; readonly path: string }
  /** Development only: a key file in the data folder, created when missing. */
  | { readonly kind: "dev-file"; readonly path: string };

export interface ConfigFlags {
  readonly dev?: boolean;
  readonly host?: string;
  readonly port?: string;
  readonly dataDir?: string;
  readonly databaseUrl?: string;
  readonly workers?: boolean;
  readonly api?: boolean;
  readonly metricsPort?: string;
  /** Whether stdout is a terminal (the default log format follows it). */
  readonly stdoutIsTerminal?: boolean;
}

export class ConfigError extends Error {
  constructor(setting: string, problem: string) {
    super(`voicehire-webhooks: invalid setting ${setting}: ${problem}`);
    this.name = "ConfigError";
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

function resolvePort(flags: ConfigFlags, env: Env): number {
  const [setting, raw] =
    flags.port !== undefined
      ? ["--port", flags.port]
      : nonEmpty(env.VOICEHIRE_PORT) !== undefined
        ? ["VOICEHIRE_PORT", env.VOICEHIRE_PORT]
        : ["PORT", nonEmpty(env.PORT) ?? "8787"];
  return portNumber(setting, raw);
}

function portNumber(setting: string, raw: string | undefined): number {
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new ConfigError(setting, `expected a port number between 0 and 65535, got "${raw}"`);
  }
  return port;
}

function resolveDuration(env: Env, setting: string): number | null {
  const raw = nonEmpty(env[setting]);
  if (raw === undefined) return null;
  const value = parseDuration(raw);
  if (value === undefined || value <= 0)
    throw new ConfigError(setting, `expected a duration like 5s, got "${raw}"`);
  return value;
}

function resolveRetryDelays(env: Env): readonly number[] | null {
  const raw = nonEmpty(env.VOICEHIRE_RETRY_DELAYS);
  if (raw === undefined) return null;
  const delays = parseDurationList(raw);
  if (delays === undefined || delays.some((d) => d < 0)) {
    throw new ConfigError("VOICEHIRE_RETRY_DELAYS", `expected durations like 60s,10m,100m, got "${raw}"`);
  }
  return delays;
}

function resolveSqliteSynchronous(env: Env): "normal" | "full" {
  const raw = nonEmpty(env.VOICEHIRE_SQLITE_SYNCHRONOUS) ?? "normal";
  if (raw !== "normal" && raw !== "full") {
    throw new ConfigError("VOICEHIRE_SQLITE_SYNCHRONOUS", `expected normal or full, got "${raw}"`);
  }
  return raw;
}

function resolveMasterKey(dev: boolean, dataDir: string, env: Env): MasterKeySource {
  const value = nonEmpty(env.VOICEHIRE_MASTER_KEY);
  if (value !== undefined) return { kind: "env", value };
  const path = nonEmpty(env.VOICEHIRE_MASTER_KEY_FILE);
  if (path !== undefined) return { kind: "file", path: resolve(path) };
  if (dev) return { kind: "dev-file", path: resolve(dataDir, "master.key") };
  throw new ConfigError(
    "VOICEHIRE_MASTER_KEY",
    "outside development mode, set VOICEHIRE_MASTER_KEY (32 bytes, base64) or VOICEHIRE_MASTER_KEY_FILE; " +
      "`voicehire-webhooks master-key` prints a new one",
  );
}

const DEFAULT_RETENTION = "30d";
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function resolveDatabaseSchema(env: Env): string {
  const schema = nonEmpty(env.VOICEHIRE_DATABASE_SCHEMA) ?? "public";
  if (!SCHEMA_NAME.test(schema)) {
    throw new ConfigError(
      "VOICEHIRE_DATABASE_SCHEMA",
      `expected a lowercase SQL name like voicehire, got "${schema}"`,
    );
  }
  return schema;
}

function resolveRetention(env: Env): number | null {
  const raw = nonEmpty(env.VOICEHIRE_RETENTION) ?? DEFAULT_RETENTION;
  if (raw === "off") return null;
  const value = parseDuration(raw);
  if (value === undefined || value <= 0) {
    throw new ConfigError("VOICEHIRE_RETENTION", `expected a duration like 30d, or off, got "${raw}"`);
  }
  return value;
}

const PUBLISH_HEADROOM = "VOICEHIRE_STORAGE_PUBLISH_HEADROOM_BYTES";
const CLAIM_HEADROOM = "VOICEHIRE_STORAGE_CLAIM_HEADROOM_BYTES";

function byteCount(env: Env, setting: string): number | undefined {
  const raw = nonEmpty(env[setting]);
  if (raw === undefined) return undefined;
  if (!/^[0-9]{1,15}$/.test(raw)) {
    throw new ConfigError(setting, `expected a number of bytes, e.g. 16777216 for 16 MiB, got "${raw}"`);
  }
  return Number(raw);
}

/**
 * The claim headroom stays at most the publish one: above it, workers would stop delivering while
 * publishing still accepts, and what was accepted would wait for room instead of going out.
 */
function resolveStorageRoom(env: Env): StorageRoomConfig {
  const publishHeadroomBytes = byteCount(env, PUBLISH_HEADROOM) ?? DEFAULT_PUBLISH_HEADROOM_BYTES;
  const claimHeadroomBytes =
    byteCount(env, CLAIM_HEADROOM) ?? defaultClaimHeadroomBytes(publishHeadroomBytes);
  if (claimHeadroomBytes > publishHeadroomBytes) {
    throw new ConfigError(
      CLAIM_HEADROOM,
      `must not exceed ${PUBLISH_HEADROOM} (${publishHeadroomBytes}), or workers stop before publishing does; ` +
        `got "${claimHeadroomBytes}"`,
    );
  }
  return Object.freeze({ publishHeadroomBytes, claimHeadroomBytes });
}

function resolvePoolSize(env: Env): number {
  const raw = nonEmpty(env.VOICEHIRE_DATABASE_POOL_SIZE) ?? "10";
  const size = Number(raw);
  if (!Number.isInteger(size) || size < 1 || size > 1000) {
    throw new ConfigError(
      "VOICEHIRE_DATABASE_POOL_SIZE",
      `expected an integer between 1 and 1000, got "${raw}"`,
    );
  }
  return size;
}

function resolveAllowCidrs(env: Env): readonly string[] {
  const entries = (nonEmpty(env.VOICEHIRE_ALLOW_CIDRS) ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  for (const entry of entries) {
    const parsed = parseCidr(entry);
    if (!parsed.ok) {
      throw new ConfigError("VOICEHIRE_ALLOW_CIDRS", parsed.message);
    }
  }
  return Object.freeze(entries);
}

function resolveLogFormat(flags: ConfigFlags, env: Env, dev: boolean): "json" | "pretty" {
  const raw = nonEmpty(env.VOICEHIRE_LOG_FORMAT);
  if (raw === undefined) return dev || flags.stdoutIsTerminal === true ? "pretty" : "json";
  if (raw !== "json" && raw !== "pretty") {
    throw new ConfigError("VOICEHIRE_LOG_FORMAT", `expected json or pretty, got "${raw}"`);
  }
  return raw;
}

function resolveDatabaseUrl(flags: ConfigFlags, env: Env): string | null {
  const url = flags.databaseUrl ?? nonEmpty(env.DATABASE_URL) ?? null;
  if (url === null && flags.api === false) {
    throw new ConfigError(
      "--database-url",
      "`worker` processes share a PostgreSQL database with the API: give --database-url or DATABASE_URL " +
        "(with the embedded store, `serve` delivers in its own process)",
    );
  }
  return url;
}

export function resolveServiceConfig(flags: ConfigFlags, env: Env): ServiceConfig {
  const dev = flags.dev ?? ["1", "true"].includes(env.VOICEHIRE_DEV ?? "");
  const dataDir = resolve(flags.dataDir ?? nonEmpty(env.VOICEHIRE_DATA_DIR) ?? ".voicehire-data");
  const bodyLimit = nonEmpty(env.VOICEHIRE_BODY_LIMIT_BYTES) ?? String(1024 * 1024);
  const bodyLimitBytes = Number(bodyLimit);
  if (!Number.isInteger(bodyLimitBytes) || bodyLimitBytes < 1024) {
    throw new ConfigError("VOICEHIRE_BODY_LIMIT_BYTES", `expected an integer >= 1024, got "${bodyLimit}"`);
  }
  const config: ServiceConfig = {
    dev,
    host: flags.host ?? nonEmpty(env.VOICEHIRE_HOST) ?? (dev ? "127.0.0.1" : "0.0.0.0"),
    port: resolvePort(flags, env),
    dataDir,
    databaseUrl: resolveDatabaseUrl(flags, env),
    sqliteSynchronous: resolveSqliteSynchronous(env),
    masterKey: resolveMasterKey(dev, dataDir, env),
    runWorkers: flags.workers ?? true,
    runApi: flags.api ?? true,
    retryDelaysMs: resolveRetryDelays(env),
    attemptTimeoutMs: resolveDuration(env, "VOICEHIRE_ATTEMPT_TIMEOUT"),
    bodyLimitBytes,
    logLevel: nonEmpty(env.VOICEHIRE_LOG_LEVEL) ?? "info",
    logFormat: resolveLogFormat(flags, env, dev),
    metricsPort: flags.metricsPort === undefined ? null : portNumber("--metrics-port", flags.metricsPort),
    allowCidrs: resolveAllowCidrs(env),
    metricsToken: nonEmpty(env.VOICEHIRE_METRICS_TOKEN) ?? null,
    databaseSchema: resolveDatabaseSchema(env),
    databasePoolSize: resolvePoolSize(env),
    // Checked against the attempt timeout where the delivery settings are built (start-service.ts).
    leaseMs: resolveDuration(env, "VOICEHIRE_LEASE"),
    retentionMs: resolveRetention(env),
    retentionIntervalMs: resolveDuration(env, "VOICEHIRE_RETENTION_INTERVAL") ?? 10 * 60_000,
    storageRoom: resolveStorageRoom(env),
  };
  return Object.freeze(config);
}
