import { isSuccessStatus } from "@voicehire/webhooks";
import type { ForwardOutcome } from "./forward-delivery.js";
import type { DeliveryInspection, SchemeCheck, Verification } from "./inspect-delivery.js";

/** What happened with `--forward-to` for one delivery. */
export type ForwardReport =
  | { readonly kind: "not_configured" }
  /** The delivery was refused (bad signature or body): the app never saw it. */
  | { readonly kind: "skipped"; readonly target: URL }
  | { readonly kind: "done"; readonly target: URL; readonly outcome: ForwardOutcome };

/** Everything one printed block says about one delivery. */
export interface DeliveryReport {
  readonly receivedAt: Date;
  readonly path: string;
  /** The delivery headers (see `isDeliveryHeader`) in their received casing. */
  readonly headers: ReadonlyMap<string, readonly string[]>;
  readonly inspection: DeliveryInspection;
  /** Each key's name in the printout ("secret 2 of 2", "public key whpk_…"), by `secretIndex`. */
  readonly keyLabels: readonly string[];
  readonly forward: ForwardReport;
  /** The status answered to the sender. */
  readonly answeredStatus: number;
  readonly answeredBody: string;
}

/** ANSI styling, or none (when stdout is not a terminal, or NO_COLOR is set). */
export interface Painter {
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly green: (text: string) => string;
  readonly red: (text: string) => string;
  readonly yellow: (text: string) => string;
}

const style = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
const plain = (text: string) => text;

export function createPainter(color: boolean): Painter {
  if (!color) return { bold: plain, dim: plain, green: plain, red: plain, yellow: plain };
  return {
    bold: style(1, 22),
    dim: style(2, 22),
    green: style(32, 39),
    red: style(31, 39),
    yellow: style(33, 39),
  };
}

const LABEL_WIDTH = 11;
const INDENT = " ".repeat(2 + LABEL_WIDTH);
const MAX_RAW_BODY_CHARS = 2000;
const MAX_ANSWER_CHARS = 300;

function row(label: string, text: string): string {
  const [first = "", ...rest] = text.split("\n");
  return [`  ${label.padEnd(LABEL_WIDTH)}${first}`, ...rest.map((line) => `${INDENT}${line}`)].join("\n");
}

function header(report: DeliveryReport, name: string): string | undefined {
  for (const [key, values] of report.headers) if (key.toLowerCase() === name) return values.join(", ");
  return undefined;
}

const SCHEME_HEADER = {
  standard: "webhook-signature (Standard Webhooks)",
  voicehire: "X-VoiceHire-Signature",
};

function describeCheck(check: SchemeCheck, keyLabels: readonly string[]): string {
  if (!check.ok) return `${SCHEME_HEADER[check.scheme]} does not verify (${check.code}: ${check.message})`;
  // One secret alone needs no name; a public key is always named, it says the signature was v1a.
  const label = keyLabels[check.secretIndex] ?? "";
  const which = keyLabels.length > 1 || label.startsWith("public key") ? ` with ${label}` : "";
  return `${SCHEME_HEADER[check.scheme]} is valid${which}`;
}

function describeVerification(
  verification: Verification,
  keyLabels: readonly string[],
  paint: Painter,
): string {
  switch (verification.kind) {
    case "verified":
      return [
        paint.green("verified"),
        ...verification.checks.map((check) => `- ${describeCheck(check, keyLabels)}`),
      ].join("\n");
    case "rejected":
      return [
        paint.red(`NOT VERIFIED: ${verification.code}: ${verification.message}`),
        ...verification.checks.map((check) => `- ${describeCheck(check, keyLabels)}`),
      ].join("\n");
    case "not_checked":
      return verification.signatureHeaders.length === 0
        ? paint.yellow("unsigned: the delivery has no signature header (its endpoint has no secret)")
        : paint.yellow(
            `unverified: signed (${verification.signatureHeaders.join(", ")}), but no --secret was given to check it (nor --public-key, for v1a)`,
          );
  }
}

function describeTest(report: DeliveryReport, paint: Painter): string {
  const flagged = report.inspection.envelope?.test === true || header(report, "x-voicehire-test") === "true";
  return flagged ? paint.yellow('yes: a test delivery (the "Tester" button), not a real event') : "no";
}

function describeBody(report: DeliveryReport, bodyText: string): [string, string] {
  const envelope = report.inspection.envelope;
  if (envelope === undefined) {
    const cut = bodyText.length > MAX_RAW_BODY_CHARS ? `${bodyText.slice(0, MAX_RAW_BODY_CHARS)}…` : bodyText;
    return ["body", `(not a JSON object) ${cut}`];
  }
  if (!("data" in envelope)) return ["data", "(the envelope has no data)"];
  return ["data", JSON.stringify(envelope.data, null, 2) ?? String(envelope.data)];
}

function excerpt(body: Buffer | string): string {
  const text = body.toString().replace(/\s+/g, " ").trim();
  return text.length > MAX_ANSWER_CHARS ? `${text.slice(0, MAX_ANSWER_CHARS)}…` : text;
}

function describeForward(forward: ForwardReport, paint: Painter): string | undefined {
  switch (forward.kind) {
    case "not_configured":
      return undefined;
    case "skipped":
      return `not forwarded to ${forward.target.href} (the delivery was refused)`;
    case "done": {
      const { outcome, target } = forward;
      if (outcome.kind === "failed") {
        const what = outcome.reason === "timed_out" ? "timed out" : "is unreachable";
        return paint.red(`to ${target.href}: the app ${what} (${outcome.message})`);
      }
      const status = isSuccessStatus(outcome.status) ? paint.green : paint.red;
      const body = excerpt(outcome.body);
      return `to ${target.href}: the app answered ${status(String(outcome.status))} in ${outcome.durationMs} ms${
        body === "" ? "" : ` ${paint.dim(body)}`
      }`;
    }
  }
}

/** One block of text for one delivery, as `listen` prints it. */
export function formatDeliveryReport(report: DeliveryReport, bodyText: string, paint: Painter): string {
  const envelope = report.inspection.envelope;
  const headerEvent = header(report, "x-voicehire-event");
  const event = envelope?.event ?? headerEvent ?? "(no event type)";
  const mismatch =
    headerEvent !== undefined && envelope?.event !== undefined && headerEvent !== envelope.event;
  const title = `── ${report.receivedAt.toISOString()}  POST ${report.path} `;
  const headerLines = [...report.headers].flatMap(([name, values]) =>
    values.map((value) => `${name}: ${value}`),
  );
  const [bodyLabel, bodyValue] = describeBody(report, bodyText);
  const forwarded = describeForward(report.forward, paint);
  const answerColor = isSuccessStatus(report.answeredStatus) ? paint.green : paint.red;
  const lines = [
    paint.bold(title.padEnd(78, "─")),
    row(
      "event",
      paint.bold(event) + (mismatch ? paint.red(` (but X-VoiceHire-Event says ${headerEvent})`) : ""),
    ),
    row("id", envelope?.id ?? header(report, "x-voicehire-event-id") ?? "(none)"),
    row("happened", envelope?.timestamp ?? "(no timestamp)"),
    row("attempt", header(report, "x-voicehire-attempt") ?? "(no X-VoiceHire-Attempt header)"),
    row("test", describeTest(report, paint)),
    row("signature", describeVerification(report.inspection.verification, report.keyLabels, paint)),
    row("headers", headerLines.length === 0 ? "(none)" : paint.dim(headerLines.join("\n"))),
    row(bodyLabel, bodyValue),
    ...(forwarded === undefined ? [] : [row("forwarded", forwarded)]),
    row("answered", `${answerColor(String(report.answeredStatus))} ${excerpt(report.answeredBody)}`),
  ];
  return lines.join("\n");
}
