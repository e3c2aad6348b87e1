import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Vitest global setup: some tests spawn the built CLI (packages/server/dist) or open the built dashboard
 * in Chromium, so a bare `npx vitest run` on a clean checkout builds first. The build runs only when an
 * output is missing or a source is newer than the last complete build, so a warm run costs a directory
 * walk, not a build.
 */
const root = fileURLToPath(new URL("../../../../", import.meta.url));

/** Everything `npm run build` produces that a test reads or spawns. */
const OUTPUTS = [
  "packages/webhooks/dist/index.js",
  "packages/server/dist/cli/main.js",
  "packages/dashboard/dist/index.html",
  "packages/server/dist/dashboard-app/index.html",
];

/**
 * The build's last step copies the dashboard into the server package, rewriting this file every time,
 * so its age is the age of the last build that went all the way through (tsc may leave unchanged
 * outputs untouched, which makes their own dates useless for this).
 */
const LAST_STEP_OUTPUT = "packages/server/dist/dashboard-app/index.html";

const SOURCES = [
  "packages/webhooks/src",
  "packages/server/src",
  "packages/dashboard/src",
  "packages/dashboard/index.html",
  "packages/dashboard/vite.config.ts",
  "scripts/copy-dashboard-into-server.mjs",
];

function newestModification(path: string): number {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestModification(join(path, entry)));
  return newest;
}

/** Why a build is needed, or undefined when the outputs are complete and newer than every source. */
export function staleBuildReason(): string | undefined {
  const missing = OUTPUTS.find((output) => !existsSync(join(root, output)));
  if (missing) return `${missing} is missing`;
  const builtAt = statSync(join(root, LAST_STEP_OUTPUT)).mtimeMs;
  const changed = SOURCES.find((source) => {
    const path = join(root, source);
    return existsSync(path) && newestModification(path) > builtAt;
  });
  return changed ? `${changed} changed since the last build` : undefined;
}

export default function setup(): void {
  const reason = staleBuildReason();
  if (!reason) return;
  console.log(`building before the tests (${reason}): npm run build`);
  const build = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0)
    throw new Error(`npm run build failed (exit ${build.status}): the tests need its output`);
}
