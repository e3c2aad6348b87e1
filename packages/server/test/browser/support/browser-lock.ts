import { createHash } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { isAlive } from "../../../src/app/data-dir-lock.js";
import { waitFor } from "../../support/wait-for.js";

/**
 * One Chromium test file at a time across vitest's worker processes. Two browsers and two services at
 * once on a 2-core machine slow each other past the dashboard's own budgets (interactive within a
 * second), so each browser file holds this lock for its whole run. The lock is a file naming its
 * holder's pid, per checkout; a lock whose process is gone is taken over.
 */
const CHECKOUT = fileURLToPath(new URL("../../../../../", import.meta.url));
const LOCK_FILE = join(
  tmpdir(),
  `voicehire-browser-tests-${createHash("sha256").update(CHECKOUT).digest("hex").slice(0, 12)}.lock`,
);

function tryTake(): boolean {
  try {
    writeFileSync(LOCK_FILE, String(process.pid), { flag: "wx" });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    let holder = Number.NaN;
    try {
      holder = Number(readFileSync(LOCK_FILE, "utf8"));
    } catch {
      return false; // released between our two calls: try again
    }
    if (!Number.isInteger(holder) || !isAlive(holder)) rmSync(LOCK_FILE, { force: true });
    return false;
  }
}

/** Waits for the lock (another browser file may be running), then answers how to release it. */
export async function takeBrowserLock(timeoutMs = 240_000): Promise<() => void> {
  await waitFor("the other browser test file to finish", tryTake, timeoutMs, 250);
  return () => {
    try {
      if (Number(readFileSync(LOCK_FILE, "utf8")) === process.pid) rmSync(LOCK_FILE, { force: true });
    } catch {
      // already gone
    }
  };
}

/** How long a browser file's beforeAll may wait: the lock, then its own start. */
export const BROWSER_SETUP_TIMEOUT_MS = 300_000;
