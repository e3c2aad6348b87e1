/**
 * An operator mistake the CLI reports as one line on stderr (no stack trace) with a non-zero exit:
 * a busy port, a missing folder, a data folder held by another process, a missing setting.
 */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CliError";
  }
}

const PREFIX = "voicehire-webhooks: ";

/**
 * The one line printed for a failure: the message, prefixed once with the command's name. Errors the
 * CLI did not anticipate are shown the same way (their stack only with VOICEHIRE_LOG_LEVEL=debug).
 */
export function describeCliFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const text = message.startsWith(PREFIX) ? message.slice(PREFIX.length) : message;
  return PREFIX + text.replace(/\s*\n\s*/g, " ").trim();
}
