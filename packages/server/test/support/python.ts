import { spawnSync } from "node:child_process";

/** True when a `python3` runs here. Tests that need it skip loudly without it, and fail under CI. */
export function isPythonAvailable(): boolean {
  const available = spawnSync("python3", ["--version"]).status === 0;
  if (!available) {
    const message = "python3 is not available: the tests of the source document's Python receiver cannot run";
    if (process.env.CI === "true") throw new Error(`${message} (required under CI=true)`);
    console.warn(`\n*** SKIPPED: ${message} ***\n`);
  }
  return available;
}
