import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

/** What `new Worker` is given to run a thread's code: a file, or (from sources) code that loads it. */
export interface ThreadEntry {
  readonly filename: string | URL;
  readonly eval: boolean;
}

/**
 * Where a thread's code is: `<name>.js` beside the module at `moduleUrl` when built (`dist/`), or, when
 * running from the TypeScript sources (vitest, tsx), the `<name>.ts` loaded through tsx inside the
 * thread, since a worker thread does not inherit the loader of the code that starts it.
 */
export function threadEntry(moduleUrl: string, name: string): ThreadEntry {
  const built = new URL(`./${name}.js`, moduleUrl);
  if (existsSync(built)) return { filename: built, eval: false };
  const source = JSON.stringify(new URL(`./${name}.ts`, moduleUrl).href);
  const tsx = JSON.stringify(pathToFileURL(createRequire(moduleUrl).resolve("tsx/esm/api")).href);
  return { filename: `import(${tsx}).then((tsx) => tsx.tsImport(${source}, ${source}))`, eval: true };
}
