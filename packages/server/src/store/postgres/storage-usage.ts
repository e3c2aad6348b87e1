import type { StorageUsageStore } from "../port.js";
import type { PostgresContext } from "./postgres-context.js";

/** The schema's tables with their indexes and TOAST; PostgreSQL does not say how much its disk has left. */
export function postgresStorageUsageMethods({ pool }: PostgresContext): StorageUsageStore {
  return {
    async storageUsage() {
      const result = await pool.query<{ used: string }>(
        `SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0)::text AS used
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'm')`,
      );
      return { usedBytes: Number(result.rows[0]?.used ?? 0), availableBytes: null };
    },
  };
}
