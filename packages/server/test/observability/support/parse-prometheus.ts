/**
 * A strict reader of the Prometheus text format (0.0.4), enough to check what /metrics writes: every
 * sample belongs to a family declared by `# HELP` and `# TYPE` before it, labels are well formed, and
 * no series appears twice. Throws naming the offending line.
 */
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface Exposition {
  readonly types: ReadonlyMap<string, string>;
  readonly samples: readonly Sample[];
  /** The value of the one sample with this name and exactly these labels, or undefined. */
  value(name: string, labels?: Readonly<Record<string, string>>): number | undefined;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"(?:,|$)/;

function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let rest = text;
  for (let guard = 0; rest !== "" && guard < 100; guard++) {
    const match = LABEL.exec(rest);
    if (match === null) throw new Error(`malformed labels in: ${line}`);
    const [whole, name = "", raw = ""] = match;
    if (name in labels) throw new Error(`label ${name} twice in: ${line}`);
    labels[name] = raw.replace(/\\(.)/g, (_m, c: string) => (c === "n" ? "\n" : c));
    rest = rest.slice(whole.length);
  }
  return labels;
}

function parseValue(text: string, line: string): number {
  if (text === "+Inf") return Number.POSITIVE_INFINITY;
  if (text === "-Inf") return Number.NEGATIVE_INFINITY;
  // Prometheus reads values with Go's ParseFloat, which takes NaN in any case (prom-client writes "Nan").
  if (text.toLowerCase() === "nan") return Number.NaN;
  const value = Number(text);
  if (text === "" || Number.isNaN(value)) throw new Error(`malformed value in: ${line}`);
  return value;
}

function familyOf(name: string, types: ReadonlyMap<string, string>): string | undefined {
  if (types.has(name)) return name;
  for (const suffix of ["_bucket", "_sum", "_count"]) {
    const base = name.endsWith(suffix) ? name.slice(0, -suffix.length) : undefined;
    if (base !== undefined && types.get(base) === "histogram") return base;
  }
  return undefined;
}

export function parsePrometheus(text: string): Exposition {
  if (!text.endsWith("\n")) throw new Error("the exposition must end with a line feed");
  const types = new Map<string, string>();
  const helps = new Set<string>();
  const samples: Sample[] = [];
  const seen = new Set<string>();
  for (const line of text.slice(0, -1).split("\n")) {
    if (line === "") continue; // the format ignores empty lines (prom-client puts one between families)
    if (line.startsWith("# HELP ")) {
      const name = line.slice(7).split(" ")[0] ?? "";
      if (!METRIC_NAME.test(name) || helps.has(name)) throw new Error(`bad or repeated HELP: ${line}`);
      helps.add(name);
      continue;
    }
    if (line.startsWith("# TYPE ")) {
      const [name = "", type = "", ...extra] = line.slice(7).split(" ");
      if (!METRIC_NAME.test(name) || types.has(name) || extra.length > 0)
        throw new Error(`bad TYPE: ${line}`);
      if (!["counter", "gauge", "histogram", "summary", "untyped"].includes(type))
        throw new Error(`bad type: ${line}`);
      if (!helps.has(name)) throw new Error(`TYPE before HELP: ${line}`);
      types.set(name, type);
      continue;
    }
    const match = SAMPLE.exec(line);
    if (match === null) throw new Error(`malformed line: ${JSON.stringify(line)}`);
    const [, name = "", labelText, valueText = ""] = match;
    if (familyOf(name, types) === undefined) throw new Error(`sample of an undeclared family: ${line}`);
    const labels = labelText === undefined ? {} : parseLabels(labelText, line);
    const key = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
    if (seen.has(key)) throw new Error(`series twice: ${line}`);
    seen.add(key);
    samples.push({ name, labels, value: parseValue(valueText, line) });
  }
  return {
    types,
    samples,
    value(name, labels = {}) {
      const wanted = JSON.stringify(Object.entries(labels).sort());
      return samples.find(
        (s) => s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === wanted,
      )?.value;
    },
  };
}
