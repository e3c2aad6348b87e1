import { n } from "./figure-format.js";
import type { BenchResults, TargetRow } from "./report.js";

/** Issue 15: bytes per finished delivery and per event on both stores, and the file after retention. */
export function storageRows(results: Omit<BenchResults, "targets">): TargetRow[] {
  const rows: TargetRow[] = [];
  const { storage, postgres } = results;
  const bytes = (value: number | null) => (value === null ? "n/a" : `${n(value)} B`);
  if (storage !== undefined && "failed" in storage) {
    rows.push({ figure: "storage, SQLite", measured: `failed: ${storage.failed}`, target: "-", met: null });
  } else if (storage !== undefined) {
    const oneAttempt = storage.oneAttemptDeliveries === storage.finishedDeliveries;
    rows.push({
      figure: `bytes per finished delivery, SQLite (${n(storage.finishedDeliveries)}${oneAttempt ? ", 1 attempt each" : ""})`,
      measured: bytes(storage.bytesPerFinishedDelivery),
      target: "<= 500 B",
      met:
        storage.bytesPerFinishedDelivery === null || !oneAttempt
          ? null
          : storage.bytesPerFinishedDelivery <= 500,
    });
    rows.push({
      figure: "bytes per event, SQLite",
      measured: bytes(storage.bytesPerEvent),
      target: "-",
      met: null,
    });
    const retention = storage.retention;
    rows.push({
      figure: "SQLite file after retention over 2 windows",
      measured:
        "failed" in retention
          ? `failed: ${retention.failed}`
          : `${n(retention.fileMbAfter)} MB (was ${n(retention.fileMbBefore)}; ${n(retention.usedMbAfter)} in use)` +
            (retention.completed ? "" : ` (${n(retention.expiredLeft)} expired rows left)`),
      target: "-",
      met: null,
    });
  }
  if (postgres !== undefined && "runs" in postgres) {
    const first = postgres.runs.find((run) => !("failed" in run.storage));
    const measured = first === undefined || "failed" in first.storage ? undefined : first.storage;
    rows.push({
      figure: `bytes per finished delivery, PostgreSQL${measured === undefined ? "" : ` (${n(measured.finishedDeliveries)})`}`,
      measured: measured === undefined ? "n/a" : bytes(measured.bytesPerFinishedDelivery),
      target: "-",
      met: null,
    });
    rows.push({
      figure: "bytes per event, PostgreSQL",
      measured: measured === undefined ? "n/a" : bytes(measured.bytesPerEvent),
      target: "-",
      met: null,
    });
  }
  return rows;
}
