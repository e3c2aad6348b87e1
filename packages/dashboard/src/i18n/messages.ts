import type { Language } from "./language";
import { catalogEn } from "./messages-catalog-en";
import { catalogFr } from "./messages-catalog-fr";
import { en } from "./messages-en";
import { fr } from "./messages-fr";

/** Every text of the dashboard by language: the main dictionaries plus the event catalog page's. */
export type MessageKey = keyof typeof fr | keyof typeof catalogFr;

export const messages: { readonly [L in Language]: { readonly [K in MessageKey]: string } } = {
  fr: { ...fr, ...catalogFr },
  en: { ...en, ...catalogEn },
};
