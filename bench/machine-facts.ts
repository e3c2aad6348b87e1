import { cpus, loadavg, release, totalmem } from "node:os";

export interface MachineFacts {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly node: string;
  readonly platform: string;
  readonly memoryGb: number;
  /** 1, 5 and 15 minute load averages: other work on the machine skews every figure. */
  readonly loadAverage: readonly number[];
}

export function machineFacts(): MachineFacts {
  const list = cpus();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model ?? "unknown",
    node: process.version,
    platform: `${process.platform} ${release()}`,
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    loadAverage: loadavg().map((value) => Math.round(value * 100) / 100),
  };
}
