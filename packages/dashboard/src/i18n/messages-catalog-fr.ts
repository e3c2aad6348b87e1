/** The event catalog page's texts in French (messages-catalog-en.ts must have every key). */
export const catalogFr = {
  "nav.catalog": "Événements",
  "catalog.title": "Catalogue des événements",
  "catalog.intro":
    "Les types d’événements que VoiceHire envoie à vos endpoints, groupés comme dans la documentation. Chaque webhook est une enveloppe JSON : id (clé d’idempotence, la même à chaque nouvel essai), event (le type), timestamp (quand l’événement a eu lieu, ISO 8601 UTC) et data, décrit ci-dessous.",
  "catalog.contents": "Sommaire",
  "catalog.fields": "Champs de data",
  "catalog.col_field": "Champ",
  "catalog.col_type": "Type",
  "catalog.col_description": "Description",
  "catalog.required": "obligatoire",
  "catalog.optional": "facultatif",
  "catalog.one_of": "Valeurs possibles :",
  "catalog.minimum": "au moins {min}",
  "catalog.format_date": "date AAAA-MM-JJ",
  "catalog.format_uri": "URL absolue",
  "catalog.format_date_time": "date et heure ISO 8601",
  "catalog.non_empty": "non vide",
  "catalog.sample": "Exemple de webhook",
  "catalog.copy_sample": "Copier l’exemple",
  "catalog.copy_sample_label": "Copier l’exemple {type}",
  "catalog.descriptions_in_english":
    "Les descriptions des champs sont en anglais, comme le schéma JSON publié.",
} as const;
