import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { round } from "./stats.js";

/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ, 100 on Linux almost everywhere). */
const TICKS_PER_SECOND = (() => {
  try {
    const ticks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
    return Number.isInteger(ticks) && ticks > 0 ? ticks : 100;
  } catch {
    return 100;
  }
})();

/**
 * The CPU time (user + system, ms) a process has used so far, from /proc/<pid>/stat (fields 14 and 15,
 * counted after the `)` that ends the command name, which may itself hold spaces). NaN once it is gone.
 * CPU time moves much less than wall time when other work shares the cores, so it is the steadier
 * figure of what the service costs on a busy machine.
 */
export function readCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // fields[0] is field 3 (state): utime is field 14, stime field 15.
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/** Measures the CPU time several processes spend from now on: `stop()` answers it in ms. */
export function startCpuMeter(pids: readonly number[]): { stop(): number } {
  const before = pids.map(readCpuMs);
  return {
    stop: () => Math.round(pids.reduce((sum, pid, i) => sum + (readCpuMs(pid) - (before[i] as number)), 0)),
  };
}

/** CPU ms per 1,000 units of work (deliveries, events); null when nothing was done. */
export function cpuMsPer1000(cpuMs: number, count: number): number | null {
  return count > 0 && Number.isFinite(cpuMs) ? round((cpuMs * 1000) / count, 1) : null;
}
