import type { JsonSchema } from "../schema/json-schema.js";
import type { EventDataMap } from "./event-data.js";
import { eventSamples, sampleTimestamps } from "./event-samples.js";
import { eventSchemas } from "./event-schemas.js";
import type { EventType } from "./event-types.js";
import type { LocalizedText } from "./localized-text.js";

/** The document's sections: Campagnes, Candidats, Entretiens, Crédits. */
export const EVENT_GROUPS = ["campaigns", "candidates", "interviews", "credits"] as const;

export type EventGroup = (typeof EVENT_GROUPS)[number];

export const eventGroupTitles: { readonly [G in EventGroup]: LocalizedText } = Object.freeze({
  campaigns: { fr: "Campagnes", en: "Campaigns" },
  candidates: { fr: "Candidats", en: "Candidates" },
  interviews: { fr: "Entretiens", en: "Interviews" },
  credits: { fr: "Crédits", en: "Credits" },
});

export interface EventCatalogEntry<T extends EventType = EventType> {
  readonly type: T;
  readonly group: EventGroup;
  /** `fr` is the source document's own sentence; `en` its translation. */
  readonly description: LocalizedText;
  /** The JSON Schema (2020-12 subset) of the event's `data`. */
  readonly schema: JsonSchema;
  /** The source document's example `data`, verbatim. */
  readonly sample: EventDataMap[T];
  /** The source document's example `timestamp`. */
  readonly sampleTimestamp: string;
}

export type EventCatalog = { readonly [T in EventType]: EventCatalogEntry<T> };

function entry<T extends EventType>(
  type: T,
  group: EventGroup,
  fr: string,
  en: string,
): EventCatalogEntry<T> {
  return {
    type,
    group,
    description: { fr, en },
    schema: eventSchemas[type],
    sample: eventSamples[type],
    sampleTimestamp: sampleTimestamps[type],
  };
}

function deepFreeze<V>(value: V): V {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Every event type with its group, description, data schema and sample. Deeply frozen. */
export const eventCatalog: EventCatalog = deepFreeze({
  "campaign.created": entry(
    "campaign.created",
    "campaigns",
    "Déclenché lors de la création d’une nouvelle campagne.",
    "Triggered when a new campaign is created.",
  ),
  "campaign.status_changed": entry(
    "campaign.status_changed",
    "campaigns",
    "Déclenché lorsque le statut d’une campagne change.",
    "Triggered when a campaign’s status changes.",
  ),
  "candidate.added": entry(
    "candidate.added",
    "candidates",
    "Déclenché lorsqu’un candidat est ajouté à une campagne.",
    "Triggered when a candidate is added to a campaign.",
  ),
  "candidate.sourced": entry(
    "candidate.sourced",
    "candidates",
    "Déclenché lorsqu’un candidat est sourcé via SMS.",
    "Triggered when a candidate is sourced via SMS.",
  ),
  "candidate.interview.started": entry(
    "candidate.interview.started",
    "interviews",
    "Déclenché lorsqu’un entretien téléphonique commence.",
    "Triggered when a phone interview starts.",
  ),
  "candidate.interview.completed": entry(
    "candidate.interview.completed",
    "interviews",
    "Déclenché lorsqu’un entretien est terminé avec succès.",
    "Triggered when an interview is completed successfully.",
  ),
  "candidate.interview.completed.extended": entry(
    "candidate.interview.completed.extended",
    "interviews",
    "Version étendue avec les réponses détaillées (optionnel).",
    "Extended version with the detailed responses (optional).",
  ),
  "candidate.interview.failed": entry(
    "candidate.interview.failed",
    "interviews",
    "Déclenché lorsqu’un entretien échoue ou est incomplet.",
    "Triggered when an interview fails or is incomplete.",
  ),
  "credits.low": entry(
    "credits.low",
    "credits",
    "Déclenché lorsque vos crédits passent sous le seuil configuré (par défaut 10).",
    "Triggered when your credits fall below the configured threshold (10 by default).",
  ),
  "credits.depleted": entry(
    "credits.depleted",
    "credits",
    "Déclenché lorsque vos crédits sont épuisés.",
    "Triggered when your credits run out.",
  ),
});
