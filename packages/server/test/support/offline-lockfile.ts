import { readFileSync } from "node:fs";

interface LockEntry {
  version?: string;
  integrity?: string;
  resolved?: string;
  link?: boolean;
  dev?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  [field: string]: unknown;
}

interface Lockfile {
  packages: Record<string, LockEntry>;
}

/** Where npm resolves `name` from the package at `from` (a lock path): nearest node_modules upward. */
function resolveFrom(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = `${base === "" ? "" : `${base}/`}node_modules/${name}`;
    if (packages[candidate] !== undefined) return candidate;
    if (base === "") return undefined;
    const cut = base.lastIndexOf("/node_modules/");
    base = cut === -1 ? "" : base.slice(0, cut);
  }
}

/**
 * A package-lock.json for a folder that installs `tarballs` (each `{ name, file, dependencies }`), whose
 * third-party dependencies are pinned to exactly the versions of the workspace's lockfile. With it,
 * `npm ci --offline` installs from the npm cache alone (the tarballs `npm ci` put there, found by
 * integrity): no registry metadata is needed, so no network.
 */
export function offlineLockfile(
  workspaceLockPath: string,
  /** The registry's base URL (`npm config get registry`): the tarball URLs, found in the cache by integrity. */
  registry: string,
  tarballs: readonly {
    name: string;
    file: string;
    dependencies: Record<string, string>;
    bin?: Record<string, string>;
  }[],
): object {
  const workspace = (JSON.parse(readFileSync(workspaceLockPath, "utf8")) as Lockfile).packages;
  const ours = new Set(tarballs.map((t) => t.name));
  const packages: Record<string, unknown> = {
    "": { dependencies: Object.fromEntries(tarballs.map((t) => [t.name, `file:${t.file}`])) },
  };
  for (const tarball of tarballs) {
    packages[`node_modules/${tarball.name}`] = {
      version: "0.1.0",
      resolved: `file:${tarball.file}`,
      dependencies: tarball.dependencies,
      ...(tarball.bin === undefined ? {} : { bin: tarball.bin }),
    };
  }
  const pending: [string, string][] = tarballs.flatMap((t) =>
    Object.keys(t.dependencies)
      .filter((name) => !ours.has(name))
      .map((name): [string, string] => ["", name]),
  );
  while (pending.length > 0) {
    const [from, name] = pending.pop() as [string, string];
    const path = resolveFrom(workspace, from, name);
    if (path === undefined)
      throw new Error(`the workspace lockfile has no ${name} (needed from ${from || "root"})`);
    if (packages[path] !== undefined) continue;
    const { dev: _dev, devOptional: _devOptional, ...entry } = workspace[path] as LockEntry;
    // The workspace lock omits `resolved`; without it npm would need the registry's metadata.
    const packageName = path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length);
    const base = packageName.slice(packageName.lastIndexOf("/") + 1);
    const resolved =
      entry.resolved ?? `${registry.replace(/\/?$/, "/")}${packageName}/-/${base}-${entry.version}.tgz`;
    packages[path] = { ...entry, resolved };
    for (const dependency of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) {
      pending.push([path, dependency]);
    }
  }
  return { name: "installed-from-tarballs", lockfileVersion: 3, requires: true, packages };
}
