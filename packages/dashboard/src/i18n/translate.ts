import type { Language } from "./language";
import { type MessageKey, messages } from "./messages";

export type { MessageKey };
export type MessageParams = Readonly<Record<string, string | number>>;

const CATALOGS = messages;

/**
 * The text of `key` in `language`, with `{name}` placeholders replaced. Numbers in params are
 * formatted for the language. Plural forms live under `key.one` / `key.other` (see `plural`).
 */
export function translate(language: Language, key: MessageKey, params?: MessageParams): string {
  const template = CATALOGS[language][key];
  if (params === undefined) return template;
  const numbers = new Intl.NumberFormat(language);
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === "number" ? numbers.format(value) : value;
  });
}

/** Keys that have `.one` and `.other` forms. */
export type PluralKey = {
  [K in MessageKey]: K extends `${infer B}.one` ? (`${B}.other` extends MessageKey ? B : never) : never;
}[MessageKey];

export function plural(language: Language, base: PluralKey, count: number, params?: MessageParams): string {
  const form = new Intl.PluralRules(language).select(count) === "one" ? "one" : "other";
  return translate(language, `${base}.${form}` as MessageKey, { count, ...params });
}
