import { type ChildProcess, execFile, spawn } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient } from "../support/api-client.js";
import { offlineLockfile } from "../support/offline-lockfile.js";
import { collectOutput, listeningAddress } from "../support/server-process.js";

const run = promisify(execFile);
const repo = fileURLToPath(new URL("../../../../", import.meta.url));
const serverPackage = join(repo, "packages/server");
const sdkPackage = join(repo, "packages/webhooks");

interface Packed {
  readonly filename: string;
  readonly files: readonly { path: string }[];
}

async function pack(packageDir: string, destination: string): Promise<Packed> {
  const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", destination], {
    cwd: packageDir,
  });
  const [packed] = JSON.parse(stdout) as Packed[];
  if (packed === undefined) throw new Error(`npm pack printed nothing for ${packageDir}`);
  return packed;
}

/**
 * What an operator does with the two published packages: pack them, install both tarballs into an
 * empty folder, run `npx voicehire-webhooks serve --dev` there. No network: third-party dependencies
 * come from the npm cache (filled by `npm ci`), pinned by a lockfile made from the workspace's.
 */
describe("the packages install from their tarballs and serve the API and the dashboard", () => {
  const root = mkdtempSync(join(tmpdir(), "vh-install-"));
  const installDir = join(root, "app");
  let sdk: Packed;
  let server: Packed;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    if (!existsSync(join(serverPackage, "dist/dashboard-app/index.html"))) {
      throw new Error("no built packages: run `npm run build` first");
    }
    mkdirSync(installDir);
    [sdk, server] = await Promise.all([pack(sdkPackage, installDir), pack(serverPackage, installDir)]);
  }, 60_000);

  afterAll(async () => {
    if (child?.exitCode === null) {
      const exited = new Promise((resolve) => child?.once("exit", resolve));
      // npx runs the server as its own child: end the whole group, or the server outlives the test.
      if (child.pid !== undefined) process.kill(-child.pid, "SIGTERM");
      await exited;
    }
    rmSync(root, { recursive: true, force: true });
  });

  it("packs to distinct names, with the built code and dashboard and no sources or tests", () => {
    expect(sdk.filename).toBe("voicehire-webhooks-0.1.0.tgz");
    expect(server.filename).toBe("voicehire-webhooks-server-0.1.0.tgz");
    const serverFiles = server.files.map((file) => file.path);
    expect(serverFiles).toContain("dist/cli/main.js");
    expect(serverFiles).toContain("dist/dashboard-app/index.html");
    expect(serverFiles.some((path) => path.startsWith("dist/dashboard-app/assets/"))).toBe(true);
    const stray = (path: string) => /^(src|test)\//.test(path) || path.endsWith("tsconfig.json");
    expect(serverFiles.filter(stray)).toEqual([]);
    expect(sdk.files.map((file) => file.path).filter(stray)).toEqual([]);
  });

  it("installs offline into an empty folder, then `npx voicehire-webhooks serve --dev` answers", async () => {
    const manifest = JSON.parse(readFileSync(join(serverPackage, "package.json"), "utf8"));
    const tarballs = [
      { name: "@voicehire/webhooks", file: sdk.filename, dependencies: {} },
      {
        name: manifest.name as string,
        file: server.filename,
        dependencies: manifest.dependencies,
        bin: manifest.bin,
      },
    ];
    writeFileSync(
      join(installDir, "package.json"),
      JSON.stringify({
        name: "installed-from-tarballs",
        private: true,
        dependencies: Object.fromEntries(tarballs.map((t) => [t.name, `file:${t.file}`])),
      }),
    );
    const registry = (await run("npm", ["config", "get", "registry"])).stdout.trim();
    const lock = offlineLockfile(join(repo, "package-lock.json"), registry, tarballs);
    writeFileSync(join(installDir, "package-lock.json"), JSON.stringify(lock));
    // --ignore-scripts: better-sqlite3 builds from source (~50 s here) and cannot fetch a prebuilt
    // binary offline; the workspace already built this exact version for this Node, so it is reused.
    await run("npm", ["ci", "--offline", "--no-audit", "--no-fund", "--ignore-scripts"], {
      cwd: installDir,
      env: { ...process.env, npm_config_update_notifier: "false" },
    });
    const binding = "node_modules/better-sqlite3/build/Release/better_sqlite3.node";
    mkdirSync(join(installDir, "node_modules/better-sqlite3/build/Release"), { recursive: true });
    copyFileSync(join(repo, binding), join(installDir, binding));
    expect(existsSync(join(installDir, "node_modules/.bin/voicehire-webhooks"))).toBe(true);

    const dataDir = join(root, "data");
    const started = spawn(
      "npx",
      ["--offline", "voicehire-webhooks", "serve", "--dev", "--port", "0", "--data-dir", dataDir],
      {
        cwd: installDir,
        env: { ...process.env, VOICEHIRE_LOG_FORMAT: "json" },
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
      },
    );
    child = started;
    const url = await listeningAddress(started, collectOutput(started), {
      waitingFor: "the installed server to listen",
      endedBefore: "the installed server exited",
    });

    const key = readFileSync(join(dataDir, "dev-api-key"), "utf8").trim();
    expect((await apiClient(url, key).get("/v1/account")).status).toBe(200);
    const page = await fetch(`${url}/dashboard/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const script = /src="(\/dashboard\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect((await fetch(`${url}${script}`)).status).toBe(200);
  }, 90_000);
});
