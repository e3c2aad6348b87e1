import type { catalogFr } from "./messages-catalog-fr";

/** The event catalog page's texts in English; the type makes a missing or extra key a compile error. */
export const catalogEn: { readonly [K in keyof typeof catalogFr]: string } = {
  "nav.catalog": "Events",
  "catalog.title": "Event catalog",
  "catalog.intro":
    "The event types VoiceHire sends to your endpoints, grouped as in the documentation. Every webhook is a JSON envelope: id (the idempotency key, the same on every retry), event (the type), timestamp (when the event happened, ISO 8601 UTC) and data, described below.",
  "catalog.contents": "Contents",
  "catalog.fields": "Fields of data",
  "catalog.col_field": "Field",
  "catalog.col_type": "Type",
  "catalog.col_description": "Description",
  "catalog.required": "required",
  "catalog.optional": "optional",
  "catalog.one_of": "Possible values:",
  "catalog.minimum": "at least {min}",
  "catalog.format_date": "date YYYY-MM-DD",
  "catalog.format_uri": "absolute URL",
  "catalog.format_date_time": "ISO 8601 date and time",
  "catalog.non_empty": "not empty",
  "catalog.sample": "Sample webhook",
  "catalog.copy_sample": "Copy the sample",
  "catalog.copy_sample_label": "Copy the {type} sample",
  "catalog.descriptions_in_english": "Field descriptions are in English, as in the published JSON Schema.",
};
