import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The embedded store belongs to one process at a time: a lock file in the data folder holds the
 * owner's pid. A lock left by a dead process (SIGKILL, power loss) is taken over, which is what lets the
 * new owner give back every lease the dead one held.
 */
export interface DataDirLock {
  release(): void;
}

/** Whether process `pid` exists (EPERM: it does, owned by another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function createDataDir(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "an error";
    throw new Error(
      `voicehire-webhooks: cannot create the data folder ${dataDir} (${code}); choose another --data-dir`,
    );
  }
}

export function acquireDataDirLock(dataDir: string): DataDirLock {
  createDataDir(dataDir);
  const path = join(dataDir, "server.lock");
  try {
    writeFileSync(path, String(process.pid), { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const owner = Number(readFileSync(path, "utf8").trim());
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
      throw new Error(
        `voicehire-webhooks: another voicehire-webhooks process (pid ${owner}) is using ${dataDir}; ` +
          "stop it first (or use its API), or use another --data-dir (several processes need PostgreSQL: --database-url)",
      );
    }
    writeFileSync(path, String(process.pid));
  }
  return {
    release() {
      rmSync(path, { force: true });
    },
  };
}
