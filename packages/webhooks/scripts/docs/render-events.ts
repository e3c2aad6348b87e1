import {
  EVENT_GROUPS,
  EVENT_TYPES,
  type EventType,
  eventCatalog,
  eventGroupTitles,
  type WebhookEnvelope,
} from "../../src/index.js";
import { both, codeBlock, type DocLanguage, markdownTable, pick } from "./doc-language.js";
import { fieldRows, valueMeaningsOf } from "./field-rows.js";

/** The `id` shown in every sample envelope (real ids have this shape, and differ per event). */
export const SAMPLE_EVENT_ID = "evt_01HMBAQ3X4ZPZ8W6K2V7R9T5YC";

const text = {
  title: both("Événements", "Events"),
  intro: both(
    "Chaque événement ci-dessous donne la description, les champs de `data` et un exemple d’enveloppe complète (indentée ici ; les livraisons sont du JSON compact). Tous les champs listés sont toujours présents, et aucun autre champ n’est envoyé. Un endpoint ne reçoit que les types d’événements qu’il a sélectionnés.",
    "Each event below has its description, the fields of its `data`, and a sample of the whole envelope (indented here; deliveries are compact JSON). Every listed field is always present, and no other field is ever sent. An endpoint receives only the event types it selected.",
  ),
  fieldsHead: [both("Champ", "Field"), both("Type", "Type"), both("Description", "Description")],
  fields: both("Champs de `data` :", "Fields of `data`:"),
  sample: both("Exemple :", "Sample:"),
  valuesOf: both("Valeurs possibles pour", "Values of"),
  extended: both(
    "Cet événement est dérivé par VoiceHire : un endpoint abonné à `candidate.interview.completed` reçoit l’entretien terminé sans `responses`, un endpoint abonné à `candidate.interview.completed.extended` le reçoit avec les réponses détaillées (et un endpoint abonné aux deux reçoit les deux).",
    "VoiceHire derives this event: an endpoint subscribed to `candidate.interview.completed` gets the completed interview without `responses`; one subscribed to `candidate.interview.completed.extended` gets it with the detailed responses (and one subscribed to both gets both).",
  ),
  creditsLow: both(
    "Envoyé une fois à chaque passage sous le seuil du compte (10 par défaut, réglable), pas à chaque consommation sous le seuil.",
    "Sent once each time the balance crosses below the account’s threshold (10 by default, configurable), not on every use below it.",
  ),
  creditsDepleted: both("Envoyé quand le solde atteint 0.", "Sent when the balance reaches 0."),
} as const;

const notes: Partial<Record<EventType, typeof text.extended>> = {
  "candidate.interview.completed.extended": text.extended,
  "credits.low": text.creditsLow,
  "credits.depleted": text.creditsDepleted,
};

/** The sample envelope of `type`: the source document's example with an `id`, as it is sent. */
export function sampleEnvelope<T extends EventType>(type: T): WebhookEnvelope<T> {
  const entry = eventCatalog[type];
  return {
    id: SAMPLE_EVENT_ID,
    event: type,
    timestamp: new Date(entry.sampleTimestamp).toISOString(),
    data: entry.sample,
  };
}

function renderEvent(type: EventType, language: DocLanguage): string {
  const entry = eventCatalog[type];
  const rows = fieldRows(entry.schema, language).map((row) => [`\`${row.name}\``, row.type, row.description]);
  const note = notes[type];
  return [
    `#### \`${type}\``,
    pick(entry.description, language),
    ...(note === undefined ? [] : [pick(note, language)]),
    pick(text.fields, language),
    markdownTable(
      text.fieldsHead.map((head) => pick(head, language)),
      rows,
    ),
    ...valueMeaningsOf(entry.schema, language).map(({ field, values }) =>
      [
        `${pick(text.valuesOf, language)} \`${field}\`${language === "fr" ? " :" : ":"}`,
        "",
        ...values.map(({ value, meaning }) => `- \`${value}\`${language === "fr" ? " :" : ":"} ${meaning}`),
      ].join("\n"),
    ),
    pick(text.sample, language),
    codeBlock("json", JSON.stringify(sampleEnvelope(type), null, 2)),
  ].join("\n\n");
}

/** The events section: every event of the catalog, grouped as the source document groups them. */
export function renderEvents(language: DocLanguage): string {
  const groups = EVENT_GROUPS.map((group) => {
    const types = EVENT_TYPES.filter((type) => eventCatalog[type].group === group);
    return [
      `### ${pick(eventGroupTitles[group], language)}`,
      ...types.map((type) => renderEvent(type, language)),
    ].join("\n\n");
  });
  return [`## ${pick(text.title, language)}`, pick(text.intro, language), ...groups].join("\n\n");
}
