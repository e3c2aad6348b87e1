import { fork } from "node:child_process";

export interface ForkedReceiver {
  readonly port: number;
  stop(): void;
}

/** Starts `loopback-receiver-process.ts` with this process's loader (tsx) and answers its port. */
export async function forkLoopbackReceiver(): Promise<ForkedReceiver> {
  const child = fork(new URL("./loopback-receiver-process.ts", import.meta.url), [], {
    execArgv: process.execArgv,
  });
  const port = await new Promise<number>((resolve) => child.once("message", (m) => resolve(Number(m))));
  return { port, stop: () => child.kill() };
}
