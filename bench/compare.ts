import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import type { TargetRow } from "./report.js";

/**
 * `--compare [file]`: the results file to compare with: `named` (a path, or a name in `dir`), else the
 * newest in `dir` written before `current` (names are ISO dates, so they sort by time).
 */
export function previousResultsFile(dir: string, current: string, named?: string): string | undefined {
  if (named !== undefined) {
    const candidates = [resolve(named), join(dir, named)];
    const found = candidates.find((path) => existsSync(path));
    if (found === undefined) throw new Error(`bench: --compare: no results file ${named}`);
    return found;
  }
  const older = readdirSync(dir)
    .filter((name) => name.endsWith(".json") && name < basename(current))
    .sort();
  const newest = older[older.length - 1];
  return newest === undefined ? undefined : join(dir, newest);
}

/** The first number of a measured text ("1,234 (only ...)" → 1234); undefined for "skipped", "n/a", "lost". */
export function leadingNumber(measured: string): number | undefined {
  const match = /^\s*(-?[\d,]+(?:\.\d+)?)/.exec(measured);
  return match?.[1] === undefined ? undefined : Number(match[1].replace(/,/g, ""));
}

/** Figure names with their counts blanked, to match rows whose name holds a measured count. */
const shape = (figure: string) => figure.replace(/\d[\d,.]*/g, "#");

/** The row of `previous` that is `row`'s figure: the same name, else the one row of the same shape. */
function counterpart(row: TargetRow, previous: readonly TargetRow[]): TargetRow | undefined {
  const same = previous.find((old) => old.figure === row.figure);
  if (same !== undefined) return same;
  const alike = previous.filter((old) => shape(old.figure) === shape(row.figure));
  return alike.length === 1 ? alike[0] : undefined;
}

/** Each figure of this run beside the previous run's, with the change in percent. */
export function formatComparison(rows: readonly TargetRow[], previousFile: string): string {
  const file = JSON.parse(readFileSync(previousFile, "utf8")) as {
    targets?: TargetRow[];
    mode?: string;
    machine?: { atStart?: { loadAverage?: number[] } };
  };
  const previous = file.targets ?? [];
  const load = file.machine?.atStart?.loadAverage?.join(" ") ?? "?";
  const context = `${file.mode ?? "?"} run, load average ${load} at start`;
  const lines = rows.map((row) => {
    const old = counterpart(row, previous);
    const now = leadingNumber(row.measured);
    const before = old === undefined ? undefined : leadingNumber(old.measured);
    const change =
      now === undefined || before === undefined
        ? "-"
        : before === 0
          ? now === 0
            ? "0%"
            : "new"
          : `${now >= before ? "+" : ""}${(((now - before) / Math.abs(before)) * 100).toFixed(1)}%`;
    return [row.figure, old?.measured ?? "(absent)", row.measured, change];
  });
  const header = ["figure", "previous", "now", "change"];
  const all = [header, ...lines];
  const widths = header.map((_, i) => Math.max(...all.map((line) => (line[i] as string).length)));
  const format = (line: string[]) => line.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(" | ");
  return [`compared with ${previousFile} (${context}):`, format(header), ...lines.map(format)].join("\n");
}
