import { type ComponentChildren, createContext } from "preact";
import { useContext, useEffect, useMemo, useState } from "preact/hooks";
import { createFormatters, type Formatters } from "./formatters";
import { type Language, storedLanguage, storeLanguage } from "./language";
import { type MessageKey, type MessageParams, type PluralKey, plural, translate } from "./translate";

export interface I18n {
  readonly language: Language;
  setLanguage(language: Language): void;
  t(key: MessageKey, params?: MessageParams): string;
  tn(base: PluralKey, count: number, params?: MessageParams): string;
  readonly format: Formatters;
}

const I18nContext = createContext<I18n | null>(null);

function localStorageOrUndefined(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/** Provides the chosen language to the page; keeps `<html lang>` and the document title in step. */
export function I18nProvider(props: { readonly children: ComponentChildren }) {
  const [language, setLanguageState] = useState<Language>(() => storedLanguage(localStorageOrUndefined()));
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const value = useMemo<I18n>(
    () => ({
      language,
      setLanguage(next) {
        storeLanguage(localStorageOrUndefined(), next);
        setLanguageState(next);
      },
      t: (key, params) => translate(language, key, params),
      tn: (base, count, params) => plural(language, base, count, params),
      format: createFormatters(language),
    }),
    [language],
  );
  return <I18nContext.Provider value={value}>{props.children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (value === null) throw new Error("@voicehire/dashboard: useI18n outside I18nProvider");
  return value;
}
