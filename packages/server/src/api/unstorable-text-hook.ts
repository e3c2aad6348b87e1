import type { FastifyInstance, FastifyRequest } from "fastify";
import { findUnstorableText, type UnstorableText } from "../domain/find-unstorable-text.js";
import { isKnownStorable } from "./json-body-parser.js";
import { fieldProblem, type Problem, sendProblem } from "./problem.js";

/**
 * The one place where text that a store cannot keep (U+0000, lone surrogates) is refused: every
 * route's path parameters (400, the URL is malformed), query parameters and parsed JSON body (422, like
 * any invalid field), before any handler runs, so nothing is half-written and both stores answer alike.
 */
function problemFor(found: UnstorableText, fallback: string, status: 400 | 422): Problem {
  // The root value itself, or a wildcard's rest of the path (`/dashboard/*`), is named by its place.
  const field = found.field === "" || found.field === '["*"]' ? fallback : found.field;
  return fieldProblem(status, status === 400 ? "invalid_request" : "validation_failed", field, found.message);
}

function unstorableTextProblem(request: FastifyRequest): Problem | undefined {
  const inPath = findUnstorableText(request.params, "");
  if (inPath !== undefined) return problemFor(inPath, "path", 400);
  const inQuery = findUnstorableText(request.query, "");
  if (inQuery !== undefined) return problemFor(inQuery, "query", 422);
  // A body whose text spelled nothing unstorable is not walked (json-body-parser.ts): the walk named
  // every field of every event of a batch.
  const inBody = isKnownStorable(request.body) ? undefined : findUnstorableText(request.body, "");
  return inBody === undefined ? undefined : problemFor(inBody, "body", 422);
}

export function refuseUnstorableText(app: FastifyInstance): void {
  // Called back, not async: it runs on every request, and a promise per request buys nothing here.
  app.addHook("preValidation", (request, reply, done) => {
    const refused = unstorableTextProblem(request);
    // Answering ends the request: `done` is called only to let it go on.
    if (refused === undefined) done();
    else sendProblem(reply, refused);
  });
}
