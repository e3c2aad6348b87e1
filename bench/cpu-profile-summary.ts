import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { round } from "./stats.js";

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface TimeShare {
  readonly where: string;
  readonly ms: number;
  readonly share: number;
}

export interface ProfileSummary {
  readonly file: string;
  readonly totalMs: number;
  /** Busy time by the innermost service function on the stack, or by library when none is. */
  readonly top: readonly TimeShare[];
}

const SERVICE_DIST = /packages\/(server|webhooks)\/dist\/(.*)\.js$/;

function libraryOf(url: string, functionName: string): string {
  if (url === "")
    return functionName.startsWith("(") ? functionName : `(native) ${functionName || "anonymous"}`;
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inModules?.[1] !== undefined) return `lib ${inModules[1]}`;
  if (url.startsWith("node:"))
    return `node ${
      url
        .slice(5)
        .replace(/^internal\//, "")
        .split("/")[0]
    }`;
  return url;
}

/**
 * Where a V8 CPU profile of the service spent its time: each sample goes to the innermost frame of the
 * service's own code on its stack (`file:function`), so time in better-sqlite3 or crypto called from the
 * store's claim is "store/sqlite/deliveries:claim"; samples with no service frame (undici's and fastify's
 * own callbacks, GC, idle) go to their library.
 */
export function summarizeCpuProfile(file: string, topCount = 16): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const labelCache = new Map<number, string>();
  function labelOf(leafId: number): string {
    const cached = labelCache.get(leafId);
    if (cached !== undefined) return cached;
    const leaf = byId.get(leafId);
    let label = leaf === undefined ? "(unknown)" : libraryOf(leaf.callFrame.url, leaf.callFrame.functionName);
    for (
      let id: number | undefined = leafId, depth = 0;
      id !== undefined && depth < 500;
      id = parent.get(id), depth++
    ) {
      const frame = byId.get(id)?.callFrame;
      const match = frame === undefined ? null : SERVICE_DIST.exec(frame.url);
      if (frame !== undefined && match !== null) {
        label = `${match[2]}:${frame.functionName || "(anonymous)"}`;
        break;
      }
    }
    labelCache.set(leafId, label);
    return label;
  }
  const totals = new Map<string, number>();
  let totalUs = 0;
  profile.samples.forEach((nodeId, index) => {
    const deltaUs = profile.timeDeltas[index] ?? 0;
    const label = labelOf(nodeId);
    totals.set(label, (totals.get(label) ?? 0) + deltaUs);
    totalUs += deltaUs;
  });
  const top = [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, topCount)
    .map(([where, us]) => ({ where, ms: Math.round(us / 1000), share: round(us / Math.max(1, totalUs), 3) }));
  return { file, totalMs: Math.round(totalUs / 1000), top };
}

/**
 * The main thread's `.cpuprofile` in `dir` (the newest, if several), if any. Node names each thread's
 * profile `CPU.<date>.<time>.<pid>.<thread>.<sequence>.cpuprofile`, the main thread being thread 0: the
 * service's worker threads (the WAL checkpointer) write their own, mostly idle, profiles beside it.
 */
export function mainThreadProfile(dir: string): string | undefined {
  const files = readdirSync(dir)
    .filter((name) => /\.0\.\d+\.cpuprofile$/.test(name))
    .sort();
  const last = files[files.length - 1];
  return last === undefined ? undefined : join(dir, last);
}
