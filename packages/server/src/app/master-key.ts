import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { MasterKeySource } from "../config/service-config.js";
import { ConfigError } from "../config/service-config.js";
import { generateMasterKey } from "../domain/secret-box.js";

export interface LoadedMasterKey {
  readonly key: Uint8Array;
  /** True when development mode just created the key file. */
  readonly created: boolean;
}

function decodeKey(text: string, setting: string): Uint8Array {
  const trimmed = text.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, "hex")
    : Buffer.from(trimmed, "base64");
  if (bytes.length !== 32) {
    throw new ConfigError(
      setting,
      "the master key must be 32 bytes, written as base64 (44 characters) or hex (64)",
    );
  }
  return bytes;
}

/** Reads the master key that seals endpoint secrets; development mode creates its key file once. */
export function loadMasterKey(source: MasterKeySource): LoadedMasterKey {
  switch (source.kind) {
    case "env":
      return { key: decodeKey(source.value, "VOICEHIRE_MASTER_KEY"), created: false };
    case "file":
      if (!existsSync(source.path))
        throw new ConfigError("VOICEHIRE_MASTER_KEY_FILE", `no file at ${source.path}`);
      return {
        key: decodeKey(readFileSync(source.path, "utf8"), "VOICEHIRE_MASTER_KEY_FILE"),
        created: false,
      };
    case "dev-file": {
      if (existsSync(source.path)) {
        return { key: decodeKey(readFileSync(source.path, "utf8"), source.path), created: false };
      }
      const key = generateMasterKey();
      mkdirSync(dirname(source.path), { recursive: true, mode: 0o700 });
      writeFileSync(source.path, `${Buffer.from(key).toString("base64")}\n`, { mode: 0o600, flag: "wx" });
      return { key, created: true };
    }
  }
}
