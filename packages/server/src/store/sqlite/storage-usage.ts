import { statfsSync, statSync } from "node:fs";
import { dirname } from "node:path";
import type { StorageUsageStore } from "../port.js";
import type { SqliteContext } from "./sqlite-context.js";

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0; // no WAL yet
  }
}

/** The file, its WAL, and the room left on its filesystem and under its page limit. */
export function sqliteStorageUsageMethods({ db }: SqliteContext): StorageUsageStore {
  return {
    async storageUsage() {
      const pageSize = db.pragma("page_size", { simple: true }) as number;
      const pages = db.pragma("page_count", { simple: true }) as number;
      const maxPages = db.pragma("max_page_count", { simple: true }) as number;
      const disk = statfsSync(dirname(db.name));
      return {
        usedBytes: sizeOf(db.name) + sizeOf(`${db.name}-wal`),
        availableBytes: Math.min(disk.bavail * disk.bsize, Math.max(0, maxPages - pages) * pageSize),
      };
    },
  };
}
