/**
 * The logging the core needs: structured fields first, then a message (pino's shape, which satisfies
 * it). Never pass a secret, an API key or a request's Authorization header in the fields.
 */
export interface Logger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
