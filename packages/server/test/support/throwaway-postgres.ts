import { execFile } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";

/**
 * A PostgreSQL 15 cluster of a test's own, for tests that stop, restart or cut off the server: it is
 * created with `initdb` in a temporary folder owned by the `postgres` user, listens on 127.0.0.1 on a
 * free port, and is removed by `destroy()`. The shared server on 5432 is never touched.
 */
export const POSTGRES_BIN = "/usr/lib/postgresql/15/bin";
const SERVER_USER = "postgres";

const run = promisify(execFile);

export interface ThrowawayPostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust authentication). */
  readonly url: string;
  readonly port: number;
  /** Stops the server (`pg_ctl stop -m fast`: sessions are terminated, as in a restart). */
  stop(): Promise<void>;
  /** Starts it again on the same port and waits until it accepts connections. */
  start(): Promise<void>;
  /** Terminates every session of the cluster but the caller's own; resolves with how many there were. */
  terminateAllSessions(): Promise<number>;
  /** Stops the server (immediately) and removes its folder. */
  destroy(): Promise<void>;
}

export type ThrowawayAvailability = { readonly run: true } | { readonly run: false; readonly reason: string };

/**
 * Whether this file's throwaway-cluster tests can run: they need the PostgreSQL 15 binaries, root (to
 * run them as `postgres` with `runuser`) and that user. Without them the tests are skipped with a loud
 * warning, except under `CI=true`, where this throws: there a skip would hide a failure.
 */
export async function requireThrowawayPostgres(testFile: string): Promise<ThrowawayAvailability> {
  const reason = await missingPrerequisite();
  if (reason === undefined) return { run: true };
  if (process.env.CI === "true") {
    throw new Error(`voicehire-webhooks: ${reason}; CI=true makes this test mandatory (${testFile})`);
  }
  console.warn(`\n*** SKIPPED throwaway-PostgreSQL tests in ${testFile}: ${reason} ***\n`);
  return { run: false, reason };
}

async function missingPrerequisite(): Promise<string | undefined> {
  for (const binary of ["initdb", "pg_ctl", "postgres"]) {
    if (!existsSync(join(POSTGRES_BIN, binary))) return `no ${binary} in ${POSTGRES_BIN}`;
  }
  if (process.getuid?.() !== 0) return "running the server as the postgres user needs root (runuser)";
  try {
    await serverUserIds();
  } catch {
    return `no ${SERVER_USER} user on this machine`;
  }
  return undefined;
}

async function serverUserIds(): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([
    run("id", ["-u", SERVER_USER]).then(({ stdout }) => Number(stdout.trim())),
    run("id", ["-g", SERVER_USER]).then(({ stdout }) => Number(stdout.trim())),
  ]);
  return { uid, gid };
}

/** A port nothing listens on right now (taken from the kernel, then freed for the server). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === "object" && address !== null
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

function asServerUser(binary: string, args: readonly string[]) {
  return run("runuser", ["-u", SERVER_USER, "--", join(POSTGRES_BIN, binary), ...args], {
    timeout: 60_000,
  });
}

/** Creates the cluster and starts it. Durability is off (fsync): what is tested is the service. */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const folder = mkdtempSync(join(tmpdir(), "vh-throwaway-pg-"));
  const { uid, gid } = await serverUserIds();
  chownSync(folder, uid, gid);
  const dataDir = join(folder, "data");
  const port = await freePort();
  const url = `postgres://${SERVER_USER}@127.0.0.1:${port}/postgres`;
  await asServerUser("initdb", ["-D", dataDir, "-A", "trust", "-U", SERVER_USER, "-E", "UTF8", "--no-sync"]);
  const serverOptions = [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    `-c unix_socket_directories=${folder}`,
    "-c fsync=off",
    "-c synchronous_commit=off",
    "-c full_page_writes=off",
    "-c max_connections=100",
  ].join(" ");

  async function start(): Promise<void> {
    await asServerUser("pg_ctl", [
      "-D",
      dataDir,
      "-l",
      join(folder, "server.log"),
      "-o",
      serverOptions,
      "-w",
      "-t",
      "30",
      "start",
    ]);
  }
  async function stop(mode: "fast" | "immediate" = "fast"): Promise<void> {
    await asServerUser("pg_ctl", ["-D", dataDir, "-m", mode, "-w", "-t", "30", "stop"]);
  }

  await start();
  return {
    url,
    port,
    start,
    stop: () => stop("fast"),
    async terminateAllSessions() {
      const admin = new pg.Client({ connectionString: url });
      admin.on("error", () => {});
      await admin.connect();
      try {
        const terminated = await admin.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM (
             SELECT pg_terminate_backend(pid) FROM pg_stat_activity
             WHERE pid <> pg_backend_pid() AND backend_type = 'client backend'
           ) AS done`,
        );
        return terminated.rows[0]?.n ?? 0;
      } finally {
        await admin.end().catch(() => {});
      }
    },
    async destroy() {
      await stop("immediate").catch(() => {});
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
