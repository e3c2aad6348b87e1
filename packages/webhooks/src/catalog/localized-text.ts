/** A text in French (the source document's language) and English. */
export interface LocalizedText {
  readonly fr: string;
  readonly en: string;
}
