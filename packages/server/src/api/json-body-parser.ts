import type { FastifyInstance } from "fastify";
import { mayHoldUnstorableText } from "../domain/storable-text.js";
import { ProblemError, problem } from "./problem.js";

/** Parsed bodies whose text spelled nothing a store cannot keep (`mayHoldUnstorableText`). */
const storableBodies = new WeakSet<object>();

/** Whether `body` was parsed from text known to hold only storable text: nothing in it to look for. */
export function isKnownStorable(body: unknown): boolean {
  return typeof body === "object" && body !== null && storableBodies.has(body);
}

/**
 * The only request bodies the API reads are JSON (`application/json`, or any `application/*+json`).
 * Every other content type answers 415 (fastify's own check, mapped by the error handler); an empty
 * body parses to `undefined`, so that each route decides whether it needs one (400 naming `body`);
 * malformed JSON answers 400 `invalid_json` with the parser's reason.
 */
export function useJsonBodyParser(app: FastifyInstance, bodyLimitBytes: number): void {
  app.removeAllContentTypeParsers();
  const parse = (
    _request: unknown,
    body: string | Buffer,
    done: (error: Error | null, body?: unknown) => void,
  ) => {
    const text = typeof body === "string" ? body : body.toString("utf8");
    if (text.trim() === "") {
      done(null, undefined);
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      done(
        new ProblemError(
          problem(400, "invalid_json", `the request body is not valid JSON: ${reason}`, [
            { field: "body", message: `is not valid JSON: ${reason}` },
          ]),
        ),
      );
      return;
    }
    if (typeof parsed === "object" && parsed !== null && !mayHoldUnstorableText(text)) {
      storableBodies.add(parsed);
    }
    done(null, parsed);
  };
  const options = { parseAs: "string" as const, bodyLimit: bodyLimitBytes };
  app.addContentTypeParser("application/json", options, parse);
  app.addContentTypeParser(/^application\/[a-z0-9.+-]+\+json$/i, options, parse);
}
