import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";
import type { CliProcess } from "./server-process.js";

/** What the tests of one `describe` leave behind, undone after each of them. */
export interface AfterEachTest {
  /** A new temporary folder, removed after the test. */
  dir(prefix: string): string;
  /** `started` is killed (SIGKILL) after the test, and waited for; answers it. */
  kill<T extends CliProcess>(started: T): T;
  /** Runs `cleanup` after the test, once the processes are gone and before the folders are removed. */
  later(cleanup: () => Promise<unknown> | unknown): void;
}

/** Registers the `afterEach` that kills the test's processes, runs its cleanups, then removes its folders. */
export function afterEachTest(): AfterEachTest {
  const processes: CliProcess[] = [];
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const started of processes.splice(0)) {
      started.child.kill("SIGKILL");
      await started.exited;
    }
    for (const cleanup of cleanups.splice(0)) await cleanup();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return {
    dir(prefix) {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      dirs.push(dir);
      return dir;
    },
    kill(started) {
      processes.push(started);
      return started;
    },
    later(cleanup) {
      cleanups.push(cleanup);
    },
  };
}
