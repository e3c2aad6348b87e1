/**
 * In the order they run. The three phases whose ratios are targets (raw ceiling, service, BullMQ) run
 * one after the other, so that what the machine's other load does to them drifts as little as it can
 * between them; the PostgreSQL phase, whose server keeps working (checkpoints, autovacuum) after it
 * ends, comes after them.
 */
export const PHASES = [
  "raw",
  "service",
  "bullmq",
  "publish",
  "batch",
  "postgres",
  "latency",
  "isolation",
  "memory",
  "history",
  "storage",
  "ordered",
] as const;
export type Phase = (typeof PHASES)[number];

export interface BenchArgs {
  readonly quick: boolean;
  readonly profile: boolean;
  readonly only: ReadonlySet<Phase>;
  /** `--compare` alone: compare with the newest earlier results file; `--compare <file>`: with that one. */
  readonly compare: { readonly file?: string } | null;
}

/** The value of `--name=value` or `--name value` at `index` (the value: undefined when absent). */
function optionValue(argv: readonly string[], index: number): { value?: string; consumed: number } {
  const arg = argv[index] as string;
  if (arg.includes("=")) return { value: arg.slice(arg.indexOf("=") + 1), consumed: 1 };
  const next = argv[index + 1];
  return next === undefined || next.startsWith("--") ? { consumed: 1 } : { value: next, consumed: 2 };
}

export function parseArgs(argv: readonly string[]): BenchArgs {
  let quick = false;
  let profile = false;
  let only: Set<Phase> = new Set(PHASES);
  let compare: { file?: string } | null = null;
  for (let i = 0; i < argv.length; ) {
    const arg = argv[i] as string;
    const name = arg.split("=")[0];
    if (name === "--quick" || name === "--profile") {
      if (name === "--quick") quick = true;
      else profile = true;
      i++;
    } else if (name === "--only") {
      const { value, consumed } = optionValue(argv, i);
      const names = (value ?? "").split(",").filter((phase) => phase !== "");
      const unknown = names.filter((phase) => !(PHASES as readonly string[]).includes(phase));
      if (unknown.length > 0 || names.length === 0) {
        throw new Error(`bench: --only takes a list of ${PHASES.join(", ")}; got "${value ?? ""}"`);
      }
      only = new Set(names as Phase[]);
      i += consumed;
    } else if (name === "--compare") {
      const { value, consumed } = optionValue(argv, i);
      compare = value === undefined ? {} : { file: value };
      i += consumed;
    } else {
      throw new Error(`bench: unknown argument ${arg}`);
    }
  }
  return { quick, profile, only, compare };
}
