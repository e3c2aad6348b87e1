import type { FailureReason } from "./event-data.js";
import type { LocalizedText } from "./localized-text.js";

/** The meaning of each `failure_reason`, as the source document lists them (fr) and translated (en). */
export const failureReasonDescriptions: { readonly [R in FailureReason]: LocalizedText } = Object.freeze({
  voicemail: Object.freeze({
    fr: "Le candidat n’a pas décroché, messagerie vocale",
    en: "The candidate did not pick up; voicemail",
  }),
  no_answer: Object.freeze({ fr: "Pas de réponse du candidat", en: "No answer from the candidate" }),
  user_hangup: Object.freeze({
    fr: "Le candidat a raccroché pendant l’entretien",
    en: "The candidate hung up during the interview",
  }),
  technical_error: Object.freeze({
    fr: "Erreur technique pendant le traitement",
    en: "Technical error during processing",
  }),
});
