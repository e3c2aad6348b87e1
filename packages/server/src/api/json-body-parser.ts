import type { FastifyInstance } from "fastify";
import { ProblemError, problem } from "./problem.js";

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
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      done(
        new ProblemError(
          problem(400, "invalid_json", `the request body is not valid JSON: ${reason}`, [
            { field: "body", message: `is not valid JSON: ${reason}` },
          ]),
        ),
      );
    }
  };
  const options = { parseAs: "string" as const, bodyLimit: bodyLimitBytes };
  app.addContentTypeParser("application/json", options, parse);
  app.addContentTypeParser(/^application\/[a-z0-9.+-]+\+json$/i, options, parse);
}
