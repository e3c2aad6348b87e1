import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, vi } from "vitest";

/**
 * Documentation examples run as modules: each is written to a fresh folder named `<prefix>-<pid>-<time>`
 * beside the test and imported, with what it prints through `console.log` kept in `logs` (emptied at
 * each load), so a test can check what the example did. Registers the folder's creation and removal,
 * and the secret the examples read from VOICEHIRE_WEBHOOK_SECRET, around the calling suite.
 */
export function exampleModules(prefix: URL, secret: string) {
  const directory = new URL(`${prefix.href}-${process.pid}-${Date.now()}/`);
  const logs: string[] = [];
  beforeAll(() => {
    mkdirSync(directory, { recursive: true });
    process.env.VOICEHIRE_WEBHOOK_SECRET = secret;
  });
  afterAll(() => {
    rmSync(directory, { recursive: true, force: true });
    delete process.env.VOICEHIRE_WEBHOOK_SECRET;
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  return {
    logs,
    async load<T>(name: string, source: string): Promise<T> {
      const file = new URL(`${name}.ts`, directory);
      writeFileSync(file, source);
      logs.length = 0;
      vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
        logs.push(args.join(" "));
      });
      return (await import(/* @vite-ignore */ file.href)) as T;
    },
  };
}
