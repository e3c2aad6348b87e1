/**
 * The `candidate.interview.completed.extended` rule (a derived event), as pure
 * code: the platform publishes one completed interview, with its `responses` when it has them;
 * endpoints of the plain event get it without `responses`, endpoints of `.extended` get them (`[]`
 * when none were given).
 */
export const COMPLETED_EVENT = "candidate.interview.completed";
export const EXTENDED_EVENT = "candidate.interview.completed.extended";

export interface InterviewEventPair {
  readonly plain: Record<string, unknown>;
  readonly extended: Record<string, unknown>;
}

/** The `data` of the plain and the `.extended` events, from the published completed interview's. */
export function deriveExtendedInterviewEvent(published: Record<string, unknown>): InterviewEventPair {
  const { responses, ...plain } = published;
  return { plain, extended: { ...plain, responses: responses ?? [] } };
}
