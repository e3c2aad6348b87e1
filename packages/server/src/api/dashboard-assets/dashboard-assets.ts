import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { extname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

/**
 * The dashboard's built files (packages/dashboard/dist, made by `npm run build`), read once into
 * memory with their gzip form, so the service serves the page itself: no separate web server.
 */
export interface DashboardAsset {
  readonly body: Buffer;
  /** Present when compressing pays (text files over 1 KB). */
  readonly gzipped: Buffer | null;
  readonly contentType: string;
  readonly etag: string;
  /** Content-hashed file names (assets/…) never change: cache them for a year. */
  readonly immutable: boolean;
}

export type DashboardAssets =
  | { readonly kind: "loaded"; readonly files: ReadonlyMap<string, DashboardAsset> }
  | { readonly kind: "missing"; readonly dir: string };

/**
 * Where the built dashboard is: first inside this package (dist/dashboard-app, copied there by the
 * build, so an installed package serves it), then the workspace's packages/dashboard/dist (running
 * from a checkout: from src/api/dashboard-assets or dist/api/dashboard-assets alike).
 */
export const DASHBOARD_DIR_CANDIDATES: readonly string[] = [
  fileURLToPath(new URL("../../dashboard-app/", import.meta.url)),
  fileURLToPath(new URL("../../../../dashboard/dist/", import.meta.url)),
];

export const DEFAULT_DASHBOARD_DIR =
  DASHBOARD_DIR_CANDIDATES.find((dir) => existsSync(join(dir, "index.html"))) ??
  (DASHBOARD_DIR_CANDIDATES[0] as string);

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".json": "application/json",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

const MAX_FILES = 500;

async function listFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  const pending = [dir];
  while (pending.length > 0 && found.length < MAX_FILES) {
    const current = pending.pop() as string;
    for (const entry of await readdir(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) pending.push(path);
      else if (entry.isFile()) found.push(path);
    }
  }
  return found;
}

function toAsset(path: string, body: Buffer): DashboardAsset | undefined {
  const contentType = CONTENT_TYPES[extname(path)];
  if (contentType === undefined) return undefined; // source maps and anything unexpected stay private
  const compressible = /^(text\/|image\/svg|application\/json)/.test(contentType) && body.length > 1024;
  return {
    body,
    gzipped: compressible ? gzipSync(body, { level: 9 }) : null,
    contentType,
    etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`,
    immutable: path.includes(`${sep}assets${sep}`),
  };
}

export async function loadDashboardAssets(dir: string = DEFAULT_DASHBOARD_DIR): Promise<DashboardAssets> {
  const index = await stat(join(dir, "index.html")).catch(() => undefined);
  if (index === undefined || !index.isFile()) return { kind: "missing", dir };
  const files = new Map<string, DashboardAsset>();
  for (const path of await listFiles(dir)) {
    const asset = toAsset(path, await readFile(path));
    if (asset !== undefined) files.set(`/${relative(dir, path).split(sep).join("/")}`, asset);
  }
  return { kind: "loaded", files };
}
