import { createRequire } from "node:module";

function readPackageVersion(): string {
  const manifest = createRequire(import.meta.url)("../package.json") as { version?: unknown };
  return typeof manifest.version === "string" ? manifest.version : "0.0.0";
}

/** The server's version (its package.json), sent in every delivery's `User-Agent: VoiceHire-Webhooks/<version>`. */
export const SERVER_VERSION = readPackageVersion();
